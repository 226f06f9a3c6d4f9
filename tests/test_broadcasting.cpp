// Broadcasting by NumPy's rule: elementwise operations, where, broadcast_to and
// broadcast_shapes, lazy (every chunking, scheduler, fused or not) == eager == a plain loop that
// indexes each operand by hand; and a broadcast operand is read, never copied.

#include <catch2/catch.hpp>
#include <dagarray/core/optimize.hpp>

#include <map>

#include "test_support.hpp"

namespace {

using test::Shape;

/// Element of `in` (shape `in_shape`) that element `flat` of an array of shape `out` reads
/// under broadcasting, worked out one axis at a time.
std::int64_t source_index(const Shape& out, const Shape& in_shape, std::int64_t flat) {
  std::int64_t index = 0, scale = 1;
  for (std::size_t k = out.size(); k-- > 0;) {
    const auto i = flat % out[k];
    flat /= out[k];
    const auto offset = out.size() - in_shape.size();
    if (k < offset) continue;
    const auto extent = in_shape[k - offset];
    index += (extent == 1 ? 0 : i) * scale;
    scale *= extent;
  }
  return index;
}

template <class R, da::Element A, da::Element B, class F>
da::NDArray<R> broadcast_loop(const da::NDArray<A>& a, const da::NDArray<B>& b, const Shape& out,
                              F f) {
  da::NDArray<R> result(out);
  for (std::int64_t i = 0; i < result.size(); ++i) {
    result.data()[i] =
        f(a.data()[source_index(out, a.shape(), i)], b.data()[source_index(out, b.shape(), i)]);
  }
  return result;
}

/// Chunk sizes to split `shape` with: single elements, pairs, whole axes.
std::vector<Shape> chunk_choices(const Shape& shape) {
  std::vector<Shape> out;
  for (std::int64_t size : {1, 2, 1 << 20}) {
    Shape chunks;
    for (auto e : shape) chunks.push_back(std::max<std::int64_t>(1, std::min(size, e)));
    out.push_back(chunks);
  }
  return out;
}

struct ShapePair {
  Shape a, b, out;
};

const std::vector<ShapePair>& shape_pairs() {
  static const std::vector<ShapePair> all = {
      {{3, 4}, {4}, {3, 4}},
      {{3, 1}, {1, 4}, {3, 4}},
      {{2, 3, 4}, {3, 1}, {2, 3, 4}},
      {{}, {5}, {5}},
      {{5}, {}, {5}},
      {{0, 3}, {1, 3}, {0, 3}},
      {{2, 1, 3, 1}, {4, 1, 5}, {2, 4, 3, 5}},
      {{1}, {1}, {1}},
      {{4, 1}, {4, 5}, {4, 5}},
      {{1, 1, 6}, {2, 3, 1}, {2, 3, 6}},
  };
  return all;
}

}  // namespace

TEST_CASE("broadcast_shapes follows NumPy's rule", "[broadcasting]") {
  CHECK(da::broadcast_shapes({5, 1, 3}, {4, 1}) == Shape{5, 4, 3});
  CHECK(da::broadcast_shapes({}, {2, 3}) == Shape{2, 3});
  CHECK(da::broadcast_shapes({0}, {1}) == Shape{0});
  for (const auto& [a, b, out] : shape_pairs()) CHECK(da::broadcast_shapes(a, b) == out);
  CHECK_THROWS_WITH(da::broadcast_shapes({3}, {4}),
                    Catch::Contains("shapes = (3,) and (4,)") && Catch::Contains("broadcast"));
  CHECK_THROWS_AS(da::broadcast_shapes({2, 3}, {3, 2}), std::invalid_argument);
  CHECK_THROWS_AS(da::broadcast_shapes({-1}, {1}), std::invalid_argument);
}

