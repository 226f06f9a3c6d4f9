// Scans: cumsum and cumprod along every axis, lazy == eager == a plain loop; NumPy's dtypes and
// int64 wrapping; empty and 0-d arrays; the Dask-style graph of per-block scans and a chain of
// carries; float results that differ only by where the carry is added; bad arguments.

#include <catch2/catch.hpp>

#include <limits>
#include <map>

#include "test_support.hpp"

namespace {

using test::Shape;

template <class T>
using scan_t = std::conditional_t<std::is_floating_point_v<T>, T, std::int64_t>;

/// a + b and a * b, wrapping for int64 (computed unsigned, as NumPy's int64 arithmetic wraps).
struct Plus {
  template <class R>
  R operator()(R a, R b) const {
    if constexpr (std::is_same_v<R, std::int64_t>) {
      return static_cast<R>(static_cast<std::uint64_t>(a) + static_cast<std::uint64_t>(b));
    } else {
      return a + b;
    }
  }
};
struct Times {
  template <class R>
  R operator()(R a, R b) const {
    if constexpr (std::is_same_v<R, std::int64_t>) {
      return static_cast<R>(static_cast<std::uint64_t>(a) * static_cast<std::uint64_t>(b));
    } else {
      return a * b;
    }
  }
};

/// The plain-loop scan: each element combined with the one a stride before it along `axis`.
/// A 0-d array scans as the 1-d array of its one element, as in NumPy.
template <class T, class Step>
da::NDArray<scan_t<T>> scan_loop(const da::NDArray<T>& a, int axis, Step step) {
  using R = scan_t<T>;
  const Shape shape = a.ndim() == 0 ? Shape{1} : a.shape();
  const auto ax = static_cast<std::size_t>(axis < 0 ? axis + static_cast<int>(shape.size()) : axis);
  std::int64_t stride = 1;
  for (auto d = ax + 1; d < shape.size(); ++d) stride *= shape[d];
  da::NDArray<R> out(shape);
  for (std::int64_t i = 0; i < out.size(); ++i) {
    const auto x = static_cast<R>(a.data()[i]);
    out.data()[i] = i / stride % shape[ax] == 0 ? x : step(out.data()[i - stride], x);
  }
  return out;
}

/// Every axis argument of an array of `ndim` axes, negative ones too (0-d arrays take 0 and -1).
std::vector<int> axes(std::size_t ndim) {
  std::vector<int> out;
  const auto n = std::max(static_cast<int>(ndim), 1);
  for (int a = -n; a < n; ++a) out.push_back(a);
  return out;
}

#define SCAN(fn) [](const auto& x, int along) { return da::fn(x, along); }

/// The scan of the lazy array (with `options`) and of the eager array both equal the loop.
template <class Scan, class Step, class T>
void check_scan(const char* what, Scan scan, Step step, const da::NDArray<T>& a,
                const Shape& chunks, int axis, const da::ComputeOptions& options = {}) {
  INFO(what << " along axis " << axis);
  const auto x = da::from_ndarray(a, chunks);
  const auto lazy = scan(x, axis);
  const auto eager = scan(a, axis);
  STATIC_REQUIRE(std::is_same_v<std::decay_t<decltype(lazy)>, da::Array<scan_t<T>>>);
  STATIC_REQUIRE(std::is_same_v<std::decay_t<decltype(eager)>, da::NDArray<scan_t<T>>>);
  // Lazy blocks keep the input's chunks (a 0-d input gives one block of one element).
  CHECK(lazy.chunks() == (a.ndim() == 0 ? da::Chunks{{1}} : x.chunks()));
  const auto expected = scan_loop(a, axis, step);
  CHECK(test::difference(lazy.compute(options), expected) == "");
  CHECK(test::difference(eager, expected) == "");
}

template <class T>
void check_both_scans(const da::NDArray<T>& a, const Shape& chunks, int axis,
                      const da::ComputeOptions& options = {}) {
  check_scan("cumsum", SCAN(cumsum), Plus{}, a, chunks, axis, options);
  check_scan("cumprod", SCAN(cumprod), Times{}, a, chunks, axis, options);
}

std::map<std::string, std::int64_t> tasks_per_op(const da::core::Graph& graph) {
  std::map<std::string, std::int64_t> out;
  for (da::core::TaskId t = 0; t < graph.size(); ++t) ++out[graph.layer(t).op()];
  return out;
}

da::core::Graph graph_of(const da::core::LayerPtr& layer, bool optimize = false) {
  const da::core::LayerPtr outputs[] = {layer};
  return da::detail::build_graph(outputs, optimize);
}

}  // namespace

