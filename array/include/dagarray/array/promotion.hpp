#pragma once
// NumPy's type rules for the four dtypes dagarray has: the one home of every result type.
//   array with array:  bool < int64 < float32 < float64, except int64 with float32 -> float64
//   array with scalar: the scalar is "weak" (NEP 50): a C++ double next to a float32 array
//                      stays float32; an int next to an int64 array stays int64; a float next
//                      to an int64 or bool array gives float64; an int next to bool gives int64.

#include <dagarray/array/element.hpp>

#include <cstdint>

#include <type_traits>

namespace dagarray::detail {

template <Element A, Element B>
struct promote {
  using type =
      std::conditional_t<std::is_same_v<A, B>, A,
                         std::conditional_t<std::is_same_v<A, bool>, B,
                                            std::conditional_t<std::is_same_v<B, bool>, A,
                                                               // Two different types among int64,
                                                               // float32, float64: only float32
                                                               // with float32 stays float32, and
                                                               // that case is the same type.
                                                               double>>>;
};

template <Element A, Element B>
using promote_t = typename promote<A, B>::type;

/// @brief The type a C++ scalar S takes next to an array of T.
template <Element T, Scalar S>
using weak_t = std::conditional_t<
    std::is_same_v<S, bool>, bool,
    std::conditional_t<std::is_integral_v<S>,
                       std::conditional_t<std::is_same_v<T, bool>, std::int64_t, T>,
                       std::conditional_t<std::is_floating_point_v<T>, T, double>>>;

/// @brief The result of an operation that gives a float (true division, sqrt, exp, mean, var...):
/// int64 and bool give float64, float types stay as they are.
template <Element T>
using float_result_t = std::conditional_t<std::is_floating_point_v<T>, T, double>;

/// @brief The result of sum and prod: bool and int64 give int64, float types stay as they are.
template <Element T>
using sum_t = std::conditional_t<std::is_floating_point_v<T>, T, std::int64_t>;

/// @brief The common type of several arrays joined into one (concatenate, stack), as
/// numpy.result_type: promote_t folded over them (the fold's order does not matter).
template <Element T, Element... Rest>
struct promote_all {
  using type = T;
};
template <Element A, Element B, Element... Rest>
struct promote_all<A, B, Rest...> : promote_all<promote_t<A, B>, Rest...> {};

template <Element... T>
using promote_all_t = typename promote_all<T...>::type;

}  // namespace dagarray::detail

namespace dagarray {

/// @brief The element type NumPy gives a Python scalar: int -> int64, double -> float64...
template <Scalar S>
using element_for = std::conditional_t<
    std::is_same_v<S, bool>, bool,
    std::conditional_t<std::is_integral_v<S>, std::int64_t,
                       std::conditional_t<std::is_same_v<S, float>, float, double>>>;

}  // namespace dagarray
