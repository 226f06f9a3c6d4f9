// NumPy's ufuncs, astype and clip: lazy == eager bit for bit, eager == a plain loop over std::
// functions, for every chunking and dtype, with NaN, infinities, -0.0, INT64_MIN/MAX and zero
// divisors among the elements; NumPy 1.24's dtypes and edge values; fusion; the bad inputs.

#include <catch2/catch.hpp>
#include <dagarray/core/fused_layer.hpp>
#include <dagarray/core/optimize.hpp>

#include <array>
#include <limits>
#include <numbers>

#include "test_support.hpp"

namespace {

using test::Shape;

constexpr double kNan = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr std::int64_t kIntMin = std::numeric_limits<std::int64_t>::min();
constexpr std::int64_t kIntMax = std::numeric_limits<std::int64_t>::max();

template <class T>
using float_of = std::conditional_t<std::is_floating_point_v<T>, T, double>;

/// Values where the functions have edges: NaN, infinities, signed zeros, halves (rint), the
/// domain limits of arcsin and log, large values, and int64's extremes.
template <class T>
T edge(std::int64_t i) {
  if constexpr (std::is_same_v<T, bool>) {
    return i % 3 == 1;
  } else if constexpr (std::is_integral_v<T>) {
    static constexpr std::array<std::int64_t, 12> values = {
        0, 1, -1, 2, -2, 5, -7, 3, kIntMin, kIntMax, kIntMin + 1, 40};
    return values[static_cast<std::size_t>(i) % values.size()];
  } else {
    static constexpr std::array<double, 22> values = {
        0.0,   -0.0, 1.0,  -1.0, 0.5,  -0.5, 1.5,  2.5,   -2.5, kNan,  kInf,
        -kInf, 0.3,  -0.7, 3.0,  -3.0, 1e-9, 40.0, -40.0, 1e30, -1e30, 7.25};
    return static_cast<T>(values[static_cast<std::size_t>(i) % values.size()]);
  }
}

/// The edge values in the chunking's shape, starting at `offset` in the list and stepping by
/// `stride` (coprime strides pair every value of one operand with many of the other).
template <class T>
da::NDArray<T> edges(const Shape& shape, std::int64_t offset = 0, std::int64_t stride = 1) {
  return test::generate<T>(shape, [&](std::int64_t i) { return edge<T>(offset + stride * i); });
}

/// A C++ scalar converted to the type it takes next to an array of T (NumPy's weak-scalar rule),
/// so that a plain loop can compute with it as the library does.
template <class T, class S>
auto weak(S s) {
  return static_cast<da::detail::weak_t<T, S>>(s);
}

/// A few scheduler configurations: sync, threads, and unoptimised.
const std::vector<da::ComputeOptions>& some_options() {
  static const std::vector<da::ComputeOptions> some = {
      {.scheduler = da::Scheduler::sync},
      {.scheduler = da::Scheduler::threads, .num_threads = 2},
      {.scheduler = da::Scheduler::sync, .optimize = false},
  };
  return some;
}

using test::element;
using test::lazy_of;

/// op(lazy operands) equals op(eager operands) bit for bit under each configuration, the eager
/// result equals `loop` element by element, and both hold R.
template <class R, class Op, class Loop, class... V>
void check(const test::Chunking& c, Op op, Loop loop, const V&... operands) {
  INFO(test::describe(c));
  auto lazy = op(lazy_of(operands, c)...);
  auto eager = op(operands...);
  STATIC_REQUIRE(std::is_same_v<decltype(lazy), da::Array<R>>);
  STATIC_REQUIRE(std::is_same_v<decltype(eager), da::NDArray<R>>);
  CHECK(lazy.dtype() == da::dtype_name_of<R>());
  const auto expected =
      test::generate<R>(c.shape, [&](std::int64_t i) { return loop(element(operands, i)...); });
  CHECK(test::difference(eager, expected) == "");
  for (const auto& options : some_options()) {
    INFO(test::describe(options));
    CHECK(test::bitwise_equal(lazy.compute(options), eager));
  }
}

/// A float function of one number against the std:: function, computing in float_of<T>.
template <class T, class Op, class Std>
void check_float_unary(Op op, Std fn) {
  using R = float_of<T>;
  for (const auto& c : test::chunkings()) {
    check<R>(
        c, op, [&](T v) { return fn(static_cast<R>(v)); }, edges<T>(c.shape));
  }
}

/// The binary op on array-array, array-scalar, scalar-array and 0-d operands on each side.
template <class R, class T, class S, class Op, class Loop>
void check_binary(Op op, Loop loop, S scalar_of_any_type) {
  const auto scalar = weak<T>(scalar_of_any_type);
  for (const auto& c : test::chunkings()) {
    const auto a = edges<T>(c.shape);
    const auto b = edges<T>(c.shape, 5, 7);
    const auto zero_d = edges<T>({}, 3);
    check<R>(c, op, loop, a, b);
    check<R>(c, op, loop, a, scalar);
    check<R>(c, op, loop, scalar, a);
    check<R>(c, op, loop, a, zero_d);
    check<R>(c, op, loop, zero_d, a);
  }
}

/// The elements of an eager result, for comparing with NumPy's printed answers.
template <class T>
std::vector<T> values(const da::NDArray<T>& a) {
  return std::vector<T>(a.begin(), a.end());
}

/// True when every element is the same value as NumPy's (NaN equal to NaN, 0.0 not -0.0).
template <class T>
bool same_values(const da::NDArray<T>& actual, const std::vector<T>& numpy) {
  return test::difference(actual, da::NDArray<T>({static_cast<std::int64_t>(numpy.size())},
                                                 std::span<const T>(numpy))) == "";
}

template <class T>
da::NDArray<T> vec(std::initializer_list<T> v) {
  return da::NDArray<T>({static_cast<std::int64_t>(v.size())}, v);
}

}  // namespace