TEMPLATE_TEST_CASE("binary operations broadcast, lazy == eager == a plain loop", "[broadcasting]",
                   double, float, std::int64_t) {
  using T = TestType;
  for (const auto& [sa, sb, out] : shape_pairs()) {
    const auto a = test::sample<T>(sa, 1);
    const auto b = test::sample<T>(sb, 3);
    const auto sum = broadcast_loop<T>(a, b, out, [](T x, T y) { return static_cast<T>(x + y); });
    const auto less = broadcast_loop<bool>(a, b, out, [](T x, T y) { return x < y; });
    INFO("shapes " << da::detail::to_string(sa) << " and " << da::detail::to_string(sb));
    CHECK(test::difference(a + b, sum) == "");
    CHECK(test::difference(a < b, less) == "");
    for (const auto& ca : chunk_choices(sa)) {
      for (const auto& cb : chunk_choices(sb)) {
        const auto la = da::from_ndarray(a, ca);
        const auto lb = da::from_ndarray(b, cb);
        REQUIRE((la + lb).shape() == out);
        for (const auto& options : test::all_options()) {
          INFO(test::describe(options)
               << ", chunks " << da::detail::to_string(ca) << " and " << da::detail::to_string(cb));
          CHECK(test::difference((la + lb).compute(options), sum) == "");
          CHECK(test::difference((la < lb).compute(options), less) == "");
        }
      }
    }
  }
}

TEST_CASE("shapes that do not broadcast are refused, naming both", "[broadcasting]") {
  const auto a = test::sample<double>({3, 4});
  const auto b = test::sample<double>({3});
  CHECK_THROWS_WITH(a + b, Catch::Contains("add") && Catch::Contains("(3, 4) and (3,)"));
  const auto la = da::from_ndarray(a, {2, 2});
  const auto lb = da::from_ndarray(b, {3});
  CHECK_THROWS_WITH(la * lb, Catch::Contains("multiply") && Catch::Contains("(3, 4) and (3,)"));
  CHECK_THROWS_AS(da::where(la > 0.0, la, lb), std::invalid_argument);
}

TEST_CASE("a broadcast operand is one block that every block reads", "[broadcasting]") {
  // x: 4 x 6 in 2 x 3 blocks; row: 1 x 6 in blocks of 3 along the columns; col: 4 x 1.
  const auto x = da::from_ndarray(test::sample<double>({4, 6}), {2, 3});
  const auto row = da::from_ndarray(test::sample<double>({1, 6}, 2), {1, 3});
  const auto col = da::from_ndarray(test::sample<double>({4, 1}, 4), {2, 1});
  const auto y = (x - row) * col;
  CHECK(y.chunks() == da::Chunks{{2, 2}, {3, 3}});
  const auto graph = da::detail::build_graph(std::vector{y.layer()}, /*optimize=*/false);
  std::map<std::string, std::int64_t> tasks;
  for (const auto& layer : graph.layers()) tasks[layer->op()] += layer->num_blocks();
  // No rechunk or copy of the broadcast operands: 4 + 2 + 2 source tasks, 4 + 4 operations.
  CHECK(tasks ==
        std::map<std::string, std::int64_t>{{"array", 8}, {"subtract", 4}, {"multiply", 4}});
  // Fused: the chain joins x's source; the broadcast operands stay tasks of their own, read
  // by every block of the fused layer.
  const auto fused = da::detail::build_graph(std::vector{y.layer()}, /*optimize=*/true);
  CHECK(fused.size() == 4 + 2 + 2);
  const auto eager = (test::sample<double>({4, 6}) - test::sample<double>({1, 6}, 2)) *
                     test::sample<double>({4, 1}, 4);
  for (const auto& options : test::all_options()) {
    INFO(test::describe(options));
    CHECK(test::bitwise_equal(y.compute(options), eager));
  }
}

TEST_CASE("equal extents in different chunks are unified on the first operand's",
          "[broadcasting]") {
  const auto values = test::sample<std::int64_t>({10, 4});
  const auto a = da::from_ndarray(values, {3, 4});
  const auto b = da::from_ndarray(values, {5, 2});
  const auto sum = a + b;
  CHECK(sum.chunks() == da::Chunks{{3, 3, 3, 1}, {4}});
  CHECK(test::difference(sum.compute(), values + values) == "");
  const auto row = da::from_ndarray(test::sample<std::int64_t>({4}), {1});
  CHECK((row + a).chunks() == da::Chunks{{3, 3, 3, 1}, {1, 1, 1, 1}});
}

