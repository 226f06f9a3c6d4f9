// Reductions: sum, count_nonzero, mean, min and max over everything and over each axis, lazy ==
// eager == a loop; NumPy's result dtypes; NaN; empty arrays; the shape of the reduction tree.

#include <catch2/catch.hpp>

#include <algorithm>
#include <limits>
#include <map>

#include "test_support.hpp"

namespace {

using test::Shape;

template <class T>
using sum_t = std::conditional_t<std::is_floating_point_v<T>, T, std::int64_t>;
template <class T>
using mean_t = std::conditional_t<std::is_floating_point_v<T>, T, double>;

/// Every axis argument worth trying on an array of `ndim` axes: none, each axis, each negative.
std::vector<std::optional<int>> axes(std::size_t ndim) {
  std::vector<std::optional<int>> out{std::nullopt};
  for (int a = 0; a < static_cast<int>(ndim); ++a) {
    out.push_back(a);
    out.push_back(a - static_cast<int>(ndim));
  }
  return out;
}

/// Calls reduce(x) or reduce(x, axis).
template <class Reduce, class X>
auto apply(Reduce reduce, const X& x, std::optional<int> axis) {
  return axis ? reduce(x, *axis) : reduce(x);
}

/// The reduction on the lazy array and on the eager array equals `expected`.
template <class R, class Reduce, class T>
void check_reduction(const char* what, Reduce reduce, const da::NDArray<T>& a, const Shape& chunks,
                     std::optional<int> axis, const da::NDArray<R>& expected) {
  INFO(what << " over axis " << (axis ? std::to_string(*axis) : "None"));
  const auto lazy = apply(reduce, da::from_ndarray(a, chunks), axis);
  const auto eager = apply(reduce, a, axis);
  STATIC_REQUIRE(std::is_same_v<std::decay_t<decltype(lazy)>, da::Array<R>>);
  STATIC_REQUIRE(std::is_same_v<std::decay_t<decltype(eager)>, da::NDArray<R>>);
  CHECK(test::difference(lazy.compute(), expected) == "");
  CHECK(test::difference(eager, expected) == "");
}

#define REDUCTION(fn) [](const auto& x, auto... ax) { return da::fn(x, ax...); }

/// All five reductions of `a` over `axis` against plain loops.
template <class T>
void check_all_reductions(const da::NDArray<T>& a, const Shape& chunks, std::optional<int> axis) {
  using S = sum_t<T>;
  using M = mean_t<T>;
  const auto sum = test::reduce_loop<S>(
      a, axis, S(0), [](T x) { return static_cast<S>(x); },
      [](S acc, T x) { return static_cast<S>(acc + static_cast<S>(x)); });
  check_reduction<S>("sum", REDUCTION(sum), a, chunks, axis, sum);
  check_reduction<std::int64_t>(
      "count_nonzero", REDUCTION(count_nonzero), a, chunks, axis,
      test::reduce_loop<std::int64_t>(
          a, axis, 0, [](T x) -> std::int64_t { return x != T(0); },
          [](std::int64_t acc, T x) -> std::int64_t { return acc + (x != T(0)); }));
  const auto count = a.size() == 0 ? 0 : a.size() / std::max<std::int64_t>(sum.size(), 1);
  const auto mean =
      test::generate<M>(sum.shape(), [&](std::int64_t i) { return M(sum.data()[i]) / M(count); });
  check_reduction<M>("mean", REDUCTION(mean), a, chunks, axis, mean);
  if (a.size() == 0) return;
  check_reduction<T>("min", REDUCTION(min), a, chunks, axis,
                     test::reduce_loop<T>(
                         a, axis, T(0), [](T x) { return x; },
                         [](T acc, T x) { return std::isnan(double(x)) || x < acc ? x : acc; }));
  check_reduction<T>("max", REDUCTION(max), a, chunks, axis,
                     test::reduce_loop<T>(
                         a, axis, T(0), [](T x) { return x; },
                         [](T acc, T x) { return std::isnan(double(x)) || x > acc ? x : acc; }));
}

}  // namespace

TEMPLATE_TEST_CASE("reductions over everything and each axis match a loop", "[reductions]", double,
                   float, std::int64_t, bool) {
  const auto c = GENERATE(from_range(test::chunkings()));
  INFO(test::describe(c));
  const auto a = test::sample<TestType>(c.shape, 1);
  for (auto axis : axes(c.shape.size())) check_all_reductions(a, c.chunks, axis);
}

