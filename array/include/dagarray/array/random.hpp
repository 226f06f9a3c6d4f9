#pragma once
// Random arrays, lazy (da::random) and eager (da::eager::random), from one counter-based
// generator: an element's value depends only on the seed and its position in the array.
//
// Each distribution is a row kernel: it writes `count` consecutive elements starting at a
// global row-major index, through the distribution's formula in counter_rng.hpp. A lazy block
// (or a fused task's tile) is cut into such rows, the eager array into pieces of its flat range;
// both run the same kernel, so every chunking equals the eager twin bit for bit.

#include <dagarray/array/array.hpp>
#include <dagarray/array/counter_rng.hpp>
#include <dagarray/array/layers.hpp>
#include <dagarray/array/random_kernels.hpp>
#include <dagarray/core/token.hpp>
#include <dagarray/scheduler/parallel_for.hpp>

#include <cmath>
#include <concepts>
#include <limits>

namespace dagarray {

namespace detail {

// ---- Argument checks ---------------------------------------------------------------------

template <std::floating_point T>
void check_uniform_bounds(std::string_view fn, double low, double high) {
  if (!std::isfinite(low)) invalid(fn, "low", low, "must be finite");
  if (!std::isfinite(high)) invalid(fn, "high", high, "must be finite");
  if (!(low < high)) invalid(fn, "low", low, "must be less than high = " + value_string(high));
  constexpr double largest = std::numeric_limits<T>::max();
  const auto range = " for " + std::string(dtype_name_of<T>());
  if (std::abs(low) > largest) invalid(fn, "low", low, "is out of range" + range);
  if (std::abs(high) > largest) invalid(fn, "high", high, "is out of range" + range);
}

inline void check_normal_parameters(std::string_view fn, double mean, double stddev) {
  if (!std::isfinite(mean)) invalid(fn, "mean", mean, "must be finite");
  if (!std::isfinite(stddev)) invalid(fn, "stddev", stddev, "must be finite");
  if (stddev < 0) invalid(fn, "stddev", stddev, "must be >= 0");
}

inline void check_integer_bounds(std::string_view fn, std::int64_t low, std::int64_t high) {
  if (low >= high) invalid(fn, "low", low, "must be less than high = " + value_string(high));
}

// ---- Row kernels: elements first, first + 1, ..., first + count - 1 -----------------------

/// Samples low + scale * u; when high - low overflows T (bounds near its largest value), low
/// and scale are halves and each sample is doubled, which is exact, so no other range changes.
/// float and double run the CPU's best compiled loop (random_kernels.hpp); the rows below
/// fall back to the same formula inline only for other types.
template <std::floating_point T>
struct UniformRow {
  std::uint64_t key;
  T low;
  T scale;
  bool halved = false;
  void operator()(T* dst, std::uint64_t first, std::int64_t count) const {
    if constexpr (std::same_as<T, double>) {
      random_kernels().uniform_double(dst, key, first, count, low, scale, halved);
    } else if constexpr (std::same_as<T, float>) {
      random_kernels().uniform_float(dst, key, first, count, low, scale, halved);
    } else {
      for (std::int64_t j = 0; j < count; ++j) {
        const auto sample = uniform_at(key, first + static_cast<std::uint64_t>(j), low, scale);
        dst[j] = halved ? T{2} * sample : sample;
      }
    }
  }
};

template <std::floating_point T>
struct NormalRow {
  std::uint64_t key;
  double mean;
  double stddev;
  void operator()(T* dst, std::uint64_t first, std::int64_t count) const {
    if constexpr (std::same_as<T, double>) {
      random_kernels().normal_double(dst, key, first, count, mean, stddev);
    } else if constexpr (std::same_as<T, float>) {
      random_kernels().normal_float(dst, key, first, count, mean, stddev);
    } else {
      for (std::int64_t j = 0; j < count; ++j) {
        dst[j] = normal_at<T>(key, first + static_cast<std::uint64_t>(j), mean, stddev);
      }
    }
  }
};

/// @brief integer_at over a row (random_kernels.hpp: the CPU's best compiled loop).
struct IntegerRow {
  std::uint64_t key;
  IntegerRange range;
  void operator()(std::int64_t* dst, std::uint64_t first, std::int64_t count) const {
    random_kernels().integers(dst, key, first, count, range);
  }
};

// ---- Filling a lazy box and an eager array -----------------------------------------------

/// @brief Fills the box at `origin` of shape `block` of an array of shape `whole`, row by row:
/// each row's elements are consecutive in the global row-major order. Called per tile by fused
/// tasks, so it allocates nothing.
template <class T, class Row>
void fill_box(T* out, const core::Shape& whole, const core::Shape& origin, const core::Shape& block,
              const Row& fill_row) {
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
    fill_row(out + r * row, first, row);
  }
}

/// @brief The lazy random array whose blocks `fill_row` writes.
template <class T, class Row>
Array<T> random_array(Row fill_row, std::string name, std::string op, core::Shape shape,
                      core::Chunks chunks) {
  auto fill = [shape = std::move(shape), fill_row](T* out, const BlockInfo& box) {
    fill_box(out, shape, box.origin, box.shape, fill_row);
  };
  return Array<T>(make_source<T>(fill, std::move(name), std::move(op), std::move(chunks)));
}

/// @brief The eager random array `fill_row` writes: an element's global index is its offset,
/// so the split into parallel pieces cannot show in the values.
template <class T, class Row>
NDArray<T> random_ndarray(std::string_view fn, const Row& fill_row, core::Shape shape) {
  check_shape(fn, shape);
  auto out = NDArray<T>::empty(std::move(shape));
  T* dst = out.data();
  scheduler::parallel_for(out.size(), [&](std::int64_t begin, std::int64_t end) {
    fill_row(dst + begin, static_cast<std::uint64_t>(begin), end - begin);
  });
  return out;
}

/// @brief The layer name of a random array: its distribution, parameters, seed and layout.
template <class T, class... Parameters>
std::string random_name(std::string_view op, std::uint64_t seed, const core::Shape& shape,
                        const core::Shape& chunks, Parameters... parameters) {
  core::Tokenizer tokens;
  tokens.add(op).add(dtype_name_of<T>());
  (tokens.add(parameters), ...);
  return tokens.add(seed)
      .add(std::span<const std::int64_t>(shape))
      .add(std::span<const std::int64_t>(chunks))
      .name(op);
}

// The row builders ask for the kernels once, so that a wrong DAGARRAY_ISA is reported when the
// array is made rather than from inside a task.

template <std::floating_point T>
UniformRow<T> uniform_row(double low, double high, std::uint64_t seed) {
  (void)random_kernels();
  const auto key = stream_key(seed, Distribution::uniform);
  const auto scale = static_cast<T>(high - low);
  if (std::isfinite(scale)) return {key, static_cast<T>(low), scale};
  const auto half_low = static_cast<T>(low) / T{2};
  return {key, half_low, static_cast<T>(high) / T{2} - half_low, true};
}

template <std::floating_point T>
NormalRow<T> normal_row(double mean, double stddev, std::uint64_t seed) {
  (void)random_kernels();
  return {stream_key(seed, Distribution::normal), mean, stddev};
}

inline IntegerRow integer_row(std::int64_t low, std::int64_t high, std::uint64_t seed) {
  (void)random_kernels();
  return {stream_key(seed, Distribution::integers), integer_range(low, high)};
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
  auto name = detail::random_name<T>("uniform", seed, shape, chunks, low, high);
  return detail::random_array<T>(detail::uniform_row<T>(low, high, seed), std::move(name),
                                 "uniform", std::move(shape), std::move(normalized));
}

/// @brief Lazy array of normal samples with the given mean and standard deviation, as
/// dask.array.random.normal(loc, scale). Bitwise the same for any chunking and scheduler, and
/// equal to eager::random::normal; stddev = 0 gives `mean` everywhere.
/// @code{.cpp}
/// auto noise = da::random::normal(0.0, 0.1, {1000, 1000}, {250, 250}, 7);
/// @endcode
template <std::floating_point T = double>
Array<T> normal(double mean, double stddev, core::Shape shape, core::Shape chunks,
                std::uint64_t seed = 0) {
  constexpr std::string_view fn = "random::normal";
  detail::check_normal_parameters(fn, mean, stddev);
  auto normalized = detail::normalize_chunks(fn, shape, chunks);
  auto name = detail::random_name<T>("normal", seed, shape, chunks, mean, stddev);
  return detail::random_array<T>(detail::normal_row<T>(mean, stddev, seed), std::move(name),
                                 "normal", std::move(shape), std::move(normalized));
}

/// @brief Lazy int64 array of integers uniform in [low, high), unbiased for any range (up to
/// the whole int64 range), as numpy.random.Generator.integers(low, high). Bitwise the same for
/// any chunking and scheduler, and equal to eager::random::integers.
/// @code{.cpp}
/// auto dice = da::random::integers(1, 7, {1'000'000}, {100'000}, 3);
/// @endcode
inline Array<std::int64_t> integers(std::int64_t low, std::int64_t high, core::Shape shape,
                                    core::Shape chunks, std::uint64_t seed = 0) {
  constexpr std::string_view fn = "random::integers";
  detail::check_integer_bounds(fn, low, high);
  auto normalized = detail::normalize_chunks(fn, shape, chunks);
  auto name = detail::random_name<std::int64_t>("integers", seed, shape, chunks, low, high);
  return detail::random_array<std::int64_t>(detail::integer_row(low, high, seed), std::move(name),
                                            "integers", std::move(shape), std::move(normalized));
}

}  // namespace random

