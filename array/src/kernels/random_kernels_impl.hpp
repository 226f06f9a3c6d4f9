#pragma once
// The random row kernels' loops, compiled once per level: each of baseline.cpp, avx2.cpp and
// avx512.cpp sets DAGARRAY_KERNEL_NAMESPACE, includes this, and is compiled with its level's
// -march (array/CMakeLists.txt). Nothing here may instantiate a template it shares with other
// translation units (a std:: container, say): the linker would keep one level's copy for all.
// The formulas are counter_rng.hpp's, with std::fma spelled out, so every level rounds alike.

#ifndef DAGARRAY_KERNEL_NAMESPACE
#error "a level's translation unit defines DAGARRAY_KERNEL_NAMESPACE before including this"
#endif

#include <dagarray/array/counter_rng.hpp>
#include <dagarray/array/random_kernels.hpp>

#include <cstdint>

namespace dagarray::detail {
inline namespace DAGARRAY_KERNEL_NAMESPACE {
namespace {

template <class T>
void uniform_row(T* dst, std::uint64_t key, std::uint64_t first, std::int64_t count, T low, T scale,
                 bool halved) {
  if (halved) {
    for (std::int64_t j = 0; j < count; ++j) {
      dst[j] = T{2} * uniform_at(key, first + static_cast<std::uint64_t>(j), low, scale);
    }
    return;
  }
  for (std::int64_t j = 0; j < count; ++j) {
    dst[j] = uniform_at(key, first + static_cast<std::uint64_t>(j), low, scale);
  }
}

template <class T>
void normal_row(T* dst, std::uint64_t key, std::uint64_t first, std::int64_t count, double mean,
                double stddev) {
  for (std::int64_t j = 0; j < count; ++j) {
    dst[j] = normal_at<T>(key, first + static_cast<std::uint64_t>(j), mean, stddev);
  }
}

/// Split so the common case vectorises: every element takes its first draw in a branch-free
/// loop that only notes whether any draw was rejected; the rare rejected elements are then
/// redone one by one through integer_at itself.
void integers_row(std::int64_t* dst, std::uint64_t key, std::uint64_t first, std::int64_t count,
                  const IntegerRange& range) {
  // A word, not a bool: GCC vectorises an OR of words but not of bools.
  std::uint64_t any_rejected = 0;
  // Copies, so the compiler need not fear that dst overlaps the range.
  const auto [low, width, rejected] = range;
  for (std::int64_t j = 0; j < count; ++j) {
    const auto draw = wide_product(random_bits(key, first + static_cast<std::uint64_t>(j)), width);
    dst[j] = static_cast<std::int64_t>(low + draw.high);
    any_rejected |= static_cast<std::uint64_t>(draw.low < rejected);
  }
  if (any_rejected == 0) return;
  for (std::int64_t j = 0; j < count; ++j) {
    const auto index = first + static_cast<std::uint64_t>(j);
    if (wide_product(random_bits(key, index), width).low < rejected) {
      dst[j] = integer_at(key, index, range);
    }
  }
}

}  // namespace

/// This level's table; a constant, so it has internal linkage like the kernels.
constexpr RandomKernels kLevelRandomKernels{
    uniform_row<double>, uniform_row<float>, normal_row<double>, normal_row<float>, integers_row,
};

}  // namespace DAGARRAY_KERNEL_NAMESPACE
}  // namespace dagarray::detail