// ---- unary ---------------------------------------------------------------------------------

TEMPLATE_TEST_CASE("exponentials and logarithms match the std:: functions", "[ufuncs]", double,
                   float, std::int64_t, bool) {
  using T = TestType;
  check_float_unary<T>([](const auto& x) { return da::exp(x); },
                       [](auto v) { return std::exp(v); });
  check_float_unary<T>([](const auto& x) { return da::expm1(x); },
                       [](auto v) { return std::expm1(v); });
  check_float_unary<T>([](const auto& x) { return da::log(x); },
                       [](auto v) { return std::log(v); });
  check_float_unary<T>([](const auto& x) { return da::log1p(x); },
                       [](auto v) { return std::log1p(v); });
  check_float_unary<T>([](const auto& x) { return da::log2(x); },
                       [](auto v) { return std::log2(v); });
  check_float_unary<T>([](const auto& x) { return da::log10(x); },
                       [](auto v) { return std::log10(v); });
}

TEMPLATE_TEST_CASE("trigonometric and hyperbolic functions match the std:: functions", "[ufuncs]",
                   double, float, std::int64_t, bool) {
  using T = TestType;
  check_float_unary<T>([](const auto& x) { return da::sin(x); },
                       [](auto v) { return std::sin(v); });
  check_float_unary<T>([](const auto& x) { return da::cos(x); },
                       [](auto v) { return std::cos(v); });
  check_float_unary<T>([](const auto& x) { return da::tan(x); },
                       [](auto v) { return std::tan(v); });
  check_float_unary<T>([](const auto& x) { return da::arcsin(x); },
                       [](auto v) { return std::asin(v); });
  check_float_unary<T>([](const auto& x) { return da::arccos(x); },
                       [](auto v) { return std::acos(v); });
  check_float_unary<T>([](const auto& x) { return da::arctan(x); },
                       [](auto v) { return std::atan(v); });
  check_float_unary<T>([](const auto& x) { return da::sinh(x); },
                       [](auto v) { return std::sinh(v); });
  check_float_unary<T>([](const auto& x) { return da::cosh(x); },
                       [](auto v) { return std::cosh(v); });
  check_float_unary<T>([](const auto& x) { return da::tanh(x); },
                       [](auto v) { return std::tanh(v); });
}

TEMPLATE_TEST_CASE("rounding gives a float, int64 and bool giving float64 as in NumPy 1.24",
                   "[ufuncs]", double, float, std::int64_t, bool) {
  using T = TestType;
  check_float_unary<T>([](const auto& x) { return da::floor(x); },
                       [](auto v) { return std::floor(v); });
  check_float_unary<T>([](const auto& x) { return da::ceil(x); },
                       [](auto v) { return std::ceil(v); });
  check_float_unary<T>([](const auto& x) { return da::trunc(x); },
                       [](auto v) { return std::trunc(v); });
  check_float_unary<T>([](const auto& x) { return da::rint(x); },
                       [](auto v) { return std::nearbyint(v); });
}

