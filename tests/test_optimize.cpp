// Optimisation passes: blockwise fusion joins exactly the chains it should, and fused graphs,
// unfused graphs and the eager twin give bitwise identical results.

#include <catch2/catch.hpp>
#include <dagarray/core/fused_layer.hpp>
#include <dagarray/core/optimize.hpp>

#include <map>
#include <set>

#include "test_support.hpp"

namespace {

using da::core::LayerGraph;
using test::Shape;

LayerGraph layer_graph(std::initializer_list<da::core::LayerPtr> outputs) {
  return LayerGraph::from_outputs(std::vector<da::core::LayerPtr>(outputs));
}

std::map<std::string, std::int64_t> tasks_per_op(const da::core::Graph& graph) {
  std::map<std::string, std::int64_t> out;
  for (const auto& layer : graph.layers()) out[layer->op()] += layer->num_blocks();
  return out;
}

/// Lazy (fused and not, on both schedulers) equals the eager twin, bit for bit.
template <class Lazy, class Eager>
void check_agree(const Lazy& lazy, const Eager& eager) {
  for (const auto& options : test::all_options()) {
    INFO(test::describe(options));
    CHECK(test::bitwise_equal(lazy.compute(options), eager));
  }
}

}  // namespace

TEST_CASE("the fused pi graph has one task per chunk plus the reduction tree", "[optimize]") {
  const auto points = da::random::uniform(-1.0, 1.0, {2, 1000}, {2, 10}, 42);
  const auto inside = da::count_nonzero(da::sum(da::square(points), 0) < 1.0);
  const da::core::LayerPtr outputs[] = {inside.layer()};

  const auto fused = da::detail::build_graph(outputs, true);
  const auto raw = da::detail::build_graph(outputs, false);
  // 100 chunks; the tree combines 100 partial counts 8 at a time: 13, then 2, then 1.
  CHECK(raw.size() == 5 * 100 + 13 + 2 + 1);
  CHECK(fused.size() == 100 + 13 + 2 + 1);
  const auto ops = tasks_per_op(fused);
  CHECK(ops.at("uniform-square-sum-less-count_nonzero-partial") == 100);
  CHECK(ops.at("count_nonzero-combine") == 15);
  CHECK(ops.at("count_nonzero") == 1);
  // The fused layer takes the name of the last layer it replaces: the tree reads it unchanged.
  CHECK(fused.layers().back()->name() == inside.name());
  CHECK(fused.key(fused.output_tasks()[0]) == raw.key(raw.output_tasks()[0]));
}

TEST_CASE("fusion leaves outputs and layers read twice unfused", "[optimize]") {
  const auto x = da::random::uniform(0.0, 1.0, {40}, {10}, 1);
  const auto squared = da::square(x);
  const auto total = da::sum(squared * 2.0);
  const auto largest = da::max(squared + 1.0);
  const auto ops_of = [](const LayerGraph& graph) {
    std::multiset<std::string> ops;
    for (const auto& layer : graph.layers) ops.insert(layer->op());
    return ops;
  };
  // `squared` is an output: it stays, with x (read by it alone) fused into it.
  CHECK(ops_of(da::core::fuse_blockwise(layer_graph({total.layer(), squared.layer()}))) ==
        std::multiset<std::string>{"uniform-square", "multiply-sum-partial", "sum"});
  // `squared` is read by two layers: each of them reads its blocks, so it stays too.
  CHECK(ops_of(da::core::fuse_blockwise(layer_graph({total.layer(), largest.layer()}))) ==
        std::multiset<std::string>{"uniform-square", "multiply-sum-partial", "sum",
                                   "add-max-partial", "max"});
}

