#pragma once
// Elementwise operations on Array (lazy: one task per block) and NDArray (eager: now).
// Both run the same kernels: a lazy block is computed by the eager code on that block.

#include <dagarray/array/execution.hpp>
#include <dagarray/array/kinds.hpp>
#include <dagarray/array/layers.hpp>
#include <dagarray/array/ops.hpp>
#include <dagarray/array/rechunk.hpp>
#include <dagarray/core/token.hpp>

namespace dagarray {

namespace detail {

// ---- kernels: loops over elements, then whole buffers and tiles made of them ---------------

/// @brief z = a op b over n elements; a 0-d operand (a_scalar, b_scalar) is broadcast.
template <class Op, Element A, Element B>
void binary_into(const A* x, const B* y, typename Op::template result<A, B>* z, std::int64_t n,
                 bool a_scalar, bool b_scalar) {
  using C = typename Op::template compute<A, B>;
  if (a_scalar) {
    const C xv = static_cast<C>(x[0]);
    for (std::int64_t i = 0; i < n; ++i) z[i] = Op::apply(xv, static_cast<C>(y[i]));
  } else if (b_scalar) {
    const C yv = static_cast<C>(y[0]);
    for (std::int64_t i = 0; i < n; ++i) z[i] = Op::apply(static_cast<C>(x[i]), yv);
  } else {
    for (std::int64_t i = 0; i < n; ++i)
      z[i] = Op::apply(static_cast<C>(x[i]), static_cast<C>(y[i]));
  }
}

/// @brief `x op w` (or `w op x` when ScalarLeft) over n elements, w in its weak type W.
template <class Op, bool ScalarLeft, Element A, Element W, class R>
void scalar_into(const A* x, W w, R* z, std::int64_t n) {
  using L = std::conditional_t<ScalarLeft, W, A>;
  using Rt = std::conditional_t<ScalarLeft, A, W>;
  using C = typename Op::template compute<L, Rt>;
  const C wv = static_cast<C>(w);
  if constexpr (ScalarLeft) {
    for (std::int64_t i = 0; i < n; ++i) z[i] = Op::apply(wv, static_cast<C>(x[i]));
  } else {
    for (std::int64_t i = 0; i < n; ++i) z[i] = Op::apply(static_cast<C>(x[i]), wv);
  }
}

template <class Op, Element T>
void unary_into(const T* x, typename Op::template result<T>* z, std::int64_t n) {
  for (std::int64_t i = 0; i < n; ++i) z[i] = Op::apply(x[i]);
}

template <class T>
const T* tile_data(const core::TileRef& ref) {
  return reinterpret_cast<const T*>(ref.data);
}

template <class Op, Element A, Element B>
core::Buffer binary_buffer(const core::Buffer& a, const core::Buffer& b,
                           Execution execution = Execution::sequential) {
  using R = typename Op::template result<A, B>;
  // A 0-d operand is broadcast over the other; otherwise the shapes are equal.
  const bool a_scalar = a.shape().empty() && !b.shape().empty();
  const bool b_scalar = b.shape().empty() && !a.shape().empty();
  auto out = core::Buffer::allocate(dtype_of<R>(), a_scalar ? b.shape() : a.shape());
  const A* x = a.template as<A>();
  const B* y = b.template as<B>();
  R* z = out.template as_mutable<R>();
  for_ranges(execution, out.size(), [&](std::int64_t begin, std::int64_t end) {
    binary_into<Op, A, B>(a_scalar ? x : x + begin, b_scalar ? y : y + begin, z + begin,
                          end - begin, a_scalar, b_scalar);
  });
  return out;
}

template <class Op, Element A, Element B>
auto binary_tiles() {
  using R = typename Op::template result<A, B>;
  return map_tiles(
      [](const BlockInfo& tile, std::span<const core::TileRef> in, std::byte* out) {
        const bool is_0d = tile.shape.empty();
        binary_into<Op, A, B>(tile_data<A>(in[0]), tile_data<B>(in[1]), reinterpret_cast<R*>(out),
                              core::shape_size(tile.shape), in[0].shape->empty() && !is_0d,
                              in[1].shape->empty() && !is_0d);
      },
      /*elementwise=*/true);
}

/// @brief `a op w` (or `w op a` when ScalarLeft), w a scalar already in its weak type W.
template <class Op, bool ScalarLeft, Element A, Element W>
core::Buffer scalar_buffer(const core::Buffer& a, W w,
                           Execution execution = Execution::sequential) {
  using L = std::conditional_t<ScalarLeft, W, A>;
  using Rt = std::conditional_t<ScalarLeft, A, W>;
  using R = typename Op::template result<L, Rt>;
  auto out = core::Buffer::allocate(dtype_of<R>(), a.shape());
  const A* x = a.template as<A>();
  R* z = out.template as_mutable<R>();
  for_ranges(execution, out.size(), [&](std::int64_t begin, std::int64_t end) {
    scalar_into<Op, ScalarLeft, A, W>(x + begin, w, z + begin, end - begin);
  });
  return out;
}

template <class Op, bool ScalarLeft, Element A, Element W>
auto scalar_tiles(W w) {
  using L = std::conditional_t<ScalarLeft, W, A>;
  using Rt = std::conditional_t<ScalarLeft, A, W>;
  using R = typename Op::template result<L, Rt>;
  return map_tiles(
      [w](const BlockInfo& tile, std::span<const core::TileRef> in, std::byte* out) {
        scalar_into<Op, ScalarLeft, A, W>(tile_data<A>(in[0]), w, reinterpret_cast<R*>(out),
                                          core::shape_size(tile.shape));
      },
      /*elementwise=*/true);
}

template <class Op, Element T>
core::Buffer unary_buffer(const core::Buffer& a, Execution execution = Execution::sequential) {
  using R = typename Op::template result<T>;
  auto out = core::Buffer::allocate(dtype_of<R>(), a.shape());
  const T* x = a.template as<T>();
  R* z = out.template as_mutable<R>();
  for_ranges(execution, out.size(), [&](std::int64_t begin, std::int64_t end) {
    unary_into<Op, T>(x + begin, z + begin, end - begin);
  });
  return out;
}

template <class Op, Element T>
auto unary_tiles() {
  using R = typename Op::template result<T>;
  return map_tiles(
      [](const BlockInfo& tile, std::span<const core::TileRef> in, std::byte* out) {
        unary_into<Op, T>(tile_data<T>(in[0]), reinterpret_cast<R*>(out),
                          core::shape_size(tile.shape));
      },
      /*elementwise=*/true);
}

template <class Op, class T>
void check_accepts_unary() {
  static_assert(Op::template accepts<T>,
                "this operation is not defined for this dtype (as in NumPy: no negative of bool, "
                "logical_not needs bool)");
}

template <class Op, class A, class B>
void check_accepts() {
  static_assert(Op::template accepts<A, B>,
                "this operation is not defined for these dtypes (as in NumPy: no arithmetic on "
                "two bool arrays, logic needs bool, bitwise needs bool or int64)");
}

inline void check_same_shape(const char* op, const core::Shape& a, const core::Shape& b) {
  if (a != b && !a.empty() && !b.empty()) {
    invalid(op, "shapes", to_string(a) + " and " + to_string(b),
            "must be equal, or one of them 0-d (broadcasting of other shapes is not supported)");
  }
}

// ---- eager -------------------------------------------------------------------------------

template <class Op, Element A, Element B>
auto binary(const NDArray<A>& a, const NDArray<B>& b) {
  check_accepts<Op, A, B>();
  check_same_shape(Op::name, a.shape(), b.shape());
  using R = typename Op::template result<A, B>;
  return NDArray<R>::from_buffer(
      binary_buffer<Op, A, B>(a.buffer(), b.buffer(), Execution::parallel));
}

template <class Op, Element A, Scalar S>
auto binary(const NDArray<A>& a, S s) {
  using W = weak_t<A, S>;
  check_accepts<Op, A, W>();
  using R = typename Op::template result<A, W>;
  return NDArray<R>::from_buffer(
      scalar_buffer<Op, false, A, W>(a.buffer(), static_cast<W>(s), Execution::parallel));
}

template <class Op, Scalar S, Element B>
auto binary(S s, const NDArray<B>& b) {
  using W = weak_t<B, S>;
  check_accepts<Op, W, B>();
  using R = typename Op::template result<W, B>;
  return NDArray<R>::from_buffer(
      scalar_buffer<Op, true, B, W>(b.buffer(), static_cast<W>(s), Execution::parallel));
}

template <class Op, Element T>
auto unary(const NDArray<T>& a) {
  check_accepts_unary<Op, T>();
  using R = typename Op::template result<T>;
  return NDArray<R>::from_buffer(unary_buffer<Op, T>(a.buffer(), Execution::parallel));
}

// ---- lazy --------------------------------------------------------------------------------

template <class Op, Element A, Element B>
auto binary(const Array<A>& a, const Array<B>& b) {
  check_accepts<Op, A, B>();
  check_same_shape(Op::name, a.shape(), b.shape());
  using R = typename Op::template result<A, B>;
  // Equal shapes in different blocks: align b's blocks on a's, as Dask's unify_chunks.
  const Array<B> b_aligned = (a.ndim() == 0 || b.ndim() == 0) ? b : rechunk_to(b, a.chunks());
  const auto& chunks = a.ndim() == 0 ? b.chunks() : a.chunks();
  auto name = core::Tokenizer().add(Op::name).add(a.name()).add(b_aligned.name()).name(Op::name);
  auto kernel = [](std::span<const core::Buffer* const> in, const BlockInfo&) {
    return binary_buffer<Op, A, B>(*in[0], *in[1]);
  };
  return Array<R>(make_tiled_layer<BlockwiseLayer>(
      kernel, binary_tiles<Op, A, B>(), std::move(name), Op::name,
      std::vector{a.layer(), b_aligned.layer()}, chunks, dtype_of<R>()));
}

template <class Op, bool ScalarLeft, Element A, Element W>
auto binary_with_scalar(const Array<A>& a, W w) {
  using L = std::conditional_t<ScalarLeft, W, A>;
  using Rt = std::conditional_t<ScalarLeft, A, W>;
  check_accepts<Op, L, Rt>();
  using R = typename Op::template result<L, Rt>;
  auto name = core::Tokenizer()
                  .add(Op::name)
                  .add(a.name())
                  .add(ScalarLeft ? "scalar-left" : "scalar-right")
                  .add(dtype_name_of<W>())
                  .add(w)
                  .name(Op::name);
  auto kernel = [w](std::span<const core::Buffer* const> in, const BlockInfo&) {
    return scalar_buffer<Op, ScalarLeft, A, W>(*in[0], w);
  };
  return Array<R>(make_tiled_layer<BlockwiseLayer>(
      kernel, scalar_tiles<Op, ScalarLeft, A, W>(w), std::move(name), Op::name,
      std::vector{a.layer()}, a.chunks(), dtype_of<R>()));
}

template <class Op, Element A, Scalar S>
auto binary(const Array<A>& a, S s) {
  return binary_with_scalar<Op, false>(a, static_cast<weak_t<A, S>>(s));
}

template <class Op, Scalar S, Element B>
auto binary(S s, const Array<B>& b) {
  return binary_with_scalar<Op, true>(b, static_cast<weak_t<B, S>>(s));
}

template <class Op, Element T>
auto unary(const Array<T>& a) {
  check_accepts_unary<Op, T>();
  using R = typename Op::template result<T>;
  auto name = core::Tokenizer().add(Op::name).add(a.name()).name(Op::name);
  auto kernel = [](std::span<const core::Buffer* const> in, const BlockInfo&) {
    return unary_buffer<Op, T>(*in[0]);
  };
  return Array<R>(make_tiled_layer<BlockwiseLayer>(kernel, unary_tiles<Op, T>(), std::move(name),
                                                   Op::name, std::vector{a.layer()}, a.chunks(),
                                                   dtype_of<R>()));
}

}  // namespace detail

// ---- the public functions and operators, for Array and NDArray alike ----------------------

/// @brief x * x elementwise, as numpy.square.
template <detail::ArrayLike X>
auto square(const X& x) {
  return detail::unary<detail::Square>(x);
}

/// @brief Square root elementwise (int and bool give float64), as numpy.sqrt.
template <detail::ArrayLike X>
auto sqrt(const X& x) {
  return detail::unary<detail::Sqrt>(x);
}

/// @brief Absolute value elementwise, as numpy.abs.
template <detail::ArrayLike X>
auto abs(const X& x) {
  return detail::unary<detail::Absolute>(x);
}

/// @brief -x elementwise, as numpy.negative.
template <detail::ArrayLike X>
auto negative(const X& x) {
  return detail::unary<detail::Negative>(x);
}

/// @brief Logical not of a bool array, as numpy.logical_not.
template <detail::ArrayLike X>
auto logical_not(const X& x) {
  return detail::unary<detail::LogicalNot>(x);
}

template <detail::ArrayLike X>
auto operator-(const X& x) {
  return negative(x);
}

template <detail::ArrayLike X>
auto operator!(const X& x) {
  return logical_not(x);
}

#define DAGARRAY_BINARY_OPERATOR(symbol, Op)     \
  template <class X, class Y>                    \
  requires detail::BinaryOperands<X, Y>          \
  auto operator symbol(const X& x, const Y& y) { \
    return detail::binary<detail::Op>(x, y);     \
  }
DAGARRAY_BINARY_OPERATOR(+, Add)
DAGARRAY_BINARY_OPERATOR(-, Subtract)
DAGARRAY_BINARY_OPERATOR(*, Multiply)
DAGARRAY_BINARY_OPERATOR(/, Divide)
DAGARRAY_BINARY_OPERATOR(<, Less)
DAGARRAY_BINARY_OPERATOR(<=, LessEqual)
DAGARRAY_BINARY_OPERATOR(>, Greater)
DAGARRAY_BINARY_OPERATOR(>=, GreaterEqual)
DAGARRAY_BINARY_OPERATOR(==, Equal)
DAGARRAY_BINARY_OPERATOR(!=, NotEqual)
DAGARRAY_BINARY_OPERATOR(&&, LogicalAnd)
DAGARRAY_BINARY_OPERATOR(||, LogicalOr)
DAGARRAY_BINARY_OPERATOR(&, BitwiseAnd)
DAGARRAY_BINARY_OPERATOR(|, BitwiseOr)
#undef DAGARRAY_BINARY_OPERATOR

}  // namespace dagarray