TEST_CASE("rint rounds half to even and keeps the sign of zero, as numpy.rint", "[ufuncs]") {
  // numpy.rint([0.5, 1.5, 2.5, -0.5, -1.5, -0.2]) = [0., 2., 2., -0., -2., -0.]
  CHECK(same_values(da::rint(vec({0.5, 1.5, 2.5, -0.5, -1.5, -0.2})),
                    {0.0, 2.0, 2.0, -0.0, -2.0, -0.0}));
  CHECK(same_values(da::rint(vec({0.5f, 1.5f, 2.5f, -0.5f})), {0.0f, 2.0f, 2.0f, -0.0f}));
  CHECK(same_values(da::floor(vec({-0.0, -0.5})), {-0.0, -1.0}));
  CHECK(same_values(da::ceil(vec({-0.5})), {-0.0}));
  CHECK(same_values(da::floor(vec<std::int64_t>({kIntMax})), {9.223372036854775807e18}));
}

TEMPLATE_TEST_CASE("sign keeps the dtype, and NaN stays NaN and -0.0 gives 0.0", "[ufuncs]", double,
                   float, std::int64_t) {
  using T = TestType;
  STATIC_REQUIRE_FALSE(da::detail::Sign::accepts<bool>);  // NumPy has no sign of bool
  for (const auto& c : test::chunkings()) {
    check<T>(
        c, [](const auto& x) { return da::sign(x); },
        [](T v) -> T {
          if constexpr (std::is_floating_point_v<T>) {
            if (std::isnan(v)) return v;
          }
          return v > 0 ? T(1) : v < 0 ? T(-1) : T(0);
        },
        edges<T>(c.shape));
  }
  // numpy.sign([-0.0, 0.0, nan, -inf, 3.0]) = [0., 0., nan, -1., 1.], none with the sign bit.
  CHECK(same_values(da::sign(vec({-0.0, 0.0, kNan, -kInf, 3.0})), {0.0, 0.0, kNan, -1.0, 1.0}));
  CHECK(values(da::sign(vec<std::int64_t>({kIntMin, -3, 0, kIntMax}))) ==
        std::vector<std::int64_t>{-1, -1, 0, 1});
}

TEMPLATE_TEST_CASE("isnan, isinf and isfinite give bool for every dtype", "[ufuncs]", double, float,
                   std::int64_t, bool) {
  using T = TestType;
  for (const auto& c : test::chunkings()) {
    const auto a = edges<T>(c.shape);
    const auto as_double = [](T v) { return static_cast<double>(v); };
    check<bool>(
        c, [](const auto& x) { return da::isnan(x); },
        [&](T v) { return std::isnan(as_double(v)); }, a);
    check<bool>(
        c, [](const auto& x) { return da::isinf(x); },
        [&](T v) { return std::isinf(as_double(v)); }, a);
    check<bool>(
        c, [](const auto& x) { return da::isfinite(x); },
        [&](T v) { return std::isfinite(as_double(v)); }, a);
  }
  CHECK(values(da::isfinite(vec({kNan, kInf, -kInf, 0.0}))) ==
        std::vector<bool>{false, false, false, true});
}

// ---- binary --------------------------------------------------------------------------------

TEMPLATE_TEST_CASE("minimum and maximum propagate NaN, and fmin and fmax skip it", "[ufuncs]",
                   double, float, std::int64_t, bool) {
  using T = TestType;
  const auto pick = [](bool smaller, bool propagate) {
    return [=](auto a, auto b) {
      using C = da::detail::promote_t<decltype(a), decltype(b)>;
      const C x = static_cast<C>(a), y = static_cast<C>(b);
      if constexpr (std::is_floating_point_v<C>) {
        if (std::isnan(x) || std::isnan(y)) {
          if (propagate) return std::isnan(x) ? x : y;
          return std::isnan(x) ? y : x;
        }
      }
      // NumPy returns the second operand on a tie: minimum(0.0, -0.0) is -0.0.
      if (x == y) return y;
      return (x < y) == smaller ? x : y;
    };
  };
  const auto scalar = static_cast<std::conditional_t<std::is_same_v<T, bool>, bool, int>>(1);
  check_binary<T, T>([](const auto& x, const auto& y) { return da::minimum(x, y); },
                     pick(true, true), scalar);
  check_binary<T, T>([](const auto& x, const auto& y) { return da::maximum(x, y); },
                     pick(false, true), scalar);
  check_binary<T, T>([](const auto& x, const auto& y) { return da::fmin(x, y); }, pick(true, false),
                     scalar);
  check_binary<T, T>([](const auto& x, const auto& y) { return da::fmax(x, y); },
                     pick(false, false), scalar);
}