TEST_CASE("reductions combine many blocks in a fixed-order tree", "[reductions]") {
  // 1-element blocks along every axis give several tree levels per reduction.
  const auto shape = GENERATE(Shape{100}, Shape{20, 9}, Shape{4, 5, 6});
  const auto a = test::sample<double>(shape, 2);
  for (auto axis : axes(shape.size())) check_all_reductions(a, Shape(shape.size(), 1), axis);
}

TEST_CASE("reductions give NumPy's dtypes", "[reductions]") {
  const auto b = da::zeros<bool>({4}, {2});
  const auto i = da::zeros<std::int64_t>({4}, {2});
  const auto f = da::zeros<float>({4}, {2});
  STATIC_REQUIRE(std::is_same_v<decltype(da::sum(b)), da::Array<std::int64_t>>);
  STATIC_REQUIRE(std::is_same_v<decltype(da::sum(i)), da::Array<std::int64_t>>);
  STATIC_REQUIRE(std::is_same_v<decltype(da::sum(f, 0)), da::Array<float>>);
  STATIC_REQUIRE(std::is_same_v<decltype(da::mean(i)), da::Array<double>>);
  STATIC_REQUIRE(std::is_same_v<decltype(da::mean(b)), da::Array<double>>);
  STATIC_REQUIRE(std::is_same_v<decltype(da::mean(f)), da::Array<float>>);
  STATIC_REQUIRE(std::is_same_v<decltype(da::count_nonzero(f)), da::Array<std::int64_t>>);
  STATIC_REQUIRE(std::is_same_v<decltype(da::min(b)), da::Array<bool>>);
  STATIC_REQUIRE(std::is_same_v<decltype(da::max(i, 0)), da::Array<std::int64_t>>);
  CHECK(da::sum(b).dtype() == "int64");
  CHECK(da::mean(i).dtype() == "float64");
  CHECK(da::mean(f).dtype() == "float32");
  CHECK(da::sum(b).shape() == Shape{});
  CHECK(da::sum(da::zeros({3, 4, 5}, {2, 2, 2}), -2).shape() == Shape{3, 5});
  const da::NDArray<bool> eb({2}, {true, true});
  STATIC_REQUIRE(std::is_same_v<decltype(da::sum(eb)), da::NDArray<std::int64_t>>);
  CHECK(da::sum(eb).item() == 2);
  CHECK(da::sum(da::from_ndarray(eb, {1})).compute().item() == 2);
}

TEST_CASE("sum of int64 wraps on overflow as in NumPy", "[reductions]") {
  constexpr auto max = std::numeric_limits<std::int64_t>::max();
  const da::NDArray<std::int64_t> a({3}, {max, 1, 1});
  const auto expected = std::numeric_limits<std::int64_t>::min() + 1;
  CHECK(da::sum(a).item() == expected);
  CHECK(da::sum(da::from_ndarray(a, {1})).compute().item() == expected);
  CHECK(da::sum(da::from_ndarray(a, {3})).compute().item() == expected);
}

TEMPLATE_TEST_CASE("min and max propagate NaN", "[reductions]", double, float) {
  using T = TestType;
  const auto nan = std::numeric_limits<T>::quiet_NaN();
  // NaN first, in the middle of a block and last, in different rows.
  auto a = test::sample<T>({4, 6}, 1);
  a(0, 0) = nan;
  a(2, 3) = nan;
  a(3, 5) = nan;
  const auto chunks = GENERATE(Shape{1, 1}, Shape{3, 4}, Shape{4, 6});
  for (auto reduce : {+[](const da::Array<T>& x) { return da::min(x); },
                      +[](const da::Array<T>& x) { return da::max(x); }}) {
    CHECK(std::isnan(reduce(da::from_ndarray(a, chunks)).compute().item()));
  }
  CHECK(std::isnan(da::min(a).item()));
  CHECK(std::isnan(da::max(a).item()));
  for (auto axis : {0, 1, -1}) check_all_reductions(a, chunks, axis);
  // A NaN only in the last element still wins over everything before it.
  auto last = test::sample<T>({9}, 1);
  last(8) = nan;
  CHECK(std::isnan(da::max(da::from_ndarray(last, {4})).compute().item()));
  CHECK(std::isnan(da::min(last).item()));
}

