#pragma once
// The element types arrays hold, and how each maps to a buffer dtype.

#include <dagarray/core/buffer.hpp>
#include <dagarray/core/layer.hpp>

#include <concepts>
#include <cstdint>
#include <string>
#include <type_traits>

namespace dagarray {

/// @brief Extent of each axis, outermost first: `da::Shape{2, 1000}`.
using Shape = core::Shape;
/// @brief Block sizes along each axis, as Dask's `.chunks`: `{{2}, {300, 300, 300, 100}}`.
using Chunks = core::Chunks;

/// @brief An element type of Array and NDArray: double, float, std::int64_t or bool.
template <class T>
concept Element = std::same_as<T, double> || std::same_as<T, float> ||
    std::same_as<T, std::int64_t> || std::same_as<T, bool>;

/// @brief A plain C++ number usable as a scalar operand (int, long, double, ...).
template <class S>
concept Scalar = std::is_arithmetic_v<S>;

template <Element T>
constexpr core::DType dtype_of() {
  if constexpr (std::same_as<T, double>) return core::DType::float64;
  if constexpr (std::same_as<T, float>) return core::DType::float32;
  if constexpr (std::same_as<T, std::int64_t>) return core::DType::int64;
  if constexpr (std::same_as<T, bool>) return core::DType::boolean;
}

/// @brief NumPy's name of T's dtype, e.g. "float64".
template <Element T>
std::string dtype_name_of() {
  return std::string(core::dtype_name(dtype_of<T>()));
}

}  // namespace dagarray