// Sample elements are small integers, so every float sum and product here is exact (at most 10
// factors of magnitude <= 5 along any line: below 2^24) and lazy == eager == loop bit for bit.
// (Salt 2 would make every element 1: the salts used are 0, 1 and 3.)
TEMPLATE_TEST_CASE("cumsum and cumprod along every axis match a loop", "[scans]", double, float,
                   std::int64_t, bool) {
  const auto c = GENERATE(from_range(test::chunkings()));
  INFO(test::describe(c));
  const auto a = test::sample<TestType>(c.shape, 1);
  for (auto axis : axes(c.shape.size())) check_both_scans(a, c.chunks, axis);
}

TEST_CASE("scans over 100 blocks of one element chain their carries", "[scans]") {
  // Values 1..3 (no zeros), so products grow and wrap in int64 after some 40 elements.
  const auto ones_to_threes = [](const Shape& shape) {
    return test::generate<std::int64_t>(shape, [](std::int64_t i) { return i % 3 + 1; });
  };
  check_both_scans(ones_to_threes({100}), {1}, 0);
  check_both_scans(test::sample<double>({100}, 1), {1}, -1);
  check_both_scans(ones_to_threes({3, 100}), {2, 1}, 1);
  check_both_scans(test::sample<bool>({100, 3}, 3), {1, 2}, 0);
}

TEST_CASE("scans agree on both schedulers, fused and not", "[scans]") {
  const auto a = test::sample<double>({7, 5, 4}, 3);
  for (const auto& options : test::all_options()) {
    INFO(test::describe(options));
    for (auto axis : {0, 1, -1}) check_both_scans(a, {3, 2, 3}, axis, options);
  }
}

TEST_CASE("a scan along a leading axis fuses with the elementwise operations before it",
          "[scans]") {
  // One block along axis 0 (the scan is one layer); a fused task runs blocks of 6 x 1000 in
  // tiles of 6 x 341 columns (kTileElements = 2048 in fused_layer.cpp), so tiles are scanned.
  const auto a = test::sample<std::int64_t>({6, 3000}, 1);
  const auto x = da::from_ndarray(a, {6, 1000});
  const auto lazy = da::cumsum(da::square(x), 0);
  const auto expected = scan_loop(da::square(a), 0, Plus{});
  // square and the per-block scan become one task per block; along the last axis they cannot.
  using Ops = std::map<std::string, std::int64_t>;
  CHECK(tasks_per_op(graph_of(lazy.layer(), true)) == Ops{{"array-square-cumsum", 3}});
  CHECK(tasks_per_op(graph_of(lazy.layer(), false)) ==
        Ops{{"array", 3}, {"square", 3}, {"cumsum", 3}});
  CHECK(tasks_per_op(graph_of(da::cumsum(da::square(x), 1).layer(), true)) ==
        Ops{{"array-square", 3}, {"cumsum-block", 3}, {"cumsum-carry", 2}, {"cumsum", 3}});
  for (const auto& options : test::all_options()) {
    INFO(test::describe(options));
    CHECK(test::difference(lazy.compute(options), expected) == "");
  }
  // Several blocks along the axis: the per-block scan is read twice and stays unfused.
  const auto split = da::cumprod(da::from_ndarray(a, {2, 500}) + 1, -2);
  CHECK(test::difference(split.compute(), scan_loop(a + 1, -2, Times{})) == "");
}

