#pragma once
// NumPy's ufuncs, one small struct each, in the style of ops.hpp: the name shown in graphs and
// keys, the types computed and returned, and the scalar function applied to every element.
// Kernels inline `apply` into their loops; where NumPy's answer for an edge value (NaN, -0.0, a
// zero divisor, an overflow) is not what the plain C++ expression gives, `apply` says so.

#include <dagarray/array/ops.hpp>
#include <dagarray/array/promotion.hpp>
#include <dagarray/array/wrapping.hpp>

#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <type_traits>

namespace dagarray::detail {

// ---- floor, ceil and trunc that vectorise ---------------------------------------------------

// GCC vectorises std::nearbyint but not std::floor, std::ceil or std::trunc (unless
// -fno-trapping-math), so these are written over it. nearbyint gives one of the two integers
// around x in any rounding mode; step to the wanted one, then give it x's sign, which the
// answer always has (floor(0.5) is 0.0, ceil(-0.5) and trunc(-0.7) are -0.0, as in NumPy).

template <class T>
T floor_of(T x) {
  const T r = std::nearbyint(x);
  return std::copysign(r > x ? r - 1 : r, x);
}

template <class T>
T ceil_of(T x) {
  const T r = std::nearbyint(x);
  return std::copysign(r < x ? r + 1 : r, x);
}

template <class T>
T trunc_of(T x) {
  const T r = std::fabs(std::nearbyint(x));
  return std::copysign(r > std::fabs(x) ? r - 1 : r, x);
}

// ---- float functions of one number --------------------------------------------------------

/// int64 and bool compute in float64 (NumPy gives float16 for bool, which dagarray lacks);
/// float32 stays float32, with the float overload of the C++ function.
#define DAGARRAY_FLOAT_UNARY(Op, numpy_name, fn)    \
  struct Op {                                       \
    static constexpr const char* name = numpy_name; \
    template <class T>                              \
    using result = float_result_t<T>;               \
    template <class T>                              \
    static constexpr bool accepts = true;           \
    template <class T>                              \
    static result<T> apply(T x) {                   \
      return fn(static_cast<result<T>>(x));         \
    }                                               \
  };
DAGARRAY_FLOAT_UNARY(Exp, "exp", std::exp)
DAGARRAY_FLOAT_UNARY(Expm1, "expm1", std::expm1)
DAGARRAY_FLOAT_UNARY(Log, "log", std::log)
DAGARRAY_FLOAT_UNARY(Log1p, "log1p", std::log1p)
DAGARRAY_FLOAT_UNARY(Log2, "log2", std::log2)
DAGARRAY_FLOAT_UNARY(Log10, "log10", std::log10)
DAGARRAY_FLOAT_UNARY(Sin, "sin", std::sin)
DAGARRAY_FLOAT_UNARY(Cos, "cos", std::cos)
DAGARRAY_FLOAT_UNARY(Tan, "tan", std::tan)
DAGARRAY_FLOAT_UNARY(Arcsin, "arcsin", std::asin)
DAGARRAY_FLOAT_UNARY(Arccos, "arccos", std::acos)
DAGARRAY_FLOAT_UNARY(Arctan, "arctan", std::atan)
DAGARRAY_FLOAT_UNARY(Sinh, "sinh", std::sinh)
DAGARRAY_FLOAT_UNARY(Cosh, "cosh", std::cosh)
DAGARRAY_FLOAT_UNARY(Tanh, "tanh", std::tanh)
// Rounding: NumPy 1.24 gives float64 for int64 too. rint rounds half to even (the default
// rounding mode), keeping -0.0 for -0.5 as NumPy does.
DAGARRAY_FLOAT_UNARY(Floor, "floor", floor_of)
DAGARRAY_FLOAT_UNARY(Ceil, "ceil", ceil_of)
DAGARRAY_FLOAT_UNARY(Trunc, "trunc", trunc_of)
DAGARRAY_FLOAT_UNARY(Rint, "rint", std::rint)
#undef DAGARRAY_FLOAT_UNARY

// ---- sign and classification ----------------------------------------------------------------

/// -1, 0 or 1 in the input's type; NaN stays NaN and -0.0 gives 0.0, as numpy.sign. NumPy has
/// no sign of bool.
struct Sign {
  static constexpr const char* name = "sign";
  template <class T>
  using result = T;
  template <class T>
  static constexpr bool accepts = !std::is_same_v<T, bool>;
  template <class T>
  static constexpr T apply(T x) {
    if constexpr (std::is_floating_point_v<T>) {
      return x > 0 ? T(1) : x < 0 ? T(-1) : x == 0 ? T(0) : x;
    } else {
      return static_cast<T>((x > 0) - (x < 0));
    }
  }
};

/// A bool for every element; int64 and bool are never NaN or infinite.
template <class FloatTest, bool IntegerAnswer>
struct Classification {
  template <class T>
  using result = bool;
  template <class T>
  static constexpr bool accepts = true;
  template <class T>
  static constexpr bool apply(T x) {
    if constexpr (std::is_floating_point_v<T>) {
      return FloatTest{}(x);
    } else {
      return IntegerAnswer;
    }
  }
};

struct IsNanTest {
  template <class T>
  bool operator()(T x) const {
    return std::isnan(x);
  }
};
struct IsInfTest {
  template <class T>
  bool operator()(T x) const {
    return std::isinf(x);
  }
};
struct IsFiniteTest {
  template <class T>
  bool operator()(T x) const {
    return std::isfinite(x);
  }
};

struct IsNan : Classification<IsNanTest, false> {
  static constexpr const char* name = "isnan";
};
struct IsInf : Classification<IsInfTest, false> {
  static constexpr const char* name = "isinf";
};
struct IsFinite : Classification<IsFiniteTest, true> {
  static constexpr const char* name = "isfinite";
};

// ---- casts ----------------------------------------------------------------------------------

template <class U>
inline constexpr const char* astype_name = std::is_same_v<U, double>         ? "astype_float64"
                                           : std::is_same_v<U, float>        ? "astype_float32"
                                           : std::is_same_v<U, std::int64_t> ? "astype_int64"
                                                                             : "astype_bool";

/// A cast to U, named by U so that casts of one array to two dtypes have different keys.
/// Where C++ leaves the cast undefined, it is what NumPy gives on x86-64: a float that is NaN,
/// infinite or outside int64's range becomes INT64_MIN (what cvttsd2si returns).
template <class U>
struct AsType {
  static constexpr const char* name = astype_name<U>;
  template <class T>
  using result = U;
  template <class T>
  static constexpr bool accepts = true;
  template <class T>
  static constexpr U apply(T x) {
    if constexpr (std::is_same_v<U, bool>) {
      return x != 0;  // NaN is true, as in NumPy
    } else if constexpr (std::is_same_v<U, std::int64_t> && std::is_floating_point_v<T>) {
      constexpr T limit = T(0x1p63);  // exact in float and double; the smallest too large
      return x >= -limit && x < limit ? static_cast<U>(x)
                                      : std::numeric_limits<std::int64_t>::min();
    } else {
      return static_cast<U>(x);
    }
  }
};

// ---- binary: power and remainder ------------------------------------------------------------

/// x ** y in the promoted type. Two bools are rejected (NumPy gives int8, which dagarray lacks).
/// int64 wraps on overflow as NumPy does. NumPy raises for a negative integer exponent; the
/// public function checks a scalar exponent up front, but checking an array of exponents would
/// be a test per element, so there x ** -n is its exact value truncated towards zero: 1 for
/// x = 1, +-1 for x = -1, and 0 for every other x (0 included).
struct Power {
  static constexpr const char* name = "power";
  template <class A, class B>
  using compute = promote_t<A, B>;
  template <class A, class B>
  using result = compute<A, B>;
  template <class A, class B>
  static constexpr bool accepts = NotBothBool<A, B>;
  template <class C>
  static C apply(C x, C n) {
    if constexpr (std::is_floating_point_v<C>) {
      return std::pow(x, n);
    } else {
      if (n < 0) return x == 1 ? 1 : x == -1 ? ((n & 1) ? -1 : 1) : 0;
      C out = 1;
      for (; n != 0; n >>= 1) {
        if (n & 1) out = wrapping(out, x, std::multiplies<>{});
        x = wrapping(x, x, std::multiplies<>{});
      }
      return out;
    }
  }
};

/// x mod y with the sign of y, as numpy.mod (Python's %). int64: a zero divisor gives 0 as in
/// NumPy (which also warns), and INT64_MIN mod -1 gives 0 rather than C++'s overflow. Floats
/// follow NumPy's npy_remainder: a zero divisor or an infinite x gives NaN, an exact zero takes
/// y's sign, and x of the other sign than an infinite y gives y.
struct Mod {
  static constexpr const char* name = "remainder";
  template <class A, class B>
  using compute = promote_t<A, B>;
  template <class A, class B>
  using result = compute<A, B>;
  template <class A, class B>
  static constexpr bool accepts = NotBothBool<A, B>;
  template <class C>
  static C apply(C x, C y) {
    if constexpr (std::is_floating_point_v<C>) {
      C m = std::fmod(x, y);
      if (m == 0) return std::copysign(C(0), y);
      return (y < 0) != (m < 0) ? m + y : m;  // NaN stays NaN either way
    } else {
      // x % 1 is 0: it stands in for the divisors whose answer is 0 anyway.
      const C divisor = (y == 0 || y == -1) ? 1 : y;
      const C m = x % divisor;
      return m != 0 && ((m < 0) != (divisor < 0)) ? m + divisor : m;
    }
  }
};

// ---- binary: extrema ------------------------------------------------------------------------

/// The smaller or larger of two, in the promoted type. NumPy's loops return the second operand
/// on a tie (so minimum(0.0, -0.0) is -0.0 and minimum(-0.0, 0.0) is 0.0); minimum and maximum
/// return a NaN operand, fmin and fmax the other operand (NaN only when both are).
template <bool Larger, bool PropagateNan>
struct Pairwise {
  template <class A, class B>
  using compute = promote_t<A, B>;
  template <class A, class B>
  using result = compute<A, B>;
  template <class A, class B>
  static constexpr bool accepts = true;
  template <class C>
  static C apply(C a, C b) {
    const bool a_wins = Larger ? b < a : a < b;
    if constexpr (std::is_floating_point_v<C>) {
      return a_wins || std::isnan(PropagateNan ? a : b) ? a : b;
    } else {
      return a_wins ? a : b;
    }
  }
};

struct Minimum : Pairwise<false, true> {
  static constexpr const char* name = "minimum";
};
struct Maximum : Pairwise<true, true> {
  static constexpr const char* name = "maximum";
};
struct Fmin : Pairwise<false, false> {
  static constexpr const char* name = "fmin";
};
struct Fmax : Pairwise<true, false> {
  static constexpr const char* name = "fmax";
};

// ---- binary: float functions of two numbers -------------------------------------------------

/// int64 and bool compute in float64 (bool with bool too: NumPy's float16 is not here).
#define DAGARRAY_FLOAT_BINARY(Op, numpy_name, fn)    \
  struct Op {                                        \
    static constexpr const char* name = numpy_name;  \
    template <class A, class B>                      \
    using compute = float_result_t<promote_t<A, B>>; \
    template <class A, class B>                      \
    using result = compute<A, B>;                    \
    template <class A, class B>                      \
    static constexpr bool accepts = true;            \
    template <class C>                               \
    static C apply(C a, C b) {                       \
      return fn(a, b);                               \
    }                                                \
  };
DAGARRAY_FLOAT_BINARY(Arctan2, "arctan2", std::atan2)
DAGARRAY_FLOAT_BINARY(Hypot, "hypot", std::hypot)
#undef DAGARRAY_FLOAT_BINARY

}  // namespace dagarray::detail