TEST_CASE("minimum and maximum treat NaN and signed zeros as NumPy does", "[ufuncs]") {
  // NumPy 1.24 on x = [0.0, -0.0, nan, 1.0, nan], y = [-0.0, 0.0, 1.0, nan, nan].
  const auto x = vec({0.0, -0.0, kNan, 1.0, kNan});
  const auto y = vec({-0.0, 0.0, 1.0, kNan, kNan});
  CHECK(same_values(da::minimum(x, y), {-0.0, 0.0, kNan, kNan, kNan}));
  CHECK(same_values(da::maximum(x, y), {-0.0, 0.0, kNan, kNan, kNan}));
  CHECK(same_values(da::fmin(x, y), {-0.0, 0.0, 1.0, 1.0, kNan}));
  CHECK(same_values(da::fmax(x, y), {-0.0, 0.0, 1.0, 1.0, kNan}));
  // Weak scalars: an int next to int64 stays int64, a double next to int64 gives float64.
  const auto i = vec<std::int64_t>({kIntMin, 0, kIntMax});
  STATIC_REQUIRE(std::is_same_v<decltype(da::maximum(i, 0)), da::NDArray<std::int64_t>>);
  STATIC_REQUIRE(std::is_same_v<decltype(da::maximum(i, 0.5)), da::NDArray<double>>);
  STATIC_REQUIRE(std::is_same_v<decltype(da::minimum(vec({1.0f}), 2.0)), da::NDArray<float>>);
  STATIC_REQUIRE(std::is_same_v<decltype(da::fmax(vec({true}), false)), da::NDArray<bool>>);
  CHECK(values(da::maximum(i, 0)) == std::vector<std::int64_t>{0, 0, kIntMax});
}

TEMPLATE_TEST_CASE("arctan2 and hypot give a float and match the std:: functions", "[ufuncs]",
                   double, float, std::int64_t, bool) {
  using T = TestType;
  using R = float_of<T>;
  const auto scalar = static_cast<std::conditional_t<std::is_integral_v<T>, int, double>>(2);
  using S = decltype(scalar);
  // A float scalar next to an int64 or bool array gives float64; keep R for them.
  static_assert(std::is_same_v<R, float_of<da::detail::weak_t<T, S>>>);
  const auto as_r = [](auto v) { return static_cast<R>(v); };
  check_binary<R, T>([](const auto& y, const auto& x) { return da::arctan2(y, x); },
                     [&](auto y, auto x) { return std::atan2(as_r(y), as_r(x)); }, scalar);
  check_binary<R, T>([](const auto& x, const auto& y) { return da::hypot(x, y); },
                     [&](auto x, auto y) { return std::hypot(as_r(x), as_r(y)); }, scalar);
  // numpy.arctan2([0., -0., 0., -0.], [0., 0., -0., -0.]) = [0., -0., pi, -pi]
  CHECK(same_values(da::arctan2(vec({0.0, -0.0, 0.0, -0.0}), vec({0.0, 0.0, -0.0, -0.0})),
                    {0.0, -0.0, std::numbers::pi, -std::numbers::pi}));
  CHECK(
      same_values(da::hypot(vec({kInf, kNan, -kInf}), vec({kNan, kInf, 1.0})), {kInf, kInf, kInf}));
}

