#pragma once
// Argument checks at the API boundary. Every message names the function, the argument and the
// offending value, so a user sees at once what to fix.

#include <dagarray/core/layer.hpp>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace dagarray::detail {

/// @brief "(2, 3)" for {2, 3}, "()" for a 0-d shape, as NumPy prints shapes.
inline std::string to_string(const core::Shape& shape) {
  std::string out = "(";
  for (std::size_t i = 0; i < shape.size(); ++i) {
    out += std::to_string(shape[i]);
    if (shape.size() == 1 || i + 1 < shape.size()) out += shape.size() == 1 ? "," : ", ";
  }
  return out + ")";
}

template <class T>
std::string value_string(const T& value) {
  if constexpr (std::is_same_v<T, core::Shape>) {
    return to_string(value);
  } else {
    std::ostringstream out;
    out << value;
    return out.str();
  }
}

/// @brief Throws std::invalid_argument("fn: argument = value problem").
template <class T>
[[noreturn]] void invalid(std::string_view fn, std::string_view argument, const T& value,
                          std::string_view problem) {
  std::string message(fn);
  message += ": ";
  message += argument;
  message += " = ";
  message += value_string(value);
  message += ' ';
  message += problem;
  throw std::invalid_argument(message);
}

/// Largest number of elements an array may have: keeps byte counts within int64.
inline constexpr std::int64_t kMaxElements = std::int64_t{1} << 56;
/// Largest number of blocks an array may have: keeps a graph's task ids within 32 bits.
inline constexpr std::int64_t kMaxBlocks = std::int64_t{1} << 31;

/// @brief Checks that every extent is >= 0 and the element count is representable.
inline void check_shape(std::string_view fn, const core::Shape& shape) {
  if (shape.size() > 32) invalid(fn, "shape", shape, "has more than 32 axes");
  std::int64_t size = 1;
  for (std::size_t axis = 0; axis < shape.size(); ++axis) {
    if (shape[axis] < 0) {
      invalid(fn, "shape[" + std::to_string(axis) + "]", shape[axis], "must be >= 0");
    }
    if (shape[axis] > 0 && size > kMaxElements / shape[axis]) {
      // An empty array's strides still multiply its other extents, so NumPy refuses
      // np.zeros((0, 2**40, 2**40)) too.
      const bool empty = std::find(shape.begin(), shape.end(), 0) != shape.end();
      invalid(fn, "shape", shape,
              empty ? "has no elements, but its nonzero extents multiply to more than 2^56, "
                      "past what strides can count (NumPy refuses it too)"
                    : "has more than 2^56 elements");
    }
    size *= std::max<std::int64_t>(shape[axis], 1);
  }
}

/// @brief Dask-style chunks from one chunk size per axis (-1: the whole axis); the last block of
/// an axis may be smaller. An axis of length 0 has one empty block, as in Dask.
inline core::Chunks normalize_chunks(std::string_view fn, const core::Shape& shape,
                                     const core::Shape& chunk_shape) {
  check_shape(fn, shape);
  if (chunk_shape.size() != shape.size()) {
    invalid(fn, "chunks", chunk_shape,
            "must give one chunk size per axis of shape " + to_string(shape));
  }
  core::Chunks chunks(shape.size());
  std::int64_t blocks = 1;
  for (std::size_t axis = 0; axis < shape.size(); ++axis) {
    const auto extent = shape[axis];
    // -1 is the whole axis, as in Dask's chunks=(256, -1).
    const auto chunk =
        chunk_shape[axis] == -1 ? std::max<std::int64_t>(extent, 1) : chunk_shape[axis];
    const auto name = "chunks[" + std::to_string(axis) + "]";
    if (chunk <= 0) invalid(fn, name, chunk, "must be positive, or -1 for the whole axis");
    if (extent > 0 && chunk > extent) {
      invalid(fn, name, chunk,
              "is larger than the axis it splits (length " + std::to_string(extent) + ")");
    }
    if (extent == 0) {
      chunks[axis] = {0};
      continue;
    }
    const auto count = (extent + chunk - 1) / chunk;
    blocks *= count;
    if (blocks > kMaxBlocks) invalid(fn, "chunks", chunk_shape, "give more than 2^31 blocks");
    chunks[axis].assign(static_cast<std::size_t>(count), chunk);
    chunks[axis].back() = extent - (count - 1) * chunk;
  }
  return chunks;
}

/// @brief NumPy's axis rule: -ndim <= axis < ndim, negative counts from the end.
inline std::size_t normalize_axis(std::string_view fn, int axis, std::size_t ndim) {
  const auto n = static_cast<int>(ndim);
  if (axis < -n || axis >= n) {
    invalid(fn, "axis", axis, "is out of range for an array of ndim " + std::to_string(ndim));
  }
  return static_cast<std::size_t>(axis < 0 ? axis + n : axis);
}

/// @brief NumPy's rule for a list of axes (reductions, transpose, squeeze...): each in range
/// (negative from the end) and none repeated. Returns them normalised, in the order given.
inline std::vector<std::size_t> normalize_axes(std::string_view fn, const std::vector<int>& axes,
                                               std::size_t ndim) {
  std::vector<std::size_t> out;
  for (auto axis : axes) {
    const auto a = normalize_axis(fn, axis, ndim);
    if (std::find(out.begin(), out.end(), a) != out.end()) {
      invalid(fn, "axis", axis, "is repeated in the list of axes");
    }
    out.push_back(a);
  }
  return out;
}

}  // namespace dagarray::detail

namespace dagarray {

/// @brief A list of distinct axes, as NumPy's tuple of axes: `da::sum(x, da::Axes{0, 2})`.
using Axes = std::vector<int>;

}  // namespace dagarray