TEST_CASE("reductions of empty arrays", "[reductions]") {
  const auto shape = GENERATE(Shape{0}, Shape{3, 0}, Shape{0, 4});
  const Shape chunks(shape.size(), 2);
  INFO("shape " << da::detail::to_string(shape));
  const auto a = da::NDArray<double>(shape);
  const auto x = da::from_ndarray(a, chunks);
  CHECK(da::sum(x).compute().item() == 0.0);
  CHECK(da::sum(a).item() == 0.0);
  CHECK(da::count_nonzero(x).compute().item() == 0);
  CHECK(std::isnan(da::mean(x).compute().item()));
  CHECK(std::isnan(da::mean(a).item()));
  CHECK_THROWS_AS(da::min(x), std::invalid_argument);
  CHECK_THROWS_AS(da::max(x), std::invalid_argument);
  CHECK_THROWS_AS(da::min(a), std::invalid_argument);
  CHECK_THROWS_AS(da::max(a), std::invalid_argument);
  for (auto axis : axes(shape.size())) {
    if (axis) check_all_reductions(a, chunks, axis);
  }
  // An int64 empty sum is the int64 zero.
  CHECK(da::sum(da::arange(0, 3)).compute().item() == 0);
}

TEST_CASE("min and max over an axis of length zero throw; over another axis they are empty",
          "[reductions]") {
  const da::NDArray<double> a({3, 0});
  CHECK_THROWS_AS(da::min(a, 1), std::invalid_argument);
  CHECK_THROWS_AS(da::max(da::from_ndarray(a, {2, 1}), -1), std::invalid_argument);
  CHECK(da::min(a, 0).shape() == Shape{0});
  CHECK(da::max(da::from_ndarray(a, {2, 1}), 0).compute().shape() == Shape{0});
}

TEST_CASE("a reduction over 100 blocks is a tree of fan-in kReductionFanIn", "[reductions]") {
  const auto s = da::sum(da::arange(100, 1));
  const da::core::LayerPtr outputs[] = {s.layer()};
  const auto graph = da::core::Graph::from_layers(outputs);
  std::map<std::string, std::int64_t> tasks_per_op;
  for (da::core::TaskId t = 0; t < graph.size(); ++t) ++tasks_per_op[graph.layer(t).op()];
  // 100 partial sums, then ceil(100 / 8) = 13, ceil(13 / 8) = 2 and 1 combine tasks.
  static_assert(da::kReductionFanIn == 8);
  CHECK(tasks_per_op["arange"] == 100);
  CHECK(tasks_per_op["sum-partial"] == 100);
  CHECK(tasks_per_op["sum-combine"] == 13 + 2);
  CHECK(tasks_per_op["sum"] == 1);
  CHECK(graph.size() == 100 + 100 + 13 + 2 + 1);
  CHECK(graph.layers().size() == 5);
  for (da::core::TaskId t = 0; t < graph.size(); ++t) {
    const auto& op = graph.layer(t).op();
    if (op == "sum-combine" || op == "sum") {
      CHECK(graph.dependencies(t).size() <= static_cast<std::size_t>(da::kReductionFanIn));
      CHECK(graph.dependencies(t).size() >= 2);
    }
  }
  CHECK(s.compute().item() == 4950);
}

TEST_CASE("no combine task reads more than kReductionFanIn blocks on any axis", "[reductions]") {
  const auto x = da::ones({30, 20, 10}, {1, 1, 1});
  const auto axis = GENERATE(as<std::optional<int>>{}, std::nullopt, 0, 1, 2, -1);
  const auto s = axis ? da::sum(x, *axis) : da::sum(x);
  const da::core::LayerPtr outputs[] = {s.layer()};
  const auto graph = da::core::Graph::from_layers(outputs);
  std::size_t combines = 0;
  for (da::core::TaskId t = 0; t < graph.size(); ++t) {
    const auto& op = graph.layer(t).op();
    if (op == "ones" || op == "sum-partial") continue;
    ++combines;
    CHECK(graph.dependencies(t).size() <= static_cast<std::size_t>(da::kReductionFanIn));
  }
  CHECK(combines > 0);
  const auto expected =
      axis ? double(x.shape()[static_cast<std::size_t>((*axis + 3) % 3)]) : 6000.0;
  const auto result = s.compute();
  CHECK(std::all_of(result.begin(), result.end(), [&](double v) { return v == expected; }));
}