TEMPLATE_TEST_CASE("mod takes the divisor's sign, as Python's %", "[ufuncs]", double, float,
                   std::int64_t) {
  using T = TestType;
  const auto loop = [](auto a, auto b) {
    using C = da::detail::promote_t<decltype(a), decltype(b)>;
    const C x = static_cast<C>(a), y = static_cast<C>(b);
    if constexpr (std::is_integral_v<C>) {
      if (y == 0) return C(0);
      // In 128 bits nothing overflows (INT64_MIN mod -1 included).
      const __int128 m = static_cast<__int128>(x) % y;
      return static_cast<C>(m != 0 && (m < 0) != (y < 0) ? m + y : m);
    } else {
      // NumPy's npy_remainder, as written in its npy_math.
      C m = std::fmod(x, y);
      if (y == 0) return m;
      if (m != 0) {
        if ((y < 0) != (m < 0)) m += y;
      } else {
        m = std::copysign(C(0), y);
      }
      return m;
    }
  };
  using S = std::conditional_t<std::is_integral_v<T>, int, double>;
  check_binary<T, T>([](const auto& x, const auto& y) { return da::mod(x, y); }, loop, S(-3));
  check_binary<T, T>([](const auto& x, const auto& y) { return da::mod(x, y); }, loop, S(0));
}

TEST_CASE("mod of edge values is NumPy's", "[ufuncs]") {
  STATIC_REQUIRE_FALSE(da::detail::Mod::accepts<bool, bool>);  // NumPy gives int8
  // numpy.mod on int64: [5, -5, 5, -5, 0, 7, INT64_MIN, INT64_MIN] mod [3, 3, -3, -3, 0, 0, -1, 3]
  CHECK(values(da::mod(vec<std::int64_t>({5, -5, 5, -5, 0, 7, kIntMin, kIntMin}),
                       vec<std::int64_t>({3, 3, -3, -3, 0, 0, -1, 3}))) ==
        std::vector<std::int64_t>{2, 1, -1, -2, 0, 0, 0, 1});
  const auto x = vec({5., -5., 5., -5., 0., -0., 7., kInf, -kInf, 5., -5., 5., -5., kNan, 0., -0.});
  const auto y =
      vec({3., 3., -3., -3., 3., 3., 0., 3., 3., kInf, kInf, -kInf, -kInf, 1., -3., -3.});
  const std::vector<double> numpy = {2.,   1., -1.,  -2.,   0.,  0.,   kNan, kNan,
                                     kNan, 5., kInf, -kInf, -5., kNan, -0.,  -0.};
  CHECK(same_values(da::mod(x, y), numpy));
  CHECK(same_values(da::mod(da::from_ndarray(x, {3}), da::from_ndarray(y, {3})).compute(), numpy));
  STATIC_REQUIRE(std::is_same_v<decltype(da::mod(vec({true}), 2)), da::NDArray<std::int64_t>>);
  STATIC_REQUIRE(
      std::is_same_v<decltype(da::mod(vec<std::int64_t>({1}), 2.0)), da::NDArray<double>>);
}

TEMPLATE_TEST_CASE("power matches repeated multiplication and std::pow", "[ufuncs]", double, float,
                   std::int64_t) {
  using T = TestType;
  const auto loop = [](auto a, auto b) {
    using C = da::detail::promote_t<decltype(a), decltype(b)>;
    const C x = static_cast<C>(a), n = static_cast<C>(b);
    if constexpr (std::is_integral_v<C>) {
      std::uint64_t out = 1;  // wraps as NumPy's int64 does
      for (C k = 0; k < n; ++k) out *= static_cast<std::uint64_t>(x);
      return static_cast<C>(out);
    } else {
      return std::pow(x, n);
    }
  };
  for (const auto& c : test::chunkings()) {
    // Exponents 0 to 70 for the integers (no negative: NumPy raises there), edges for floats.
    const auto base = edges<T>(c.shape);
    const auto exponent = std::is_integral_v<T>
                              ? test::generate<T>(c.shape, [](std::int64_t i) { return i % 71; })
                              : edges<T>(c.shape, 5, 7);
    const auto op = [](const auto& x, const auto& y) { return da::power(x, y); };
    using S = std::conditional_t<std::is_integral_v<T>, int, double>;
    check<T>(c, op, loop, base, exponent);
    check<T>(c, op, loop, base, weak<T>(S(3)));
    check<T>(c, op, loop, weak<T>(S(-2)), exponent);
    check<T>(c, op, loop, base, edges<T>({}, 3));
  }
}