TEST_CASE("0-d arrays and scalars broadcast over any shape", "[broadcasting]") {
  const auto x = test::sample<double>({3, 5});
  const da::NDArray<double> zero_d(Shape{}, {2.5});
  const auto lazy = da::from_ndarray(x, {2, 2});
  const auto lazy_0d = da::from_ndarray(zero_d, {});
  CHECK(test::bitwise_equal((lazy * lazy_0d).compute(), x * 2.5));
  CHECK(test::bitwise_equal((lazy_0d - lazy).compute(), 2.5 - x));
  CHECK(test::bitwise_equal((zero_d * x), x * 2.5));
}

TEMPLATE_TEST_CASE("where picks by a broadcast condition, lazy == eager == a loop",
                   "[broadcasting][where]", double, float, std::int64_t, bool) {
  using T = TestType;
  const auto cond = test::sample<bool>({3, 1, 4});
  const auto a = test::sample<T>({2, 4}, 1);
  const auto b = test::sample<T>({3, 2, 1}, 2);
  const Shape out{3, 2, 4};
  da::NDArray<T> expected(out);
  for (std::int64_t i = 0; i < expected.size(); ++i) {
    expected.data()[i] = cond.data()[source_index(out, cond.shape(), i)]
                             ? a.data()[source_index(out, a.shape(), i)]
                             : b.data()[source_index(out, b.shape(), i)];
  }
  CHECK(test::difference(da::where(cond, a, b), expected) == "");
  const auto lc = da::from_ndarray(cond, {2, 1, 3});
  const auto la = da::from_ndarray(a, {1, 4});
  const auto lb = da::from_ndarray(b, {3, 1, 1});
  for (const auto& options : test::all_options()) {
    INFO(test::describe(options));
    CHECK(test::difference(da::where(lc, la, lb).compute(options), expected) == "");
  }
}

TEST_CASE("where takes scalars on either side and promotes as arithmetic does",
          "[broadcasting][where]") {
  const auto x = test::sample<std::int64_t>({7});
  const auto lx = da::from_ndarray(x, {3});
  const auto positive = x > std::int64_t{0};
  // A float scalar next to int64 gives float64; an int scalar keeps int64.
  auto half = da::where(positive, x, 0.5);
  STATIC_REQUIRE(std::is_same_v<decltype(half), da::NDArray<double>>);
  auto lazy_zero = da::where(lx > std::int64_t{0}, 0, lx);
  STATIC_REQUIRE(std::is_same_v<decltype(lazy_zero), da::Array<std::int64_t>>);
  auto both = da::where(lx > std::int64_t{0}, 1.0, -1.0);
  STATIC_REQUIRE(std::is_same_v<decltype(both), da::Array<double>>);
  const auto f = test::sample<float>({7});
  STATIC_REQUIRE(std::is_same_v<decltype(da::where(positive, f, 2.0)), da::NDArray<float>>);
  const auto zero_ok = lazy_zero.compute();
  const auto both_v = both.compute();
  for (std::int64_t i = 0; i < x.size(); ++i) {
    const auto v = x.data()[i];
    CHECK(half.data()[i] == (v > 0 ? double(v) : 0.5));
    CHECK(zero_ok.data()[i] == (v > 0 ? 0 : v));
    CHECK(both_v.data()[i] == (v > 0 ? 1.0 : -1.0));
  }
  // A condition of any dtype counts non-zero (NaN included) as true, as NumPy.
  const da::NDArray<double> c({3}, {0.0, -2.0, std::nan("")});
  const auto picked = da::where(c, 1, 0);
  CHECK(std::vector<std::int64_t>(picked.begin(), picked.end()) ==
        std::vector<std::int64_t>{0, 1, 1});
}

