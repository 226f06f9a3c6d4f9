#pragma once
// A counter-based random generator: the value at global element i depends only on (seed, i),
// never on which chunk or thread computes it. That is what makes every chunking, every thread
// count, both schedulers and the eager twin give bitwise identical random arrays.
//
// The mixing function is SplitMix64's (Steele, Lea and Flood, "Fast splittable pseudorandom
// number generators", OOPSLA 2014): element i of stream `key` is the generator's output after
// i + 1 steps from state `key`. It is a few multiplies and shifts, so the chunk loop vectorises
// (AVX-512 has 64-bit multiplies; random_kernels.hpp picks the CPU's best compiled loop). Below the
// generator, one formula per distribution turns the bits of element i into its sample; the lazy
// blocks and the eager loops both call it, so they round alike. Statistical quality: see
// docs/random.md (dieharder).

#include <dagarray/core/splitmix.hpp>

#include <cmath>
#include <concepts>
#include <cstdint>

namespace dagarray::detail {

using core::kGolden;
using core::splitmix64;

/// @brief Each distribution draws from its own stream, so normal and uniform arrays made with one
/// seed are unrelated rather than two views of the same bits.
enum class Distribution : std::uint64_t { uniform = 0, normal = 1, integers = 2 };

/// @brief The integers low, low + 1, ..., low + width - 1 (width >= 1, up to 2^64 - 1 wide).
/// `rejected` = 2^64 mod width: of the 2^64 draws, that many are thrown away so that every
/// integer of the range is hit by the same number of the rest (Lemire, "Fast random integer
/// generation in an interval", ACM TOMACS 2019).
struct IntegerRange {
  std::uint64_t low;
  std::uint64_t width;
  std::uint64_t rejected;
};

/// @brief The 128-bit product bits * width as its high and low words. Built from 32-bit halves,
/// which vector units multiply (a 128-bit integer product would keep the loop scalar).
struct WideProduct {
  std::uint64_t high;
  std::uint64_t low;
};

// The functions, one copy per instruction-set level (core/kernel_namespace.hpp says why); the
// types above are shared, so every level's kernels take the same arguments.
inline namespace DAGARRAY_KERNEL_NAMESPACE {

/// @brief The stream a seed selects; mixed so that nearby seeds give unrelated streams. The
/// uniform stream is the original one; the others remix its key, non-linearly, because a key
/// that differed by a multiple of kGolden would be the same stream shifted.
constexpr std::uint64_t stream_key(std::uint64_t seed,
                                   Distribution distribution = Distribution::uniform) {
  const auto key = splitmix64(seed ^ 0x5eed5eed5eedULL);
  if (distribution == Distribution::uniform) return key;
  return splitmix64(key ^ (static_cast<std::uint64_t>(distribution) * 0xd1b54a32d192ed03ULL));
}

/// @brief 64 random bits for element `index` of stream `key`.
constexpr std::uint64_t random_bits(std::uint64_t key, std::uint64_t index) {
  return splitmix64(key + (index + 1) * kGolden);
}

/// @brief Uniform in [0, 1): the top 53 (double) or 24 (float) bits as a binary fraction.
template <class T>
constexpr T unit_interval(std::uint64_t bits) {
  if constexpr (sizeof(T) == 8) {
    return static_cast<T>(static_cast<std::int64_t>(bits >> 11)) * T(0x1.0p-53);
  } else {
    return static_cast<T>(static_cast<std::int32_t>(bits >> 40)) * T(0x1.0p-24f);
  }
}

/// @brief a * b + c rounded once. The builtins rather than std::fma, whose float overload is an
/// inline function of the standard library: one level's copy of it could serve every caller.
template <std::floating_point T>
inline T fused_multiply_add(T a, T b, T c) {
  if constexpr (std::same_as<T, float>) {
    return __builtin_fmaf(a, b, c);
  } else if constexpr (std::same_as<T, double>) {
    return __builtin_fma(a, b, c);
  } else {
    return __builtin_fmal(a, b, c);
  }
}

/// @brief Element `index` of the stream `key`, uniform in [low, low + scale). The explicit fma
/// rounds once in every caller and build: left to the compiler, `low + scale * u` is fused
/// under -march=native and not without it, or in one inlined context and not in another, and
/// the same seed would give different last bits. (These are the values a fused build gave.)
template <std::floating_point T>
inline T uniform_at(std::uint64_t key, std::uint64_t index, T low, T scale) {
  return fused_multiply_add(scale, unit_interval<T>(random_bits(key, index)), low);
}

/// @brief Element `index` of the normal stream `key`: Box-Muller from the two uniforms at
/// counters 2 index and 2 index + 1, in double whatever T is (a float keeps the tails a double
/// reaches, out to 8.57 standard deviations). The radius's uniform is in (0, 1], so log never
/// sees 0. The fma rounds once, as uniform_at's does.
template <std::floating_point T>
inline T normal_at(std::uint64_t key, std::uint64_t index, double mean, double stddev) {
  constexpr double kTwoPi = 6.283185307179586476925286766559;
  const auto radius_bits = random_bits(key, 2 * index);
  const auto angle_bits = random_bits(key, 2 * index + 1);
  const double u =
      static_cast<double>(static_cast<std::int64_t>(radius_bits >> 11) + 1) * 0x1.0p-53;
  const double z =
      std::sqrt(-2.0 * std::log(u)) * std::cos(kTwoPi * unit_interval<double>(angle_bits));
  return static_cast<T>(fused_multiply_add(stddev, z, mean));
}

/// @brief [low, high) with low < high; the width is computed unsigned, since high - low can
/// overflow int64.
constexpr IntegerRange integer_range(std::int64_t low, std::int64_t high) {
  const auto width = static_cast<std::uint64_t>(high) - static_cast<std::uint64_t>(low);
  return {static_cast<std::uint64_t>(low), width, (std::uint64_t{0} - width) % width};
}

constexpr WideProduct wide_product(std::uint64_t a, std::uint64_t b) {
  constexpr std::uint64_t kLow32 = 0xffffffffULL;
  const auto a0 = a & kLow32, a1 = a >> 32, b0 = b & kLow32, b1 = b >> 32;
  const auto p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0, p11 = a1 * b1;
  const auto middle = (p00 >> 32) + (p01 & kLow32) + (p10 & kLow32);
  return {p11 + (p01 >> 32) + (p10 >> 32) + (middle >> 32), (middle << 32) | (p00 & kLow32)};
}

/// @brief The stream a rejected draw retries from: attempt a of element i reads counter i of
/// stream a, so the redraw too depends only on (seed, i).
constexpr std::uint64_t retry_key(std::uint64_t key, std::uint64_t attempt) {
  return splitmix64(key ^ (attempt * kGolden));
}

/// @brief Element `index` of the integers stream `key`, uniform on the range: the high word of
/// bits * width, redrawn while the low word falls among the `rejected` values. A redraw is
/// rare (probability below width / 2^64) except for ranges wider than 2^63, where it stays
/// below one half.
constexpr std::int64_t integer_at(std::uint64_t key, std::uint64_t index,
                                  const IntegerRange& range) {
  auto draw = wide_product(random_bits(key, index), range.width);
  for (std::uint64_t attempt = 1; draw.low < range.rejected; ++attempt) {
    draw = wide_product(random_bits(retry_key(key, attempt), index), range.width);
  }
  return static_cast<std::int64_t>(range.low + draw.high);
}

}  // namespace DAGARRAY_KERNEL_NAMESPACE

}  // namespace dagarray::detail
