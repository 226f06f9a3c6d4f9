// Elementwise operations: lazy == eager == a plain loop, for every chunking and dtype where the
// operation applies, with scalars on either side and 0-d arrays broadcast; NumPy's result dtypes;
// int64 arithmetic wrapping as NumPy's.

#include <catch2/catch.hpp>

#include <limits>

#include "test_support.hpp"

namespace {

using test::Shape;

/// The C++ scalar a test pairs with an array of T so that NumPy's weak-scalar rule keeps T.
template <class T>
using scalar_for = std::conditional_t<std::is_same_v<T, bool>, bool,
                                      std::conditional_t<std::is_integral_v<T>, int, double>>;

using test::element;
using test::lazy_of;

/// op on lazy operands, on eager operands, and element by element on values cast to C agree,
/// and the result holds R. An operand is an array of the chunking's shape, a 0-d array or a
/// scalar.
template <class R, class C, class Op, class X, class Y>
void check(const test::Chunking& c, Op op, const X& x, const Y& y) {
  auto lazy = op(lazy_of(x, c), lazy_of(y, c));
  auto eager = op(x, y);
  STATIC_REQUIRE(std::is_same_v<decltype(lazy), da::Array<R>>);
  STATIC_REQUIRE(std::is_same_v<decltype(eager), da::NDArray<R>>);
  CHECK(lazy.dtype() == da::dtype_name_of<R>());
  const auto expected = test::generate<R>(c.shape, [&](std::int64_t i) {
    return op(static_cast<C>(element(x, i)), static_cast<C>(element(y, i)));
  });
  CHECK(test::difference(lazy.compute(), expected) == "");
  CHECK(test::difference(eager, expected) == "");
}

/// check() for array op array, array op scalar, scalar op array, array op 0-d and 0-d op array.
template <class R, class C, class T, class Op>
void check_operands(const test::Chunking& c, Op op) {
  INFO(test::describe(c));
  const auto a = test::sample<T>(c.shape, 1);
  const auto b = test::sample<T>(c.shape, 2);
  const auto zero_d = test::sample<T>({}, 3);
  const auto s = static_cast<scalar_for<T>>(3);
  check<R, C>(c, op, a, b);
  check<R, C>(c, op, a, s);
  check<R, C>(c, op, s, a);
  check<R, C>(c, op, a, zero_d);
  check<R, C>(c, op, zero_d, a);
}

template <class T>
using divide_t = std::conditional_t<std::is_floating_point_v<T>, T, double>;

/// Applies a unary operation to lazy and eager arrays and checks both against `loop`.
template <class R, class T, class Op, class Loop>
void check_unary(const test::Chunking& c, Op op, Loop loop) {
  INFO(test::describe(c));
  const auto a = test::sample<T>(c.shape, 1);
  auto lazy = op(da::from_ndarray(a, c.chunks));
  auto eager = op(a);
  STATIC_REQUIRE(std::is_same_v<decltype(lazy), da::Array<R>>);
  STATIC_REQUIRE(std::is_same_v<decltype(eager), da::NDArray<R>>);
  const auto expected =
      test::generate<R>(c.shape, [&](std::int64_t i) { return loop(a.data()[i]); });
  CHECK(test::difference(lazy.compute(), expected) == "");
  CHECK(test::difference(eager, expected) == "");
}

const auto add = [](const auto& x, const auto& y) { return x + y; };
const auto subtract = [](const auto& x, const auto& y) { return x - y; };
const auto multiply = [](const auto& x, const auto& y) { return x * y; };
const auto divide = [](const auto& x, const auto& y) { return x / y; };

}  // namespace

TEMPLATE_TEST_CASE("+ - and * match a loop on arrays and scalars and 0-d arrays", "[elementwise]",
                   double, float, std::int64_t) {
  const auto c = GENERATE(from_range(test::chunkings()));
  check_operands<TestType, TestType, TestType>(c, add);
  check_operands<TestType, TestType, TestType>(c, subtract);
  check_operands<TestType, TestType, TestType>(c, multiply);
}

TEMPLATE_TEST_CASE("/ is true division as in NumPy", "[elementwise]", double, float, std::int64_t,
                   bool) {
  const auto c = GENERATE(from_range(test::chunkings()));
  using R = divide_t<TestType>;
  check_operands<R, R, TestType>(c, divide);
}

TEMPLATE_TEST_CASE("comparisons give bool arrays", "[elementwise]", double, float, std::int64_t,
                   bool) {
  const auto c = GENERATE(from_range(test::chunkings()));
  // The samples are small integers, so comparing them as double is exact.
  check_operands<bool, double, TestType>(c, [](const auto& x, const auto& y) { return x < y; });
  check_operands<bool, double, TestType>(c, [](const auto& x, const auto& y) { return x <= y; });
  check_operands<bool, double, TestType>(c, [](const auto& x, const auto& y) { return x > y; });
  check_operands<bool, double, TestType>(c, [](const auto& x, const auto& y) { return x >= y; });
  check_operands<bool, double, TestType>(c, [](const auto& x, const auto& y) { return x == y; });
  check_operands<bool, double, TestType>(c, [](const auto& x, const auto& y) { return x != y; });
}

