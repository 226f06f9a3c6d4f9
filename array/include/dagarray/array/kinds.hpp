#pragma once
// Which arguments are lazy arrays, eager arrays or scalars: the free functions take both kinds
// of array, so one generic lambda works on either (found by argument-dependent lookup).

#include <dagarray/array/array.hpp>
#include <dagarray/array/ndarray.hpp>

namespace dagarray::detail {

template <class X>
inline constexpr bool is_lazy = false;
template <Element T>
inline constexpr bool is_lazy<Array<T>> = true;

template <class X>
inline constexpr bool is_eager = false;
template <Element T>
inline constexpr bool is_eager<NDArray<T>> = true;

template <class X>
concept ArrayLike = is_lazy<X> || is_eager<X>;

/// @brief Two operands of the same kind of array, or an array and a scalar.
template <class X, class Y>
concept BinaryOperands = (is_lazy<X> && (is_lazy<Y> || Scalar<Y>)) ||
                         (is_eager<X> && (is_eager<Y> || Scalar<Y>)) || (Scalar<X> && ArrayLike<Y>);

}  // namespace dagarray::detail