TEST_CASE("a lazy scan has one carry task per block beyond the first along the axis", "[scans]") {
  // 3 x 4 x 1 blocks.
  const auto x = da::from_ndarray(test::sample<double>({6, 10, 4}, 1), {2, 3, 4});
  const auto graph = graph_of(da::cumsum(x, 1).layer());
  auto ops = tasks_per_op(graph);
  CHECK(ops["array"] == 12);
  CHECK(ops["cumsum-block"] == 12);
  CHECK(ops["cumsum-carry"] == 3 * (4 - 1));
  CHECK(ops["cumsum"] == 12);
  CHECK(graph.size() == 12 + 12 + 9 + 12);
  // Each carry reads the carry before it and one scanned block (the first carry of each of the
  // 3 lines, the block alone); each result block beyond the first along the axis reads its
  // scanned block and its carry.
  std::map<std::size_t, std::int64_t> carries_by_reads;
  for (da::core::TaskId t = 0; t < graph.size(); ++t) {
    const auto& layer = graph.layer(t);
    const auto reads = graph.dependencies(t).size();
    if (layer.op() == "cumsum-carry") {
      ++carries_by_reads[reads];
      CHECK(layer.shape() == Shape{6, 1, 4});
    }
    if (layer.op() == "cumsum") {
      const auto along = layer.block_index(graph.block(t))[1];
      CHECK(reads == (along == 0 ? 1u : 2u));
    }
  }
  CHECK(carries_by_reads == std::map<std::size_t, std::int64_t>{{1, 3}, {2, 6}});
  // Along an axis of one block the per-block scan is the result: no carries.
  ops = tasks_per_op(graph_of(da::cumprod(x, 2).layer()));
  CHECK(ops["cumprod"] == 12);
  CHECK(ops.count("cumprod-carry") == 0);
  CHECK(ops.count("cumprod-block") == 0);
  // 100 blocks: 99 carries in a chain.
  ops = tasks_per_op(graph_of(da::cumsum(da::arange(100, 1)).layer()));
  CHECK(ops["cumsum-carry"] == 99);
  CHECK(ops["cumsum"] == 100);
}

TEST_CASE("scans give NumPy's dtypes and names", "[scans]") {
  const auto b = da::zeros<bool>({4}, {2});
  const auto f = da::zeros<float>({4}, {2});
  STATIC_REQUIRE(std::is_same_v<decltype(da::cumsum(b)), da::Array<std::int64_t>>);
  STATIC_REQUIRE(std::is_same_v<decltype(da::cumprod(b, 0)), da::Array<std::int64_t>>);
  STATIC_REQUIRE(std::is_same_v<decltype(da::cumsum(f, 0)), da::Array<float>>);
  STATIC_REQUIRE(std::is_same_v<decltype(da::cumprod(da::zeros({4}, {2}))), da::Array<double>>);
  STATIC_REQUIRE(
      std::is_same_v<decltype(da::cumsum(da::NDArray<bool>({2}))), da::NDArray<std::int64_t>>);
  CHECK(da::cumsum(b).dtype() == "int64");
  CHECK(da::cumprod(f, -1).dtype() == "float32");
  // The same scan built twice has one name; another axis or operation another.
  const auto x = da::zeros({4, 6}, {2, 2});
  CHECK(da::cumsum(x, 1).name() == da::cumsum(x, 1).name());
  CHECK(da::cumsum(x, 1).name() == da::cumsum(x, -1).name());
  CHECK(da::cumsum(x, 0).name() != da::cumsum(x, 1).name());
  CHECK(da::cumprod(x, 1).name() != da::cumsum(x, 1).name());
}

