#pragma once
// NDArray<T>: an eager, materialised n-dimensional array, as numpy.ndarray. Row-major.

#include <dagarray/array/checks.hpp>
#include <dagarray/array/element.hpp>
#include <dagarray/core/buffer.hpp>

#include <algorithm>
#include <cstring>
#include <initializer_list>
#include <span>
#include <utility>

namespace dagarray {

/// @brief An array held in memory: shape, dtype and contiguous row-major elements.
///
/// Copying an NDArray copies its elements (value semantics, as in C++ containers); moving is
/// cheap.
/// @code{.cpp}
/// da::NDArray<double> a({2, 3}, {1, 2, 3, 4, 5, 6});
/// double x = a(1, 2);          // 6
/// auto s = da::sum(a, 0);       // NDArray<double> of shape (3,)
/// @endcode
template <Element T>
class NDArray {
 public:
  using value_type = T;

  /// @brief An empty 1-d array, shape (0,).
  NDArray() : NDArray(core::Shape{0}) {}

  /// @brief Zero-filled array of the given shape (numpy.zeros).
  explicit NDArray(core::Shape shape) : _buffer(allocate("NDArray", std::move(shape))) {
    std::fill_n(data(), size(), T{});
  }

  /// @brief Array of the given shape holding `values` in row-major order.
  NDArray(core::Shape shape, std::initializer_list<T> values)
      : NDArray(std::move(shape), std::span<const T>(values.begin(), values.size())) {}

  NDArray(core::Shape shape, std::span<const T> values)
      : _buffer(allocate("NDArray", std::move(shape))) {
    if (static_cast<std::int64_t>(values.size()) != size()) {
      detail::invalid("NDArray", "values.size()", values.size(),
                      "does not match shape " + detail::to_string(this->shape()) + " of size " +
                          std::to_string(size()));
    }
    std::copy(values.begin(), values.end(), data());
  }

  NDArray(const NDArray& other) : _buffer(other._buffer.clone()) {}
  NDArray(NDArray&&) noexcept = default;
  NDArray& operator=(const NDArray& other) {
    if (this != &other) _buffer = other._buffer.clone();
    return *this;
  }
  NDArray& operator=(NDArray&&) noexcept = default;

  /// @brief Uninitialised array, for kernels that write every element.
  static NDArray empty(core::Shape shape) {
    return NDArray(allocate("NDArray::empty", std::move(shape)));
  }

  /// @brief Wraps a buffer of T's dtype without copying (its storage stays shared).
  static NDArray from_buffer(core::Buffer buffer) {
    if (!buffer.has_storage() || buffer.dtype() != dtype_of<T>()) {
      detail::invalid("NDArray::from_buffer", "buffer.dtype",
                      buffer.has_storage() ? std::string(core::dtype_name(buffer.dtype()))
                                           : std::string("(none)"),
                      "does not match " + dtype_name_of<T>());
    }
    return NDArray(std::move(buffer));
  }

  const core::Shape& shape() const { return _buffer.shape(); }
  std::size_t ndim() const { return shape().size(); }
  std::int64_t size() const { return _buffer.size(); }
  std::string dtype() const { return dtype_name_of<T>(); }
  std::size_t nbytes() const { return _buffer.bytes(); }

  T* data() { return _buffer.template as_mutable<T>(); }
  const T* data() const { return _buffer.template as<T>(); }
  T* begin() { return data(); }
  T* end() { return data() + size(); }
  const T* begin() const { return data(); }
  const T* end() const { return data() + size(); }

  /// @brief Element at a full index, e.g. a(1, 2); checked.
  template <std::integral... I>
  T& operator()(I... index) {
    return data()[offset({static_cast<std::int64_t>(index)...})];
  }
  template <std::integral... I>
  const T& operator()(I... index) const {
    return data()[offset({static_cast<std::int64_t>(index)...})];
  }

  /// @brief The only element of a size-1 array, as numpy's item().
  T item() const {
    if (size() != 1) {
      detail::invalid("item", "size", size(),
                      "is not 1: only an array of one element converts to a scalar");
    }
    return data()[0];
  }

  /// @brief The same elements seen with another shape of the same size (copies them).
  NDArray reshape(core::Shape new_shape) const {
    detail::check_shape("reshape", new_shape);
    if (core::shape_size(new_shape) != size()) {
      detail::invalid("reshape", "shape", new_shape,
                      "does not match array size " + std::to_string(size()));
    }
    return NDArray(_buffer.clone().reshaped(std::move(new_shape)));
  }

  const core::Buffer& buffer() const& { return _buffer; }
  core::Buffer buffer() && { return std::move(_buffer); }

 private:
  explicit NDArray(core::Buffer buffer) : _buffer(std::move(buffer)) {}

  static core::Buffer allocate(std::string_view fn, core::Shape shape) {
    detail::check_shape(fn, shape);
    return core::Buffer::allocate(dtype_of<T>(), std::move(shape));
  }

  std::int64_t offset(std::initializer_list<std::int64_t> index) const {
    if (index.size() != ndim()) {
      detail::invalid("NDArray::operator()", "number of indices", index.size(),
                      "does not match ndim " + std::to_string(ndim()));
    }
    std::int64_t flat = 0;
    std::size_t axis = 0;
    for (auto i : index) {
      if (i < 0 || i >= shape()[axis]) {
        detail::invalid("NDArray::operator()", "index[" + std::to_string(axis) + "]", i,
                        "is out of bounds for axis of length " + std::to_string(shape()[axis]));
      }
      flat = flat * shape()[axis] + i;
      ++axis;
    }
    return flat;
  }

  core::Buffer _buffer;
};

}  // namespace dagarray