TEST_CASE("power of int64 wraps on overflow as NumPy's", "[ufuncs]") {
  STATIC_REQUIRE_FALSE(da::detail::Power::accepts<bool, bool>);  // NumPy gives int8
  // numpy.power([2, 3, -2, 0, 1, -1, 3], [62, 40, 63, 0, 100, 101, 0])
  CHECK(values(da::power(vec<std::int64_t>({2, 3, -2, 0, 1, -1, 3}),
                         vec<std::int64_t>({62, 40, 63, 0, 100, 101, 0}))) ==
        std::vector<std::int64_t>{4611686018427387904, -6289078614652622815, kIntMin, 1, 1, -1, 1});
  CHECK(values(da::power(vec<std::int64_t>({3}), 41)) ==
        std::vector<std::int64_t>{-420491770248316829});
  // An array of negative exponents is not checked: the exact value truncated towards zero.
  CHECK(values(da::power(vec<std::int64_t>({1, -1, -1, 2, 0, kIntMin}),
                         vec<std::int64_t>({-5, -3, -4, -1, -2, -1}))) ==
        std::vector<std::int64_t>{1, -1, 1, 0, 0, 0});
  // numpy.power([0., -0., -2., nan, 1., -1.], [-1., -1., .5, 0., nan, inf])
  CHECK(same_values(
      da::power(vec({0.0, -0.0, -2.0, kNan, 1.0, -1.0}), vec({-1.0, -1.0, 0.5, 0.0, kNan, kInf})),
      {kInf, -kInf, kNan, 1.0, 1.0, 1.0}));
  // Weak scalars: bool ** int is int64, int64 ** double is float64 (so -1.0 is allowed).
  STATIC_REQUIRE(std::is_same_v<decltype(da::power(vec({true}), 2)), da::NDArray<std::int64_t>>);
  CHECK(same_values(da::power(vec<std::int64_t>({1, 2}), -1.0), {1.0, 0.5}));
  CHECK(same_values(da::power(vec({2.0f}), -1), {0.5f}));
}

TEST_CASE("a negative integer scalar exponent of an integer array throws, as NumPy raises",
          "[ufuncs]") {
  const auto i = vec<std::int64_t>({1, 2});
  const auto x = da::from_ndarray(i, {1});
  REQUIRE_THROWS_AS(da::power(i, -1), std::invalid_argument);
  REQUIRE_THROWS_AS(da::power(x, -2L), std::invalid_argument);
  REQUIRE_THROWS_AS(da::power(vec({true}), -1), std::invalid_argument);
  REQUIRE_THROWS_WITH(da::power(x, -1), Catch::Contains("power") &&
                                            Catch::Contains("exponent = -1") &&
                                            Catch::Contains("negative"));
  CHECK_NOTHROW(da::power(i, 0));
  CHECK_NOTHROW(da::power(-1, i));  // a negative base is fine
}

TEST_CASE("binary ufuncs of arrays of different shapes throw", "[ufuncs]") {
  const auto a = da::NDArray<double>({3});
  const auto b = da::NDArray<double>({4});
  REQUIRE_THROWS_AS(da::minimum(a, b), std::invalid_argument);
  REQUIRE_THROWS_WITH(da::hypot(da::from_ndarray(a, {3}), da::from_ndarray(b, {2})),
                      Catch::Contains("hypot") && Catch::Contains("(3,)"));
  REQUIRE_THROWS_WITH(da::clip(a, 0.0, b), Catch::Contains("minimum"));
}

// ---- clip and astype -----------------------------------------------------------------------

TEMPLATE_TEST_CASE("clip is maximum with low, then minimum with high", "[ufuncs]", double, float,
                   std::int64_t) {
  using T = TestType;
  for (const auto& c : test::chunkings()) {
    const auto a = edges<T>(c.shape);
    const auto loop = [](T v, T lo, T hi) -> T {
      if constexpr (std::is_floating_point_v<T>) {
        if (std::isnan(v)) return v;
      }
      return v < lo ? lo : v > hi ? hi : v;
    };
    check<T>(
        c, [](const auto& x) { return da::clip(x, T(-2), T(3)); },
        [&](T v) { return loop(v, T(-2), T(3)); }, a);
    // low > high gives high everywhere, as numpy.clip.
    check<T>(
        c, [](const auto& x) { return da::clip(x, T(6), T(2)); },
        [](T v) {
          if constexpr (std::is_floating_point_v<T>) {
            if (std::isnan(v)) return v;
          }
          return T(2);
        },
        a);
  }
}

