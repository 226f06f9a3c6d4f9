#pragma once
// The elementwise operations, one small struct each: the name shown in graphs and keys, the
// types it computes and returns, and the scalar function applied to every element. Kernels
// inline `apply` into their loops, so the compiler sees a plain arithmetic loop to vectorise.

#include <dagarray/array/promotion.hpp>

#include <cmath>
#include <cstdint>
#include <type_traits>

namespace dagarray::detail {

/// Signed overflow is undefined in C++ but wraps in NumPy: do integer arithmetic unsigned.
template <class C, class F>
constexpr C wrapping(C a, C b, F f) {
  if constexpr (std::is_same_v<C, std::int64_t>) {
    return static_cast<C>(f(static_cast<std::uint64_t>(a), static_cast<std::uint64_t>(b)));
  } else {
    return f(a, b);
  }
}

template <class A, class B>
concept NotBothBool = !(std::is_same_v<A, bool> && std::is_same_v<B, bool>);

// ---- binary arithmetic -------------------------------------------------------------------

struct Add {
  static constexpr const char* name = "add";
  template <class A, class B>
  using compute = promote_t<A, B>;
  template <class A, class B>
  using result = compute<A, B>;
  template <class A, class B>
  static constexpr bool accepts = NotBothBool<A, B>;
  template <class C>
  static constexpr C apply(C a, C b) {
    return wrapping(a, b, [](auto x, auto y) { return x + y; });
  }
};

struct Subtract {
  static constexpr const char* name = "subtract";
  template <class A, class B>
  using compute = promote_t<A, B>;
  template <class A, class B>
  using result = compute<A, B>;
  template <class A, class B>
  static constexpr bool accepts = NotBothBool<A, B>;
  template <class C>
  static constexpr C apply(C a, C b) {
    return wrapping(a, b, [](auto x, auto y) { return x - y; });
  }
};

struct Multiply {
  static constexpr const char* name = "multiply";
  template <class A, class B>
  using compute = promote_t<A, B>;
  template <class A, class B>
  using result = compute<A, B>;
  template <class A, class B>
  static constexpr bool accepts = NotBothBool<A, B>;
  template <class C>
  static constexpr C apply(C a, C b) {
    return wrapping(a, b, [](auto x, auto y) { return x * y; });
  }
};

struct Divide {
  static constexpr const char* name = "true_divide";
  template <class A, class B>
  using compute = true_divide_t<promote_t<A, B>>;
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

#define DAGARRAY_COMPARISON(Name, text, expr)         \
  struct Name {                                       \
    static constexpr const char* name = text;         \
    template <class A, class B>                       \
    using compute = promote_t<A, B>;                  \
    template <class A, class B>                       \
    using result = bool;                              \
    template <class A, class B>                       \
    static constexpr bool accepts = true;             \
    template <class C>                                \
    static constexpr bool apply(C a, C b) {           \
      return expr;                                    \
    }                                                 \
  };
DAGARRAY_COMPARISON(Less, "less", a < b)
DAGARRAY_COMPARISON(LessEqual, "less_equal", a <= b)
DAGARRAY_COMPARISON(Greater, "greater", a > b)
DAGARRAY_COMPARISON(GreaterEqual, "greater_equal", a >= b)
DAGARRAY_COMPARISON(Equal, "equal", a == b)
DAGARRAY_COMPARISON(NotEqual, "not_equal", a != b)
#undef DAGARRAY_COMPARISON

struct LogicalAnd {
  static constexpr const char* name = "logical_and";
  template <class A, class B>
  using compute = bool;
  template <class A, class B>
  using result = bool;
  template <class A, class B>
  static constexpr bool accepts = std::is_same_v<A, bool> && std::is_same_v<B, bool>;
  static constexpr bool apply(bool a, bool b) { return a & b; }
};

struct LogicalOr {
  static constexpr const char* name = "logical_or";
  template <class A, class B>
  using compute = bool;
  template <class A, class B>
  using result = bool;
  template <class A, class B>
  static constexpr bool accepts = std::is_same_v<A, bool> && std::is_same_v<B, bool>;
  static constexpr bool apply(bool a, bool b) { return a | b; }
};

template <class A, class B>
concept Bitwise = (std::is_same_v<A, bool> || std::is_same_v<A, std::int64_t>) &&
                  (std::is_same_v<B, bool> || std::is_same_v<B, std::int64_t>);

struct BitwiseAnd {
  static constexpr const char* name = "bitwise_and";
  template <class A, class B>
  using compute = promote_t<A, B>;
  template <class A, class B>
  using result = compute<A, B>;
  template <class A, class B>
  static constexpr bool accepts = Bitwise<A, B>;
  template <class C>
  static constexpr C apply(C a, C b) {
    return static_cast<C>(a & b);
  }
};

struct BitwiseOr {
  static constexpr const char* name = "bitwise_or";
  template <class A, class B>
  using compute = promote_t<A, B>;
  template <class A, class B>
  using result = compute<A, B>;
  template <class A, class B>
  static constexpr bool accepts = Bitwise<A, B>;
  template <class C>
  static constexpr C apply(C a, C b) {
    return static_cast<C>(a | b);
  }
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
    return wrapping(T(0), x, [](auto a, auto b) { return a - b; });
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
      return wrapping(x, x, [](auto a, auto b) { return a * b; });
    }
  }
};

struct Sqrt {
  static constexpr const char* name = "sqrt";
  template <class T>
  using result = true_divide_t<T>;
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