TEST_CASE("&& and || combine bool arrays", "[elementwise]") {
  const auto c = GENERATE(from_range(test::chunkings()));
  check_operands<bool, bool, bool>(c, [](const auto& x, const auto& y) { return x && y; });
  check_operands<bool, bool, bool>(c, [](const auto& x, const auto& y) { return x || y; });
  check_unary<bool, bool>(
      c, [](const auto& x) { return !x; }, [](bool x) { return !x; });
}

TEMPLATE_TEST_CASE("& and | are bitwise on bool and int64", "[elementwise]", std::int64_t, bool) {
  const auto c = GENERATE(from_range(test::chunkings()));
  check_operands<TestType, TestType, TestType>(c,
                                               [](const auto& x, const auto& y) { return x & y; });
  check_operands<TestType, TestType, TestType>(c,
                                               [](const auto& x, const auto& y) { return x | y; });
}

TEMPLATE_TEST_CASE("unary - and square and abs keep the dtype", "[elementwise]", double, float,
                   std::int64_t) {
  using T = TestType;
  const auto c = GENERATE(from_range(test::chunkings()));
  check_unary<T, T>(
      c, [](const auto& x) { return -x; }, [](T x) { return -x; });
  check_unary<T, T>(
      c, [](const auto& x) { return da::negative(x); }, [](T x) { return -x; });
  check_unary<T, T>(
      c, [](const auto& x) { return da::square(x); }, [](T x) { return x * x; });
  check_unary<T, T>(
      c, [](const auto& x) { return da::abs(x); }, [](T x) { return x < 0 ? -x : x; });
}

TEMPLATE_TEST_CASE("negating 0.0 gives -0.0 as numpy.negative does", "[elementwise]", double,
                   float) {
  using T = TestType;
  const da::NDArray<T> zeros({2}, {T(0), -T(0)});
  const auto x = da::from_ndarray(zeros, {1});
  for (const auto& negated : {-zeros, da::negative(zeros), (-x).compute()}) {
    CHECK(std::signbit(negated(0)));  // 1 / -0.0 is -inf, as in NumPy
    CHECK_FALSE(std::signbit(negated(1)));
  }
}

TEMPLATE_TEST_CASE("sqrt gives a float, and abs of bool is bool", "[elementwise]", double, float,
                   std::int64_t, bool) {
  using T = TestType;
  using R = divide_t<T>;
  const auto c = GENERATE(from_range(test::chunkings()));
  // Negative samples give NaN in both the library and the loop.
  check_unary<R, T>(
      c, [](const auto& x) { return da::sqrt(x); },
      [](T x) { return std::sqrt(static_cast<R>(x)); });
  if constexpr (std::is_same_v<T, bool>) {
    check_unary<bool, bool>(
        c, [](const auto& x) { return da::abs(x); }, [](bool x) { return x; });
  }
}

TEST_CASE("a 0-d result of a reduction broadcasts over a chunked array", "[elementwise]") {
  const auto a = test::sample<double>({7, 5}, 1) + 6.0;
  const auto x = da::from_ndarray(a, {3, 2});
  const auto normalised = x / da::sum(x);
  const auto centred = da::mean(x) - x;
  CHECK(test::difference(normalised.compute(), a / da::sum(a)) == "");
  CHECK(test::difference(centred.compute(), da::mean(a) - a) == "");
  CHECK(normalised.chunks() == x.chunks());
}

TEST_CASE("mixed dtypes compute in NumPy's promoted type", "[elementwise]") {
  const test::Chunking c{{7, 5}, {3, 2}};
  const auto f = test::sample<float>(c.shape, 1);
  const auto d = test::sample<double>(c.shape, 2);
  const auto i = test::sample<std::int64_t>(c.shape, 3);
  const auto b = test::sample<bool>(c.shape, 4);
  check<double, double>(c, add, f, i);  // float32 + int64 -> float64
  check<double, double>(c, multiply, i, f);
  check<double, double>(c, subtract, f, d);              // float32 - float64 -> float64
  check<float, float>(c, add, f, b);                     // float32 + bool -> float32
  check<std::int64_t, std::int64_t>(c, multiply, b, i);  // bool * int64 -> int64
  check<double, double>(c, add, i, 0.5);                 // int64 + double scalar -> float64
  check<double, double>(c, subtract, 0.5, i);
  check<std::int64_t, std::int64_t>(c, add, b, 2);  // bool + int scalar -> int64
  check<double, double>(c, add, b, 0.25);           // bool + double scalar -> float64
  check<float, float>(c, multiply, f, 0.1);  // float32 * double scalar -> float32, 0.1 as float
  check<double, double>(c, divide, i, i);    // int64 / int64 -> float64
  check<double, double>(c, divide, b, i);
  check<float, float>(c, divide, f, 4);  // float32 / int scalar -> float32
  check<std::int64_t, std::int64_t>(
      c, [](const auto& x, const auto& y) { return x & y; }, i, b);
}