TEST_CASE("clip keeps NaN and the dtypes of numpy.clip", "[ufuncs]") {
  // numpy.clip([nan, -1., 5., -0., 0.], 0., 2.) = [nan, 0., 2., 0., 0.]
  CHECK(same_values(da::clip(vec({kNan, -1.0, 5.0, -0.0, 0.0}), 0.0, 2.0),
                    {kNan, 0.0, 2.0, 0.0, 0.0}));
  CHECK(same_values(da::clip(vec({0.0}), -0.0, 2.0), {-0.0}));
  CHECK(same_values(da::clip(vec({1.0, 5.0, 10.0}), 6.0, 2.0), {2.0, 2.0, 2.0}));
  const auto i = vec<std::int64_t>({0, 1, 2, 3, 4});
  STATIC_REQUIRE(std::is_same_v<decltype(da::clip(i, 1, 3)), da::NDArray<std::int64_t>>);
  STATIC_REQUIRE(std::is_same_v<decltype(da::clip(i, 0.5, 3)), da::NDArray<double>>);
  STATIC_REQUIRE(std::is_same_v<decltype(da::clip(vec({true}), 0, 1)), da::NDArray<std::int64_t>>);
  STATIC_REQUIRE(std::is_same_v<decltype(da::clip(vec({true}), false, true)), da::NDArray<bool>>);
  STATIC_REQUIRE(std::is_same_v<decltype(da::clip(vec({1.0f}), 0, 2.5)), da::NDArray<float>>);
  CHECK(values(da::clip(i, 1, 3)) == std::vector<std::int64_t>{1, 1, 2, 3, 3});
  // Array bounds, lazily.
  const auto x = da::from_ndarray(vec({-5.0, 0.5, 5.0}), {2});
  const auto lo = da::from_ndarray(vec({0.0, 1.0, 0.0}), {1});
  CHECK(same_values(da::clip(x, lo, 2.0).compute(), {0.0, 1.0, 2.0}));
}

TEMPLATE_TEST_CASE("astype casts every dtype to every dtype as NumPy", "[ufuncs]", double, float,
                   std::int64_t, bool) {
  using T = TestType;
  const auto cast = [](auto u) {
    using U = decltype(u);
    return [](T v) -> U {
      if constexpr (std::is_same_v<U, bool>) {
        return v != 0;
      } else if constexpr (std::is_same_v<U, std::int64_t> && std::is_floating_point_v<T>) {
        const auto d = static_cast<long double>(v);
        return !std::isnan(d) && d >= -0x1p63L && d < 0x1p63L ? static_cast<U>(v) : kIntMin;
      } else {
        return static_cast<U>(v);
      }
    };
  };
  for (const auto& c : test::chunkings()) {
    const auto a = edges<T>(c.shape);
    check<double>(
        c, [](const auto& x) { return da::astype<double>(x); }, cast(0.0), a);
    check<float>(
        c, [](const auto& x) { return da::astype<float>(x); }, cast(0.0f), a);
    check<std::int64_t>(
        c, [](const auto& x) { return da::astype<std::int64_t>(x); }, cast(std::int64_t{0}), a);
    check<bool>(
        c, [](const auto& x) { return da::astype<bool>(x); }, cast(false), a);
  }
}

TEST_CASE("astype of NaN, infinities and out-of-range floats to int64 is INT64_MIN", "[ufuncs]") {
  const auto big =
      vec({kNan, kInf, -kInf, 1e19, -1e19, 9.3e18, -9.223372036854775808e18, 2.7, -2.7});
  const std::vector<std::int64_t> numpy = {kIntMin, kIntMin, kIntMin, kIntMin, kIntMin,
                                           kIntMin, kIntMin, 2,       -2};
  CHECK(values(da::astype<std::int64_t>(big)) == numpy);
  CHECK(values(da::astype<std::int64_t>(da::astype<float>(big))) == numpy);
  CHECK(values(da::astype<bool>(vec({kNan, 0.0, -0.0, 0.1, kInf}))) ==
        std::vector<bool>{true, false, false, true, true});
  CHECK(same_values(da::astype<float>(vec({1e300, -1e300, 1e-50})), {INFINITY, -INFINITY, 0.0f}));
}

