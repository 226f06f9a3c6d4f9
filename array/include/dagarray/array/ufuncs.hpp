#pragma once
// NumPy's everyday ufuncs, astype and clip, for Array (lazy: a fusable layer) and NDArray
// (eager: now, data-parallel). Each is one call of the elementwise entry points over an op of
// ufunc_ops.hpp, so it fuses with its neighbours and its loop has no call through a pointer.

#include <dagarray/array/elementwise.hpp>
#include <dagarray/array/ufunc_ops.hpp>

#include <type_traits>

namespace dagarray {

namespace detail {

/// @brief NumPy raises for an integer to a negative integer power: so do we, for a scalar
/// exponent. An array of exponents is not checked (that would be a test per element): see Power.
template <class X, class Y>
void check_integer_exponent(const Y& exponent) {
  if constexpr (ArrayLike<X> && Scalar<Y> && std::is_signed_v<Y> && std::is_integral_v<Y>) {
    using T = typename X::value_type;
    if constexpr (std::is_integral_v<Power::compute<T, weak_t<T, Y>>>) {
      if (exponent < 0) {
        invalid("power", "exponent", exponent,
                "is negative: integers to negative integer powers are not allowed (as in "
                "NumPy); use a float exponent");
      }
    }
  }
}

}  // namespace detail

// ---- exponentials and logarithms: int64 and bool give float64 ------------------------------

/// @brief e^x elementwise, as numpy.exp.
template <detail::ArrayLike X>
auto exp(const X& x) {
  return detail::unary<detail::Exp>(x);
}

/// @brief e^x - 1, accurate near 0, as numpy.expm1.
template <detail::ArrayLike X>
auto expm1(const X& x) {
  return detail::unary<detail::Expm1>(x);
}

/// @brief Natural logarithm (log(0) is -inf, of a negative NaN), as numpy.log.
template <detail::ArrayLike X>
auto log(const X& x) {
  return detail::unary<detail::Log>(x);
}

/// @brief log(1 + x), accurate near 0, as numpy.log1p.
template <detail::ArrayLike X>
auto log1p(const X& x) {
  return detail::unary<detail::Log1p>(x);
}

/// @brief Base-2 logarithm, as numpy.log2.
template <detail::ArrayLike X>
auto log2(const X& x) {
  return detail::unary<detail::Log2>(x);
}

/// @brief Base-10 logarithm, as numpy.log10.
template <detail::ArrayLike X>
auto log10(const X& x) {
  return detail::unary<detail::Log10>(x);
}

// ---- trigonometric and hyperbolic: int64 and bool give float64 ------------------------------

/// @brief Sine of radians, as numpy.sin.
template <detail::ArrayLike X>
auto sin(const X& x) {
  return detail::unary<detail::Sin>(x);
}

/// @brief Cosine of radians, as numpy.cos.
template <detail::ArrayLike X>
auto cos(const X& x) {
  return detail::unary<detail::Cos>(x);
}

/// @brief Tangent of radians, as numpy.tan.
template <detail::ArrayLike X>
auto tan(const X& x) {
  return detail::unary<detail::Tan>(x);
}

/// @brief Inverse sine in [-pi/2, pi/2] (NaN outside [-1, 1]), as numpy.arcsin.
template <detail::ArrayLike X>
auto arcsin(const X& x) {
  return detail::unary<detail::Arcsin>(x);
}

/// @brief Inverse cosine in [0, pi] (NaN outside [-1, 1]), as numpy.arccos.
template <detail::ArrayLike X>
auto arccos(const X& x) {
  return detail::unary<detail::Arccos>(x);
}

/// @brief Inverse tangent in [-pi/2, pi/2], as numpy.arctan.
template <detail::ArrayLike X>
auto arctan(const X& x) {
  return detail::unary<detail::Arctan>(x);
}

/// @brief Hyperbolic sine, as numpy.sinh.
template <detail::ArrayLike X>
auto sinh(const X& x) {
  return detail::unary<detail::Sinh>(x);
}

/// @brief Hyperbolic cosine, as numpy.cosh.
template <detail::ArrayLike X>
auto cosh(const X& x) {
  return detail::unary<detail::Cosh>(x);
}

/// @brief Hyperbolic tangent, as numpy.tanh.
template <detail::ArrayLike X>
auto tanh(const X& x) {
  return detail::unary<detail::Tanh>(x);
}

// ---- rounding: a float result, int64 and bool giving float64 as in NumPy 1.24 --------------

/// @brief Largest integer <= x, as numpy.floor.
template <detail::ArrayLike X>
auto floor(const X& x) {
  return detail::unary<detail::Floor>(x);
}

/// @brief Smallest integer >= x, as numpy.ceil.
template <detail::ArrayLike X>
auto ceil(const X& x) {
  return detail::unary<detail::Ceil>(x);
}

/// @brief x rounded towards zero, as numpy.trunc.
template <detail::ArrayLike X>
auto trunc(const X& x) {
  return detail::unary<detail::Trunc>(x);
}

/// @brief x rounded to the nearest integer, half to even (2.5 gives 2.0), as numpy.rint.
template <detail::ArrayLike X>
auto rint(const X& x) {
  return detail::unary<detail::Rint>(x);
}

// ---- sign and classification --------------------------------------------------------------

/// @brief -1, 0 or 1 in x's dtype (NaN stays NaN), as numpy.sign; not for bool.
template <detail::ArrayLike X>
auto sign(const X& x) {
  return detail::unary<detail::Sign>(x);
}

/// @brief A bool array: where x is NaN, as numpy.isnan.
template <detail::ArrayLike X>
auto isnan(const X& x) {
  return detail::unary<detail::IsNan>(x);
}

/// @brief A bool array: where x is +inf or -inf, as numpy.isinf.
template <detail::ArrayLike X>
auto isinf(const X& x) {
  return detail::unary<detail::IsInf>(x);
}

/// @brief A bool array: where x is neither NaN nor infinite, as numpy.isfinite.
template <detail::ArrayLike X>
auto isfinite(const X& x) {
  return detail::unary<detail::IsFinite>(x);
}

// ---- binary: arrays of one kind, or an array and a scalar (NumPy's weak-scalar rule) -------

/// @brief x ** y in the promoted dtype, as numpy.power; int64 wraps on overflow. A negative
/// integer scalar exponent of an integer array throws; see detail::Power for arrays of them.
template <class X, class Y>
requires detail::BinaryOperands<X, Y>
auto power(const X& x, const Y& y) {
  detail::check_integer_exponent<X>(y);
  return detail::binary<detail::Power>(x, y);
}

/// @brief The smaller of x and y, NaN if either is, as numpy.minimum.
template <class X, class Y>
requires detail::BinaryOperands<X, Y>
auto minimum(const X& x, const Y& y) {
  return detail::binary<detail::Minimum>(x, y);
}

/// @brief The larger of x and y, NaN if either is, as numpy.maximum.
template <class X, class Y>
requires detail::BinaryOperands<X, Y>
auto maximum(const X& x, const Y& y) {
  return detail::binary<detail::Maximum>(x, y);
}

/// @brief The smaller of x and y, ignoring a NaN (NaN only if both are), as numpy.fmin.
template <class X, class Y>
requires detail::BinaryOperands<X, Y>
auto fmin(const X& x, const Y& y) {
  return detail::binary<detail::Fmin>(x, y);
}

/// @brief The larger of x and y, ignoring a NaN (NaN only if both are), as numpy.fmax.
template <class X, class Y>
requires detail::BinaryOperands<X, Y>
auto fmax(const X& x, const Y& y) {
  return detail::binary<detail::Fmax>(x, y);
}

/// @brief The angle of the point (x, y) in [-pi, pi], arctan(y / x) by quadrant, as
/// numpy.arctan2(y, x).
template <class Y, class X>
requires detail::BinaryOperands<Y, X>
auto arctan2(const Y& y, const X& x) {
  return detail::binary<detail::Arctan2>(y, x);
}

/// @brief sqrt(x^2 + y^2) without overflow on the way, as numpy.hypot.
template <class X, class Y>
requires detail::BinaryOperands<X, Y>
auto hypot(const X& x, const Y& y) {
  return detail::binary<detail::Hypot>(x, y);
}

/// @brief x mod y with the sign of y (Python's %), as numpy.mod; int64 mod 0 gives 0, float
/// mod 0 gives NaN.
template <class X, class Y>
requires detail::BinaryOperands<X, Y>
auto mod(const X& x, const Y& y) {
  return detail::binary<detail::Mod>(x, y);
}

// ---- clip and astype ----------------------------------------------------------------------

/// @brief x limited to [low, high], as numpy.clip: maximum(x, low), then minimum with high, so
/// NaN stays NaN and low > high gives high everywhere. The bounds are scalars or arrays.
template <class X, class Low, class High>
requires detail::ArrayLike<X> && detail::BinaryOperands<X, Low> && detail::BinaryOperands<X, High>
auto clip(const X& x, const Low& low, const High& high) {
  return minimum(maximum(x, low), high);
}

/// @brief x cast to U elementwise, as x.astype(U). Float to int64 truncates, and a NaN, an
/// infinity or a value outside int64's range gives INT64_MIN (NumPy's answer on x86-64); to
/// bool is x != 0 (NaN is true). A lazy array of dtype U is returned as it is, as in Dask; an
/// eager one is copied, as in NumPy.
template <Element U, detail::ArrayLike X>
auto astype(const X& x) {
  if constexpr (detail::is_lazy<X> && std::is_same_v<typename X::value_type, U>) {
    return x;
  } else {
    return detail::unary<detail::AsType<U>>(x);
  }
}

}  // namespace dagarray
