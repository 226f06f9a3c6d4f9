#pragma once
// The elementwise operations, one small struct each: the name shown in graphs and keys, the
// types it computes and returns, and the scalar function applied to every element. Kernels
// inline `apply` into their loops, so the compiler sees a plain arithmetic loop to vectorise.

#include <dagarray/array/promotion.hpp>
#include <dagarray/array/wrapping.hpp>

#include <cmath>
#include <cstdint>
#include <functional>
#include <type_traits>

namespace dagarray::detail {

template <class A, class B>
concept NotBothBool = !(std::is_same_v<A, bool> && std::is_same_v<B, bool>);

// ---- binary arithmetic -------------------------------------------------------------------

/// Add, subtract and multiply in the promoted type; not on two bool arrays (NumPy rejects
/// subtract there and gives logic for the others: write || and && for that).
template <class Fn>
struct Arithmetic {
  template <class A, class B>
  using compute = promote_t<A, B>;
  template <class A, class B>
  using result = compute<A, B>;
  template <class A, class B>
  static constexpr bool accepts = NotBothBool<A, B>;
  template <class C>
  static constexpr C apply(C a, C b) {
    return wrapping(a, b, Fn{});
  }
};

struct Add : Arithmetic<std::plus<>> {
  static constexpr const char* name = "add";
};
struct Subtract : Arithmetic<std::minus<>> {
  static constexpr const char* name = "subtract";
};
struct Multiply : Arithmetic<std::multiplies<>> {
  static constexpr const char* name = "multiply";
};

struct Divide {
  static constexpr const char* name = "true_divide";
  template <class A, class B>
  using compute = float_result_t<promote_t<A, B>>;
  template <class A, class B>
  using result = compute<A, B>;
  template <class A, class B>
  static constexpr bool accepts = true;
  template <class C>
  static constexpr C apply(C a, C b) {
    return a / b;
  }
};

// ---- comparisons and logic ---------------------------------------------------------------

/// Compared in the promoted type; the result is bool.
template <class Fn>
struct Comparison {
  template <class A, class B>
  using compute = promote_t<A, B>;
  template <class A, class B>
  using result = bool;
  template <class A, class B>
  static constexpr bool accepts = true;
  template <class C>
  static constexpr bool apply(C a, C b) {
    return Fn{}(a, b);
  }
};

struct Less : Comparison<std::less<>> {
  static constexpr const char* name = "less";
};
struct LessEqual : Comparison<std::less_equal<>> {
  static constexpr const char* name = "less_equal";
};
struct Greater : Comparison<std::greater<>> {
  static constexpr const char* name = "greater";
};
struct GreaterEqual : Comparison<std::greater_equal<>> {
  static constexpr const char* name = "greater_equal";
};
struct Equal : Comparison<std::equal_to<>> {
  static constexpr const char* name = "equal";
};
struct NotEqual : Comparison<std::not_equal_to<>> {
  static constexpr const char* name = "not_equal";
};

/// && and || on bool arrays; evaluated without branches so the loop vectorises.
template <class Fn>
struct Logical {
  template <class A, class B>
  using compute = bool;
  template <class A, class B>
  using result = bool;
  template <class A, class B>
  static constexpr bool accepts = std::is_same_v<A, bool>&& std::is_same_v<B, bool>;
  static constexpr bool apply(bool a, bool b) { return Fn{}(a, b); }
};

struct LogicalAnd : Logical<std::bit_and<>> {
  static constexpr const char* name = "logical_and";
};
struct LogicalOr : Logical<std::bit_or<>> {
  static constexpr const char* name = "logical_or";
};

/// & and | on bool or int64, as NumPy's bitwise_and and bitwise_or.
template <class Fn>
struct Bitwise {
  template <class A, class B>
  using compute = promote_t<A, B>;
  template <class A, class B>
  using result = compute<A, B>;
  template <class A, class B>
  static constexpr bool accepts = (std::is_same_v<A, bool> || std::is_same_v<A, std::int64_t>)&&(
      std::is_same_v<B, bool> || std::is_same_v<B, std::int64_t>);
  template <class C>
  static constexpr C apply(C a, C b) {
    return static_cast<C>(Fn{}(a, b));
  }
};

struct BitwiseAnd : Bitwise<std::bit_and<>> {
  static constexpr const char* name = "bitwise_and";
};
struct BitwiseOr : Bitwise<std::bit_or<>> {
  static constexpr const char* name = "bitwise_or";
};

// ---- unary -------------------------------------------------------------------------------

struct Negative {
  static constexpr const char* name = "negative";
  template <class T>
  using result = T;
  template <class T>
  static constexpr bool accepts = !std::is_same_v<T, bool>;
  template <class T>
  static constexpr T apply(T x) {
    // Floats flip the sign bit (0.0 becomes -0.0, as numpy.negative); int64 wraps.
    if constexpr (std::is_floating_point_v<T>) {
      return -x;
    } else {
      return wrapping(T(0), x, std::minus<>{});
    }
  }
};

struct Square {
  static constexpr const char* name = "square";
  template <class T>
  using result = T;
  template <class T>
  static constexpr bool accepts = true;
  template <class T>
  static constexpr T apply(T x) {
    if constexpr (std::is_same_v<T, bool>) {
      return x;
    } else {
      return wrapping(x, x, std::multiplies<>{});
    }
  }
};

struct Sqrt {
  static constexpr const char* name = "sqrt";
  template <class T>
  using result = float_result_t<T>;
  template <class T>
  static constexpr bool accepts = true;
  template <class T>
  static result<T> apply(T x) {
    return std::sqrt(static_cast<result<T>>(x));
  }
};

struct Absolute {
  static constexpr const char* name = "absolute";
  template <class T>
  using result = T;
  template <class T>
  static constexpr bool accepts = true;
  template <class T>
  static constexpr T apply(T x) {
    if constexpr (std::is_same_v<T, bool>) {
      return x;
    } else if constexpr (std::is_integral_v<T>) {
      return x < 0 ? Negative::apply(x) : x;
    } else {
      return std::fabs(x);
    }
  }
};

struct LogicalNot {
  static constexpr const char* name = "logical_not";
  template <class T>
  using result = bool;
  template <class T>
  static constexpr bool accepts = std::is_same_v<T, bool>;
  static constexpr bool apply(bool x) { return !x; }
};

}  // namespace dagarray::detail