TEST_CASE("where fuses with its neighbours", "[broadcasting][where]") {
  const auto x = da::random::uniform(-1.0, 1.0, {4, 1000}, {4, 100}, 3);
  const auto y = da::sum(da::where(x > 0.0, x, 0.0) * 2.0);
  const auto graph = da::detail::build_graph(std::vector{y.layer()}, /*optimize=*/true);
  // x is read twice, so its source stays a layer of its own; the rest of each block's chain
  // is one fused task, below the reduction tree.
  REQUIRE(graph.layers().size() >= 2);
  CHECK(graph.layers()[1]->op() == "greater-where-multiply-sum-partial");
  CHECK(graph.layers()[1]->num_blocks() == 10);
  const auto eager = da::eager::random::uniform(-1.0, 1.0, {4, 1000}, 3);
  CHECK(test::bitwise_equal(y.compute({.num_threads = 1}),
                            da::sum(da::where(eager > 0.0, eager, 0.0) * 2.0)));
}

TEMPLATE_TEST_CASE("broadcast_to makes the broadcast array", "[broadcasting]", double, bool) {
  using T = TestType;
  const auto v = test::sample<T>({3, 1});
  const Shape out{2, 3, 4};
  da::NDArray<T> expected(out);
  for (std::int64_t i = 0; i < expected.size(); ++i) {
    expected.data()[i] = v.data()[source_index(out, v.shape(), i)];
  }
  CHECK(test::bitwise_equal(da::broadcast_to(v, out), expected));
  const auto lazy = da::broadcast_to(da::from_ndarray(v, {2, 1}), out);
  CHECK(lazy.chunks() == da::Chunks{{2}, {2, 1}, {4}});
  for (const auto& options : test::all_options()) {
    INFO(test::describe(options));
    CHECK(test::bitwise_equal(lazy.compute(options), expected));
  }
  CHECK_THROWS_WITH(da::broadcast_to(v, {2, 2}), Catch::Contains("broadcast_to"));
  CHECK_THROWS_AS(da::broadcast_to(v, {1}), std::invalid_argument);
  CHECK_THROWS_AS(da::broadcast_to(v, {2, -3, 1}), std::invalid_argument);
}

TEST_CASE("standardising columns broadcasts a row over every row", "[broadcasting]") {
  const auto x = test::generate<double>({6, 4}, [](std::int64_t i) { return (i * 37) % 11; });
  const auto lazy = da::from_ndarray(x, {4, 3});
  const auto m = da::mean(lazy, 0);
  const auto centred = (lazy - m).compute();
  const auto expected = x - da::mean(x, 0);
  CHECK(test::difference(centred, expected) == "");
  // The expression, as a user writes it, against a plain loop over each column.
  const auto generic = [](const auto& a) { return (a - da::mean(a, 0)) / da::stddev(a, 0); };
  const auto z = generic(lazy).compute();
  const auto z_eager = generic(x);
  for (std::int64_t j = 0; j < 4; ++j) {
    double mean = 0, m2 = 0;
    for (std::int64_t i = 0; i < 6; ++i) mean += x(i, j) / 6;
    for (std::int64_t i = 0; i < 6; ++i) m2 += (x(i, j) - mean) * (x(i, j) - mean);
    const double sd = std::sqrt(m2 / 6);
    for (std::int64_t i = 0; i < 6; ++i) {
      CHECK(z(i, j) == Approx((x(i, j) - mean) / sd).epsilon(1e-12));
      CHECK(z_eager(i, j) == Approx((x(i, j) - mean) / sd).epsilon(1e-12));
    }
  }
  const auto v = da::var(lazy, da::Axes{0, 1}, {.keepdims = true, .ddof = 1}).compute();
  CHECK(v.shape() == Shape{1, 1});
  CHECK(v.item() == Approx(da::var(x, da::Axes{0, 1}, {.keepdims = true, .ddof = 1}).item()));
}