TEST_CASE("int64 scans wrap on overflow as in NumPy", "[scans]") {
  constexpr auto max = std::numeric_limits<std::int64_t>::max();
  constexpr auto min = std::numeric_limits<std::int64_t>::min();
  const da::NDArray<std::int64_t> a({4}, {max, 1, 1, -2});
  const da::NDArray<std::int64_t> sums({4}, {max, min, min + 1, max});
  for (auto chunk : {1, 2, 4}) {
    CHECK(test::difference(da::cumsum(da::from_ndarray(a, {chunk})).compute(), sums) == "");
  }
  CHECK(test::difference(da::cumsum(a), sums) == "");
  // 2^62 * 2 wraps to the most negative int64, and * 2 again to 0.
  const da::NDArray<std::int64_t> p({3}, {std::int64_t{1} << 62, 2, 2});
  const da::NDArray<std::int64_t> products({3}, {std::int64_t{1} << 62, min, 0});
  CHECK(test::difference(da::cumprod(da::from_ndarray(p, {1})).compute(), products) == "");
  CHECK(test::difference(da::cumprod(p), products) == "");
}

TEST_CASE("scans of empty arrays are empty", "[scans]") {
  const auto shape = GENERATE(Shape{0}, Shape{3, 0}, Shape{0, 4}, Shape{2, 0, 3});
  INFO("shape " << da::detail::to_string(shape));
  const auto a = da::NDArray<double>(shape);
  for (auto axis : axes(shape.size())) check_both_scans(a, Shape(shape.size(), 2), axis);
  for (auto axis : axes(shape.size())) {
    check_both_scans(da::NDArray<std::int64_t>(shape), Shape(shape.size(), 1), axis);
  }
}

TEST_CASE("without an axis, an array scans flattened in row-major order", "[scans]") {
  const auto m = test::sample<std::int64_t>({3, 4, 2}, 1);
  const auto flat = da::cumsum(m.reshape({24}), 0);
  CHECK(test::difference(da::cumsum(m), flat) == "");
  const auto lazy = da::cumsum(da::from_ndarray(m, {2, 3, 1}));
  CHECK(lazy.shape() == Shape{24});
  CHECK(test::difference(lazy.compute(), flat) == "");
  CHECK(test::difference(da::cumprod(da::from_ndarray(m, {3, 2, 2})).compute(),
                         da::cumprod(m.reshape({24}), 0)) == "");
}

TEST_CASE("without an axis, 0-d and 1-d arrays scan as 1-d", "[scans]") {
  const da::NDArray<std::int64_t> scalar({}, {5});
  const auto lazy = da::cumsum(da::from_ndarray(scalar, {}));
  CHECK(lazy.shape() == Shape{1});
  CHECK(test::difference(lazy.compute(), da::NDArray<std::int64_t>({1}, {5})) == "");
  CHECK(test::difference(da::cumprod(scalar), da::NDArray<std::int64_t>({1}, {5})) == "");
  const auto v = test::sample<float>({9}, 1);
  CHECK(test::difference(da::cumsum(da::from_ndarray(v, {4})).compute(), da::cumsum(v, 0)) == "");
  CHECK(test::difference(da::cumprod(v), scan_loop(v, 0, Times{})) == "");
}

TEST_CASE("float scans differ between lazy and eager only by where the carry is added", "[scans]") {
  // Non-integer elements: rounding now depends on the order of additions. Eager adds along the
  // line one by one, as NumPy does, so it equals the loop exactly; lazy adds each block's own
  // running sum to its carry, so each element may differ by the rounding of two summations of
  // the same terms, at most 2 * n * eps * sum |x| for a prefix of n terms.
  const auto a =
      test::generate<double>({3, 200}, [](std::int64_t i) { return 0.1 * double(i % 17) - 0.7; });
  const auto eager = da::cumsum(a, 1);
  CHECK(test::bitwise_equal(eager, scan_loop(a, 1, Plus{})));
  const auto lazy = da::cumsum(da::from_ndarray(a, {2, 7}), 1).compute();
  const auto eps = std::numeric_limits<double>::epsilon();
  for (std::int64_t r = 0; r < 3; ++r) {
    double abs_sum = 0;
    for (std::int64_t i = 0; i < 200; ++i) {
      abs_sum += std::abs(a(r, i));
      CHECK(std::abs(lazy(r, i) - eager(r, i)) <= 2.0 * double(i + 1) * eps * abs_sum);
    }
  }
  // One block along the axis: the same additions in the same order, bit for bit.
  CHECK(test::bitwise_equal(da::cumsum(da::from_ndarray(a, {1, 200}), 1).compute(), eager));
}

