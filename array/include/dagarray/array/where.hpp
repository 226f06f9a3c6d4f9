#pragma once
// where(cond, a, b): elements of a where cond holds, of b elsewhere, as numpy.where; cond, a and
// b broadcast together, and a and b may be scalars. One elementwise layer, so it fuses with its
// neighbours like any other operation.

#include <dagarray/array/elementwise_layer.hpp>
#include <dagarray/array/promotion.hpp>

#include <type_traits>

namespace dagarray {

namespace detail {

/// The element type an operand of where contributes: an array's, or a scalar's own (NumPy
/// promotes the two choices together, with a scalar weak next to an array).
template <class X>
struct where_operand {
  using type = element_for<X>;
};
template <ArrayLike X>
struct where_operand<X> {
  using type = typename X::value_type;
};

template <class X, class Y>
auto where_result_of() {
  using A = typename where_operand<X>::type;
  using B = typename where_operand<Y>::type;
  if constexpr (ArrayLike<X> == ArrayLike<Y>) {
    return promote_t<A, B>{};
  } else if constexpr (ArrayLike<X>) {
    return weak_t<A, Y>{};
  } else {
    return weak_t<B, X>{};
  }
}

template <class X, class Y>
using where_result_t = decltype(where_result_of<X, Y>());

template <class C>
constexpr bool truth(C c) {
  return c != C(0);  // NumPy takes cond as bool: any non-zero (NaN too) is true
}

template <class Cond, class X, class Y>
concept WhereOperands = ArrayLike<Cond> &&
    (ArrayLike<X> || Scalar<X>)&&(ArrayLike<Y> || Scalar<Y>)&&(
        !ArrayLike<X> || is_lazy<X> == is_lazy<Cond>)&&(!ArrayLike<Y> ||
                                                        is_lazy<Y> == is_lazy<Cond>);

}  // namespace detail

/// @brief a where cond is true (non-zero), b elsewhere, broadcast together; a and b arrays or
/// scalars, promoted as arithmetic is (where(c, x, 0) keeps x's type).
/// @code{.cpp}
/// auto positive = da::where(x > 0.0, x, 0.0);   // lazy or eager, as x is
/// @endcode
template <class Cond, class X, class Y>
requires detail::WhereOperands<Cond, X, Y>
auto where(const Cond& cond, const X& a, const Y& b) {
  using C = typename Cond::value_type;
  using R = detail::where_result_t<X, Y>;
  constexpr const char* op = "where";
  if constexpr (detail::ArrayLike<X> && detail::ArrayLike<Y>) {
    using A = typename X::value_type;
    using B = typename Y::value_type;
    auto f = [](C c, A x, B y) { return detail::truth(c) ? static_cast<R>(x) : static_cast<R>(y); };
    return detail::elementwise<R>(op, f, detail::no_parameters, std::nullopt, cond, a, b);
  } else if constexpr (detail::ArrayLike<X>) {
    using A = typename X::value_type;
    const auto other = static_cast<R>(b);
    auto f = [other](C c, A x) { return detail::truth(c) ? static_cast<R>(x) : other; };
    auto parameters = [other](core::Tokenizer& t) { t.add("b").add(other); };
    return detail::elementwise<R>(op, f, parameters, std::nullopt, cond, a);
  } else if constexpr (detail::ArrayLike<Y>) {
    using B = typename Y::value_type;
    const auto other = static_cast<R>(a);
    auto f = [other](C c, B y) { return detail::truth(c) ? other : static_cast<R>(y); };
    auto parameters = [other](core::Tokenizer& t) { t.add("a").add(other); };
    return detail::elementwise<R>(op, f, parameters, std::nullopt, cond, b);
  } else {
    const auto x = static_cast<R>(a);
    const auto y = static_cast<R>(b);
    auto f = [x, y](C c) { return detail::truth(c) ? x : y; };
    auto parameters = [x, y](core::Tokenizer& t) { t.add("a").add(x).add("b").add(y); };
    return detail::elementwise<R>(op, f, parameters, std::nullopt, cond);
  }
}

}  // namespace dagarray
