#pragma once
// SplitMix64's output function (Steele, Lea and Flood, "Fast splittable pseudorandom number
// generators", OOPSLA 2014): a bijective 64-bit mix of a few multiplies and shifts. The one home
// of it: layer names hash with it (token.cpp) and the counter-based random arrays draw with it
// (array/counter_rng.hpp).

#include <dagarray/core/kernel_namespace.hpp>

#include <cstdint>

namespace dagarray::core {

/// @brief The golden-ratio increment SplitMix64 steps its state by.
inline constexpr std::uint64_t kGolden = 0x9e3779b97f4a7c15ULL;

// One copy per instruction-set level (kernel_namespace.hpp says why).
inline namespace DAGARRAY_KERNEL_NAMESPACE {

constexpr std::uint64_t splitmix64(std::uint64_t z) {
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

}  // namespace DAGARRAY_KERNEL_NAMESPACE

}  // namespace dagarray::core