namespace eager::random {

/// @brief Samples uniform in [low, high), computed now, as numpy.random.uniform; equal
/// element for element to da::random::uniform with the same seed.
template <std::floating_point T = double>
NDArray<T> uniform(double low, double high, core::Shape shape, std::uint64_t seed = 0) {
  constexpr std::string_view fn = "eager::random::uniform";
  detail::check_uniform_bounds<T>(fn, low, high);
  return detail::random_ndarray<T>(fn, detail::uniform_row<T>(low, high, seed), std::move(shape));
}

/// @brief Normal samples, computed now, as numpy.random.normal(loc, scale); equal element for
/// element to da::random::normal with the same seed.
/// @code{.cpp}
/// auto noise = da::eager::random::normal(0.0, 0.1, {1000, 1000}, 7);
/// @endcode
template <std::floating_point T = double>
NDArray<T> normal(double mean, double stddev, core::Shape shape, std::uint64_t seed = 0) {
  constexpr std::string_view fn = "eager::random::normal";
  detail::check_normal_parameters(fn, mean, stddev);
  return detail::random_ndarray<T>(fn, detail::normal_row<T>(mean, stddev, seed), std::move(shape));
}

/// @brief Integers uniform in [low, high), computed now, as
/// numpy.random.Generator.integers(low, high); equal element for element to
/// da::random::integers with the same seed.
inline NDArray<std::int64_t> integers(std::int64_t low, std::int64_t high, core::Shape shape,
                                      std::uint64_t seed = 0) {
  constexpr std::string_view fn = "eager::random::integers";
  detail::check_integer_bounds(fn, low, high);
  return detail::random_ndarray<std::int64_t>(fn, detail::integer_row(low, high, seed),
                                              std::move(shape));
}

}  // namespace eager::random

}  // namespace dagarray
