#pragma once
// Elementwise operations on Array (lazy: one task per block) and NDArray (eager: now), with
// NumPy's broadcasting. Both run the same kernel (elementwise_layer.hpp): a lazy block is
// computed by the eager code on that block. Each operation is a struct of ops.hpp.

#include <dagarray/array/elementwise_layer.hpp>
#include <dagarray/array/kinds.hpp>
#include <dagarray/array/ops.hpp>

namespace dagarray {

namespace detail {

// ---- each operation's scalar function, with its operands converted as the op computes ------

template <class Op, Element A, Element B>
struct BinaryFunction {
  using C = typename Op::template compute<A, B>;
  auto operator()(A x, B y) const { return Op::apply(static_cast<C>(x), static_cast<C>(y)); }
};

/// `x op w`, or `w op x` when ScalarLeft, with w a scalar already in its weak type W.
template <class Op, bool ScalarLeft, Element A, Element W>
struct ScalarFunction {
  using C = typename Op::template compute<std::conditional_t<ScalarLeft, W, A>,
                                          std::conditional_t<ScalarLeft, A, W>>;
  C w;
  auto operator()(A x) const {
    if constexpr (ScalarLeft) {
      return Op::apply(w, static_cast<C>(x));
    } else {
      return Op::apply(static_cast<C>(x), w);
    }
  }
};

template <class Op, Element T>
struct UnaryFunction {
  auto operator()(T x) const { return Op::apply(x); }
};

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

// ---- eager -------------------------------------------------------------------------------

template <class Op, Element A, Element B>
auto binary(const NDArray<A>& a, const NDArray<B>& b) {
  check_accepts<Op, A, B>();
  using R = typename Op::template result<A, B>;
  return elementwise_eager<R>(Op::name, BinaryFunction<Op, A, B>{}, std::nullopt, a, b);
}

template <class Op, bool ScalarLeft, Element A, Element W>
auto binary_with_scalar(const NDArray<A>& a, W w) {
  using L = std::conditional_t<ScalarLeft, W, A>;
  using Rt = std::conditional_t<ScalarLeft, A, W>;
  check_accepts<Op, L, Rt>();
  using R = typename Op::template result<L, Rt>;
  using F = ScalarFunction<Op, ScalarLeft, A, W>;
  return elementwise_eager<R>(Op::name, F{static_cast<typename F::C>(w)}, std::nullopt, a);
}

template <class Op, Element T>
auto unary(const NDArray<T>& a) {
  check_accepts_unary<Op, T>();
  using R = typename Op::template result<T>;
  return elementwise_eager<R>(Op::name, UnaryFunction<Op, T>{}, std::nullopt, a);
}

// ---- lazy --------------------------------------------------------------------------------

template <class Op, Element A, Element B>
auto binary(const Array<A>& a, const Array<B>& b) {
  check_accepts<Op, A, B>();
  using R = typename Op::template result<A, B>;
  return elementwise_lazy<R>(Op::name, BinaryFunction<Op, A, B>{}, no_parameters, std::nullopt, a,
                             b);
}

template <class Op, bool ScalarLeft, Element A, Element W>
auto binary_with_scalar(const Array<A>& a, W w) {
  using L = std::conditional_t<ScalarLeft, W, A>;
  using Rt = std::conditional_t<ScalarLeft, A, W>;
  check_accepts<Op, L, Rt>();
  using R = typename Op::template result<L, Rt>;
  using F = ScalarFunction<Op, ScalarLeft, A, W>;
  auto parameters = [w](core::Tokenizer& token) {
    token.add(ScalarLeft ? "scalar-left" : "scalar-right").add(dtype_name_of<W>()).add(w);
  };
  return elementwise_lazy<R>(Op::name, F{static_cast<typename F::C>(w)}, parameters, std::nullopt,
                             a);
}

template <class Op, Element T>
auto unary(const Array<T>& a) {
  check_accepts_unary<Op, T>();
  using R = typename Op::template result<T>;
  return elementwise_lazy<R>(Op::name, UnaryFunction<Op, T>{}, no_parameters, std::nullopt, a);
}

// ---- scalar operands, either kind ----------------------------------------------------------

template <class Op, ArrayLike X, Scalar S>
auto binary(const X& a, S s) {
  using A = typename X::value_type;
  return binary_with_scalar<Op, false>(a, static_cast<weak_t<A, S>>(s));
}

template <class Op, Scalar S, ArrayLike X>
auto binary(S s, const X& b) {
  using B = typename X::value_type;
  return binary_with_scalar<Op, true>(b, static_cast<weak_t<B, S>>(s));
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