TEST_CASE("result dtypes follow NumPy's rules", "[elementwise]") {
  const auto f = da::zeros<float>({4}, {2});
  const auto d = da::zeros<double>({4}, {2});
  const auto i = da::zeros<std::int64_t>({4}, {2});
  const auto b = da::zeros<bool>({4}, {2});
  STATIC_REQUIRE(std::is_same_v<decltype(i / i), da::Array<double>>);
  STATIC_REQUIRE(std::is_same_v<decltype(f * 2.0), da::Array<float>>);
  STATIC_REQUIRE(std::is_same_v<decltype(2.0 * f), da::Array<float>>);
  STATIC_REQUIRE(std::is_same_v<decltype(i + 2.0), da::Array<double>>);
  STATIC_REQUIRE(std::is_same_v<decltype(i + 2), da::Array<std::int64_t>>);
  STATIC_REQUIRE(std::is_same_v<decltype(b + 1), da::Array<std::int64_t>>);
  STATIC_REQUIRE(std::is_same_v<decltype(f + i), da::Array<double>>);
  STATIC_REQUIRE(std::is_same_v<decltype(f + b), da::Array<float>>);
  STATIC_REQUIRE(std::is_same_v<decltype(f + d), da::Array<double>>);
  STATIC_REQUIRE(std::is_same_v<decltype(b / b), da::Array<double>>);
  STATIC_REQUIRE(std::is_same_v<decltype(f / 2), da::Array<float>>);
  STATIC_REQUIRE(std::is_same_v<decltype(da::sqrt(i)), da::Array<double>>);
  STATIC_REQUIRE(std::is_same_v<decltype(da::sqrt(f)), da::Array<float>>);
  STATIC_REQUIRE(std::is_same_v<decltype(da::abs(b)), da::Array<bool>>);
  STATIC_REQUIRE(std::is_same_v<decltype(f < 1.0), da::Array<bool>>);
  STATIC_REQUIRE(std::is_same_v<decltype(i & b), da::Array<std::int64_t>>);
  STATIC_REQUIRE(std::is_same_v<decltype(b | b), da::Array<bool>>);
  CHECK((i / i).dtype() == "float64");
  CHECK((f * 2.0).dtype() == "float32");
  CHECK((i + 2.0).dtype() == "float64");
  CHECK((b + 1).dtype() == "int64");
  CHECK((f + i).dtype() == "float64");
  CHECK(da::sqrt(i).dtype() == "float64");
  CHECK((d < 0.5).dtype() == "bool");
  // The eager twins give the same types.
  const da::NDArray<std::int64_t> ei({3}, {1, 2, 3});
  const da::NDArray<float> ef({3}, {1, 2, 3});
  STATIC_REQUIRE(std::is_same_v<decltype(ei / ei), da::NDArray<double>>);
  STATIC_REQUIRE(std::is_same_v<decltype(ef * 2.0), da::NDArray<float>>);
  STATIC_REQUIRE(std::is_same_v<decltype(ei + 2.0), da::NDArray<double>>);
  CHECK((ei / ei).dtype() == "float64");
  CHECK(da::sqrt(ei).dtype() == "float64");
}

TEST_CASE("int64 arithmetic wraps on overflow as in NumPy", "[elementwise]") {
  constexpr auto max = std::numeric_limits<std::int64_t>::max();
  constexpr auto min = std::numeric_limits<std::int64_t>::min();
  const da::NDArray<std::int64_t> a({4}, {max, min, 3037000500, -7});
  // Reference arithmetic done in uint64, where it is defined to wrap.
  const auto wrap = [](std::uint64_t v) { return static_cast<std::int64_t>(v); };
  const auto u = [](std::int64_t v) { return static_cast<std::uint64_t>(v); };
  const auto reference = [&](auto f) {
    return test::generate<std::int64_t>({4},
                                        [&](std::int64_t i) { return wrap(f(u(a.data()[i]))); });
  };
  const auto chunks = GENERATE(Shape{1}, Shape{3}, Shape{4});
  const auto x = da::from_ndarray(a, chunks);
  CHECK(test::difference((x + 1).compute(), reference([](auto v) { return v + 1; })) == "");
  CHECK(test::difference((a + 1), reference([](auto v) { return v + 1; })) == "");
  CHECK(test::difference((x - max).compute(), reference([&](auto v) { return v - u(max); })) == "");
  CHECK(test::difference((min - a), reference([&](auto v) { return u(min) - v; })) == "");
  CHECK(test::difference((x * x).compute(), reference([](auto v) { return v * v; })) == "");
  CHECK(test::difference(da::square(a), reference([](auto v) { return v * v; })) == "");
  CHECK(test::difference((x + x).compute(), reference([](auto v) { return v + v; })) == "");
  CHECK(test::difference((-x).compute(), reference([](auto v) { return 0 - v; })) == "");
  CHECK(test::difference(da::abs(x).compute(),
                         reference([&](auto v) { return wrap(v) < 0 ? 0 - v : v; })) == "");
  CHECK(da::abs(a)(1) == min);  // |min| wraps to min, as numpy.abs
}
