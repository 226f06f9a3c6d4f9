#pragma once
// broadcast_to and broadcast_shapes, as NumPy's. Every elementwise operation broadcasts its
// operands by the same rule (broadcast_rules.hpp) without materialising anything; broadcast_to
// makes the broadcast array itself: lazily an elementwise layer, so inside a fused task it is a
// tile read with stride 0, and only as an output are its blocks written out.

#include <dagarray/array/elementwise_layer.hpp>

namespace dagarray {

/// @brief The shape `a` and `b` broadcast to, as numpy.broadcast_shapes.
/// @code{.cpp}
/// da::broadcast_shapes({5, 1, 3}, {4, 1});   // {5, 4, 3}
/// @endcode
inline Shape broadcast_shapes(const Shape& a, const Shape& b) {
  detail::check_shape("broadcast_shapes", a);
  detail::check_shape("broadcast_shapes", b);
  return detail::broadcast_shape("broadcast_shapes", a, b);
}

/// @brief `x` seen with shape `shape`, as numpy.broadcast_to: x's shape must broadcast to it.
/// Lazily, each new or stretched axis is one block (as Dask); the other axes keep x's chunks.
/// @code{.cpp}
/// auto rows = da::broadcast_to(da::arange(4, 2), {3, 4});   // three copies of 0 1 2 3
/// @endcode
template <detail::ArrayLike X>
auto broadcast_to(const X& x, const Shape& shape) {
  using T = typename X::value_type;
  constexpr const char* fn = "broadcast_to";
  detail::check_shape(fn, shape);
  if (shape.size() < x.ndim() || detail::broadcast_shape(fn, x.shape(), shape) != shape) {
    detail::invalid(fn, "shape", shape,
                    "is not a shape " + detail::to_string(x.shape()) + " broadcasts to");
  }
  auto identity = [](T v) { return v; };
  auto parameters = [shape](core::Tokenizer& t) { t.add(std::span<const std::int64_t>(shape)); };
  return detail::elementwise<T>(fn, identity, parameters, shape, x);
}

}  // namespace dagarray