TEST_CASE("fusion is a pure pass over the layer graph", "[optimize]") {
  const auto x = da::random::uniform(0.0, 1.0, {40}, {10}, 1);
  const auto y = da::sum(da::square(x) + 1.0);
  const auto before = layer_graph({y.layer()});
  const auto after = da::core::fuse_blockwise(before);
  CHECK(before.layers.size() == 5);  // uniform, square, add, sum-partial, sum
  CHECK(after.layers.size() == 2);   // uniform-square-add-sum-partial, sum
  CHECK(after.layers[after.outputs[0]]->name() == y.name());
  const auto* fused = dynamic_cast<const da::core::FusedLayer*>(after.layers[0].get());
  REQUIRE(fused != nullptr);
  CHECK(fused->stages().size() == 4);
  CHECK(fused->inputs().empty());
  // Running the pass twice changes nothing more.
  CHECK(da::core::fuse_blockwise(after).layers.size() == 2);
}

TEMPLATE_TEST_CASE("fused and unfused graphs agree with the eager twin for every chunking",
                   "[optimize]", double, std::int64_t) {
  using T = TestType;
  for (const auto& c : test::chunkings()) {
    INFO(test::describe(c));
    const auto a = test::sample<T>(c.shape, 1);
    const auto b = test::sample<T>(c.shape, 2);
    const auto x = da::from_ndarray(a, c.chunks);
    const auto y = da::from_ndarray(b, c.chunks);
    // A chain reading x twice, with a second input and a scalar.
    check_agree(da::square(x) * T(2) + x - y, da::square(a) * T(2) + a - b);
    check_agree(da::count_nonzero(x * y < T(3)), da::count_nonzero(a * b < T(3)));
    // A 0-d reduction broadcast back over the chain.
    check_agree(da::square(x) - da::max(x), da::square(a) - da::max(a));
    for (int axis = 0; axis < static_cast<int>(c.shape.size()); ++axis) {
      INFO("axis " << axis);
      check_agree(da::sum(da::square(x) - y, axis), da::sum(da::square(a) - b, axis));
      check_agree(da::min(x + y, axis), da::min(a + b, axis));
      check_agree(da::count_nonzero(x > y, axis), da::count_nonzero(a > b, axis));
    }
  }
}

TEST_CASE("a fused random source draws the same samples as the eager twin", "[optimize]") {
  for (const Shape& chunks : {Shape{2, 7}, Shape{1, 100}, Shape{2, 1000}, Shape{2, 999}}) {
    const auto u = da::random::uniform(-1.0, 1.0, {2, 1000}, chunks, 9);
    const auto e = da::eager::random::uniform(-1.0, 1.0, {2, 1000}, 9);
    check_agree(da::square(u) * 2.0 - 1.0, da::square(e) * 2.0 - 1.0);
    check_agree(da::count_nonzero(da::sum(da::square(u), 0) < 1.0),
                da::count_nonzero(da::sum(da::square(e), 0) < 1.0));
    check_agree(da::sum(da::square(u), 0), da::sum(da::square(e), 0));
  }
}

TEST_CASE("tiles that are not contiguous in their blocks are gathered and scattered",
          "[optimize]") {
  // Five rows: a tile of a block is five runs of columns, so an input from outside the fusion
  // (the rechunked y) is gathered and the fused output is scattered back into its block.
  const auto a = test::sample<double>({5, 4000}, 1);
  const auto b = test::sample<double>({5, 4000}, 2);
  const auto x = da::from_ndarray(a, {5, 1500});
  const auto y = da::rechunk(da::from_ndarray(b, {5, 1000}), {5, 1500});
  check_agree(da::square(x) + y, da::square(a) + b);
  check_agree(da::sum(da::square(x) + y, 1), da::sum(da::square(a) + b, 1));
}

TEST_CASE("blocks with many leading elements run stage by stage", "[optimize]") {
  // 20000 leading elements per column: more than a tile holds (2^16 elements, at least 64
  // columns or all of them), so the fused task computes each stage on the whole block instead.
  const auto a = test::sample<double>({20000, 6}, 3);
  const auto x = da::from_ndarray(a, {20000, 4});
  check_agree(da::sum(da::square(x) + 1.0, 0), da::sum(da::square(a) + 1.0, 0));
  check_agree(da::square(x) - x, da::square(a) - a);
}