TEST_CASE("astype to the same dtype returns a lazy array as it is and copies an eager one",
          "[ufuncs]") {
  const auto a = vec({1.0, 2.0});
  const auto x = da::from_ndarray(a, {1});
  CHECK(da::astype<double>(x).name() == x.name());
  auto copy = da::astype<double>(a);
  CHECK(copy.data() != a.data());
  CHECK(values(copy) == values(a));
  // Casts to two dtypes are two different layers.
  CHECK(da::astype<float>(x).name() != da::astype<std::int64_t>(x).name());
  CHECK(da::astype<float>(x).name() == da::astype<float>(x).name());
}

// ---- empty arrays, schedulers, fusion ------------------------------------------------------

TEST_CASE("ufuncs of empty arrays are empty arrays of the result dtype", "[ufuncs]") {
  for (const auto& [shape, chunks] : {test::Chunking{{0}, {1}}, test::Chunking{{3, 0}, {2, 1}}}) {
    const auto a = da::NDArray<std::int64_t>(shape);
    const auto x = da::from_ndarray(a, chunks);
    CHECK(da::exp(x).compute().shape() == shape);
    CHECK(da::exp(a).shape() == shape);
    CHECK(da::mod(x, 3).compute().shape() == shape);
    CHECK(da::power(x, x).compute().size() == 0);
    CHECK(da::clip(a, 0, 1).shape() == shape);
    CHECK(da::astype<bool>(x).compute().shape() == shape);
  }
}

TEST_CASE("lazy ufuncs agree with eager ones on every scheduler configuration", "[ufuncs]") {
  const auto a = edges<double>({7, 5});
  const auto b = edges<double>({7, 5}, 5, 7);
  const auto x = da::from_ndarray(a, {3, 2});
  const auto y = da::from_ndarray(b, {2, 3});  // other chunks: y is aligned on x's
  const auto lazy = da::fmax(da::tanh(x), da::mod(y, 1.5)) + da::power(x, 2.0);
  const auto eager = da::fmax(da::tanh(a), da::mod(b, 1.5)) + da::power(a, 2.0);
  for (const auto& options : test::all_options()) {
    INFO(test::describe(options));
    CHECK(test::bitwise_equal(lazy.compute(options), eager));
  }
}

TEST_CASE("a chain of ufuncs and arithmetic fuses into one task per block", "[ufuncs]") {
  const auto x = da::random::uniform(0.0, 1.0, {40}, {10}, 1);
  const auto y = da::exp(x) * 2.0 + da::log1p(x);
  const auto z = da::clip(da::astype<float>(da::sin(x)), 0.0, 0.5);
  const auto graph_of = [](const da::Array<double>& a) {
    return da::core::LayerGraph::from_outputs(std::vector<da::core::LayerPtr>{a.layer()});
  };
  const auto before = graph_of(y);
  const auto after = da::core::fuse_blockwise(before);
  CHECK(before.layers.size() == 5);  // uniform, exp, multiply, log1p, add
  // x is read twice, so it stays a layer of its own; the rest is one fused layer.
  REQUIRE(after.layers.size() == 2);
  const auto* fused = dynamic_cast<const da::core::FusedLayer*>(after.layers[1].get());
  REQUIRE(fused != nullptr);
  CHECK(fused->stages().size() == 4);
  CHECK(fused->name() == y.name());
  // A source read once fuses with the whole chain: one task per block.
  const da::core::LayerPtr outputs[] = {z.layer()};
  const auto graph = da::detail::build_graph(outputs, true);
  CHECK(graph.size() == 4);
  CHECK(graph.layers().back()->op() == "uniform-sin-astype_float32-maximum-minimum");
  const auto expected = da::clip(da::astype<float>(da::sin(x.compute())), 0.0, 0.5);
  CHECK(test::bitwise_equal(z.compute(), expected));
  CHECK(test::bitwise_equal(y.compute(), da::exp(x.compute()) * 2.0 + da::log1p(x.compute())));
}

TEST_CASE("the same ufunc expression built twice has the same name", "[ufuncs]") {
  const auto x = da::from_ndarray(edges<double>({6}), {4});
  CHECK(da::hypot(x, 2.0).name() == da::hypot(x, 2.0).name());
  CHECK(da::hypot(x, 2.0).name() != da::hypot(2.0, x).name());
  CHECK(da::minimum(x, x).name() != da::fmin(x, x).name());
  CHECK(da::exp(x).layer()->op() == "exp");
  CHECK(da::mod(x, 2.0).layer()->op() == "remainder");
}
