#pragma once
// A counter-based random generator: the value at global element i depends only on (seed, i),
// never on which chunk or thread computes it. That is what makes every chunking, every thread
// count, both schedulers and the eager twin give bitwise identical random arrays.
//
// The mixing function is SplitMix64's (Steele, Lea and Flood, "Fast splittable pseudorandom
// number generators", OOPSLA 2014): element i of stream `key` is the generator's output after
// i + 1 steps from state `key`. It is a few multiplies and shifts, so the chunk loop vectorises
// (AVX-512 has 64-bit multiplies). Statistical quality: see docs/random.md (dieharder).

#include <dagarray/core/splitmix.hpp>

#include <cstdint>

namespace dagarray::detail {

using core::kGolden;
using core::splitmix64;

/// @brief The stream a seed selects; mixed so that nearby seeds give unrelated streams.
constexpr std::uint64_t stream_key(std::uint64_t seed) {
  return splitmix64(seed ^ 0x5eed5eed5eedULL);
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

}  // namespace dagarray::detail