TEST_CASE("eager scans split independent lines over the cores", "[scans]") {
  // Long columns (scanned along axis 0, more than one piece of columns) and many short lines.
  const auto columns = test::sample<std::int64_t>({3, 100'000}, 1);
  CHECK(test::bitwise_equal(da::cumsum(columns, 0), scan_loop(columns, 0, Plus{})));
  const auto lines = test::sample<double>({50'000, 3}, 3);
  CHECK(test::bitwise_equal(da::cumprod(lines, 1), scan_loop(lines, 1, Times{})));
  const auto line = test::sample<std::int64_t>({200'000}, 3);
  CHECK(test::bitwise_equal(da::cumsum(line), scan_loop(line, 0, Plus{})));
}

TEST_CASE("scans reject an axis out of range, naming it", "[scans][errors]") {
  const auto a = test::sample<double>({2, 3});
  const auto x = da::from_ndarray(a, {1, 2});
  const auto check_throws = [](auto&& call, const std::string& text) {
    try {
      call();
      FAIL("no exception");
    } catch (const std::invalid_argument& e) {
      CHECK_THAT(e.what(), Catch::Contains(text));
    }
  };
  check_throws([&] { da::cumsum(x, 2); }, "cumsum: axis = 2");
  check_throws([&] { da::cumsum(a, -3); }, "cumsum: axis = -3");
  check_throws([&] { da::cumprod(x, -3); }, "cumprod: axis = -3");
  check_throws([&] { da::cumprod(a, 2); }, "cumprod: axis = 2");
  // A 0-d array scans as 1-d: axes 0 and -1 only.
  const da::NDArray<bool> scalar({}, {true});
  check_throws([&] { da::cumsum(scalar, 1); }, "cumsum: axis = 1 is out of range for a 0-d array");
  check_throws([&] { da::cumsum(da::from_ndarray(scalar, {}), -2); }, "cumsum: axis = -2");
  REQUIRE_THROWS_AS(da::cumsum(x, 5), std::invalid_argument);
}

TEST_CASE("the documented scan examples hold", "[scans]") {
  auto g = da::from_ndarray(da::eager::arange(6).reshape({2, 3}), {1, 2});
  using I = da::NDArray<std::int64_t>;
  CHECK(test::difference(da::cumsum(g, 1).compute(), I({2, 3}, {0, 1, 3, 3, 7, 12})) == "");
  CHECK(da::cumsum(g, 1).chunks() == da::Chunks{{1, 1}, {2, 1}});
  CHECK(test::difference(da::cumprod(g + 1, 0).compute(), I({2, 3}, {1, 2, 3, 4, 10, 18})) == "");
  CHECK(test::difference(da::cumsum(g, -2).compute(), I({2, 3}, {0, 1, 2, 3, 5, 7})) == "");
  const auto b = da::cumsum(da::NDArray<bool>({4}, {true, false, true, true}));
  CHECK(test::difference(b, I({4}, {1, 1, 2, 3})) == "");
  const auto f = da::cumprod(da::NDArray<float>({3}, {0.5f, 2.0f, 3.0f}), 0);
  CHECK(test::difference(f, da::NDArray<float>({3}, {0.5f, 1.0f, 3.0f})) == "");
}
