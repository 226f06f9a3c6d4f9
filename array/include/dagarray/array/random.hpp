#pragma once
// Random arrays, lazy (da::random) and eager (da::eager::random), from one counter-based
// generator: an element's value depends only on the seed and its position in the array.

#include <dagarray/array/array.hpp>
#include <dagarray/array/counter_rng.hpp>
#include <dagarray/array/layers.hpp>
#include <dagarray/core/token.hpp>
#include <dagarray/scheduler/parallel_for.hpp>

#include <cmath>
#include <concepts>

namespace dagarray {

namespace detail {

template <std::floating_point T>
void check_uniform_bounds(std::string_view fn, double low, double high) {
  if (!std::isfinite(low)) invalid(fn, "low", low, "must be finite");
  if (!std::isfinite(high)) invalid(fn, "high", high, "must be finite");
  if (!(low < high)) invalid(fn, "low", low, "must be less than high = " + value_string(high));
}

/// @brief Element `index` of the stream `key`, uniform in [low, low + scale). The one formula
/// both the lazy blocks and the eager array use, so they round alike bit for bit.
template <std::floating_point T>
inline T uniform_at(std::uint64_t key, std::uint64_t index, T low, T scale) {
  return low + scale * unit_interval<T>(random_bits(key, index));
}

/// @brief Fills the box at `origin` of shape `block` of an array of shape `whole`, row by row:
/// each row's elements are consecutive in the global row-major order. Called per tile by fused
/// tasks, so it allocates nothing.
template <std::floating_point T>
void fill_uniform(T* out, const core::Shape& whole, const core::Shape& origin,
                  const core::Shape& block, std::uint64_t key, T low, T scale) {
  const auto ndim = whole.size();
  const std::int64_t row = ndim == 0 ? 1 : block.back();
  const std::int64_t rows = row == 0 ? 0 : core::shape_size(block) / row;
  for (std::int64_t r = 0; r < rows; ++r) {
    // The global index of this row's first element, from the row's position in the box.
    std::uint64_t first = ndim == 0 ? 0 : static_cast<std::uint64_t>(origin.back());
    std::uint64_t stride = ndim == 0 ? 1 : static_cast<std::uint64_t>(whole.back());
    std::int64_t rest = r;
    for (std::size_t axis = ndim == 0 ? 0 : ndim - 1; axis-- > 0;) {
      const auto at = origin[axis] + rest % block[axis];
      rest /= block[axis];
      first += static_cast<std::uint64_t>(at) * stride;
      stride *= static_cast<std::uint64_t>(whole[axis]);
    }
    T* dst = out + r * row;
    for (std::int64_t j = 0; j < row; ++j) {
      dst[j] = uniform_at(key, first + static_cast<std::uint64_t>(j), low, scale);
    }
  }
}

}  // namespace detail

namespace random {

/// @brief Lazy array of samples uniform in [low, high), as dask.array.random.uniform.
/// Bitwise the same for any chunking and scheduler, and equal to eager::random::uniform.
/// @code{.cpp}
/// auto pts = da::random::uniform(-1.0, 1.0, {2, n}, {2, 1'000'000}, 42);
/// @endcode
template <std::floating_point T = double>
Array<T> uniform(double low, double high, core::Shape shape, core::Shape chunks,
                 std::uint64_t seed = 0) {
  constexpr std::string_view fn = "random::uniform";
  detail::check_uniform_bounds<T>(fn, low, high);
  auto normalized = detail::normalize_chunks(fn, shape, chunks);
  const auto name = core::Tokenizer()
                        .add("uniform")
                        .add(dtype_name_of<T>())
                        .add(low)
                        .add(high)
                        .add(seed)
                        .add(std::span<const std::int64_t>(shape))
                        .add(std::span<const std::int64_t>(chunks))
                        .name("uniform");
  const auto key = detail::stream_key(seed);
  const T lo = static_cast<T>(low);
  const T scale = static_cast<T>(high - low);
  auto fill = [shape, key, lo, scale](T* out, const detail::BlockInfo& box) {
    detail::fill_uniform(out, shape, box.origin, box.shape, key, lo, scale);
  };
  return Array<T>(detail::make_source<T>(fill, name, "uniform", std::move(normalized)));
}

}  // namespace random

namespace eager::random {

/// @brief Samples uniform in [low, high), computed now, as numpy.random.uniform; equal
/// element for element to da::random::uniform with the same seed.
template <std::floating_point T = double>
NDArray<T> uniform(double low, double high, core::Shape shape, std::uint64_t seed = 0) {
  constexpr std::string_view fn = "eager::random::uniform";
  detail::check_uniform_bounds<T>(fn, low, high);
  auto out = NDArray<T>::empty(std::move(shape));
  // The whole array: an element's global index is its offset, so any split is exact.
  const auto key = detail::stream_key(seed);
  const T lo = static_cast<T>(low);
  const T scale = static_cast<T>(high - low);
  T* dst = out.data();
  scheduler::parallel_for(out.size(), [&](std::int64_t begin, std::int64_t end) {
    for (auto i = begin; i < end; ++i) {
      dst[i] = detail::uniform_at(key, static_cast<std::uint64_t>(i), lo, scale);
    }
  });
  return out;
}

}  // namespace eager::random

}  // namespace dagarray