TEST_CASE("tall blocks are tiled with at least 64 columns", "[optimize]") {
  // 1000 rows: a tile of 2048 elements would be two columns wide; it takes 64 instead.
  const auto a = test::sample<double>({1000, 300}, 4);
  const auto row = test::sample<double>({300}, 5);
  const auto x = da::from_ndarray(a, {1000, 150});
  const auto r = da::from_ndarray(row, {150});
  check_agree(da::sum((x - r) * x, 0), da::sum((a - row) * a, 0));
  check_agree(da::square(x) + r, da::square(a) + row);
}

TEST_CASE("culling removes exactly the tasks no output needs", "[optimize]") {
  const auto x = da::square(da::random::uniform(0.0, 1.0, {100}, {10}, 4));
  const auto third = x.blocks({3});
  const da::core::LayerPtr outputs[] = {third.layer()};

  const auto built = da::core::Graph::from_layers(outputs);
  CHECK(built.size() == 10 + 10 + 1);
  const auto culled = da::core::cull(built);
  std::set<std::string> keys;
  for (da::core::TaskId t = 0; t < culled.size(); ++t) keys.insert(culled.key(t));
  const auto uniform_name = x.layer()->inputs()[0]->name();
  CHECK(keys == std::set<std::string>{"('" + uniform_name + "', 3)", "('" + x.name() + "', 3)",
                                      "('" + third.name() + "', 0)"});
  // Dependencies survive the renumbering, and each layer's kept tasks are found by block.
  const auto square_layer = culled.layer_index(culled.output_tasks()[0]) - 1;
  const auto square_task = culled.task_of(square_layer, 3);
  REQUIRE(square_task);
  CHECK(culled.dependencies(culled.output_tasks()[0])[0] == *square_task);
  CHECK_FALSE(culled.task_of(square_layer, 4));
  CHECK(culled.dependents(*square_task).size() == 1);

  // compute() fuses and culls: one fused task and the selection.
  CHECK(da::detail::build_graph(outputs, true).size() == 2);
  // A graph whose every task is needed loses none.
  const da::core::LayerPtr whole[] = {da::sum(x).layer()};
  const auto all = da::core::Graph::from_layers(whole);
  CHECK(da::core::cull(all).size() == all.size());
}

TEST_CASE("x.blocks(index) is that block, computed alone", "[optimize]") {
  const auto a = test::sample<double>({6, 10}, 5);
  const auto x = da::square(da::from_ndarray(a, {2, 5}));
  const auto e = da::square(a);
  const auto block = x.blocks({1, 1});
  CHECK(block.shape() == Shape{2, 5});
  const auto expected = test::generate<double>(
      {2, 5}, [&](std::int64_t i) { return e.data()[(2 + i / 5) * 10 + 5 + i % 5]; });
  check_agree(block, expected);
  CHECK_THROWS_WITH(x.blocks({3, 0}), Catch::Contains("blocks: index = (3, 0)"));
  CHECK_THROWS_WITH(x.blocks({1}), Catch::Contains("blocks: index = (1,)"));
  const auto scalar = da::sum(x);
  CHECK(test::bitwise_equal(scalar.blocks({}).compute(), da::sum(e)));
}

TEST_CASE("a fused chain may read more inputs from outside than it has stages", "[optimize]") {
  // subtract and divide fuse; x, mean(x) and max(x) - min(x) come from outside the fusion.
  const auto a = test::sample<double>({40}, 6);
  const auto x = da::from_ndarray(a, {10});
  const auto lazy = (x - da::mean(x)) / (da::max(x) - da::min(x));
  const da::core::LayerPtr outputs[] = {lazy.layer()};
  const auto graph = da::detail::build_graph(outputs, true);
  const auto* fused = dynamic_cast<const da::core::FusedLayer*>(graph.layers().back().get());
  REQUIRE(fused != nullptr);
  CHECK(fused->inputs().size() > fused->stages().size());
  check_agree(lazy, (a - da::mean(a)) / (da::max(a) - da::min(a)));
}
