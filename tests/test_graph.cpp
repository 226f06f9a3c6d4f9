// The task graph: deterministic names, layers deduplicated by name, consistent and topologically
// ordered edges, Dask-style keys.

#include <catch2/catch.hpp>

#include <algorithm>
#include <regex>
#include <set>

#include "test_support.hpp"

namespace {

using da::core::Graph;
using da::core::TaskId;
using test::Shape;

Graph graph_of(std::initializer_list<da::core::LayerPtr> outputs) {
  return Graph::from_layers(std::vector<da::core::LayerPtr>(outputs));
}

std::vector<std::string> keys(const Graph& g) {
  std::vector<std::string> out;
  for (TaskId t = 0; t < g.size(); ++t) out.push_back(g.key(t));
  return out;
}

/// An expression touching every kind of layer: source, blockwise, rechunk and reduction tree.
da::Array<double> expression(std::uint64_t seed = 5, std::int64_t chunk = 4, double scalar = 2.0) {
  const auto x = da::random::uniform(-1.0, 1.0, {12, 10}, {chunk, 3}, seed);
  const auto y = da::rechunk(da::square(x) * scalar, {6, 5}) + x;
  return da::mean(y, 0);
}

}  // namespace

TEST_CASE("building the same expression twice gives the same names and keys", "[graph]") {
  const auto a = expression();
  const auto b = expression();
  CHECK(a.name() == b.name());
  CHECK(a.layer() != b.layer());  // two separate builds
  CHECK(keys(graph_of({a.layer()})) == keys(graph_of({b.layer()})));
  // Names are readable: the operation, a dash and 16 hex digits.
  CHECK(std::regex_match(a.name(), std::regex("mean-[0-9a-f]{16}")));
  CHECK(std::regex_match(da::arange(10, 3).name(), std::regex("arange-[0-9a-f]{16}")));
}

TEST_CASE("different parameters give different names", "[graph]") {
  const auto base = expression().name();
  CHECK(expression(6).name() != base);          // seed
  CHECK(expression(5, 3).name() != base);       // chunks
  CHECK(expression(5, 4, 3.0).name() != base);  // scalar
  const auto u = [](double low, double high, Shape shape, Shape chunks, std::uint64_t seed) {
    return da::random::uniform(low, high, std::move(shape), std::move(chunks), seed).name();
  };
  const auto ref = u(0, 1, {10}, {5}, 1);
  CHECK(u(0, 1, {10}, {5}, 1) == ref);
  CHECK(u(-1, 1, {10}, {5}, 1) != ref);
  CHECK(u(0, 2, {10}, {5}, 1) != ref);
  CHECK(u(0, 1, {12}, {5}, 1) != ref);
  CHECK(u(0, 1, {10}, {4}, 1) != ref);
  CHECK(da::random::uniform<float>(0, 1, {10}, {5}, 1).name() != ref);
  const auto x = da::arange(10, 3);
  CHECK((x + 1).name() != (x + 2).name());
  CHECK((x + 1).name() != (x - 1).name());
  CHECK((x - 1).name() != (1 - x).name());    // scalar side
  CHECK((x + 1).name() != (x + 1.0).name());  // scalar dtype
  CHECK(da::sum(x).name() != da::max(x).name());
  CHECK(da::sum(da::ones({4, 4}, {2, 2}), 0).name() != da::sum(da::ones({4, 4}, {2, 2}), 1).name());
  CHECK(da::sum(da::ones({4, 4}, {2, 2}), 1).name() ==
        da::sum(da::ones({4, 4}, {2, 2}), -1).name());
  CHECK(da::zeros({4}, {2}).name() != da::ones({4}, {2}).name());
  CHECK(da::full({4}, 3, {2}).name() != da::full({4}, 4, {2}).name());
  CHECK(da::from_ndarray(da::NDArray<double>({2}, {1, 2}), {1}).name() !=
        da::from_ndarray(da::NDArray<double>({2}, {1, 3}), {1}).name());
}

TEST_CASE("layers with the same name appear once in a graph", "[graph]") {
  const auto a = expression();
  const auto b = expression();
  const auto one = graph_of({a.layer()});
  const auto both = graph_of({a.layer(), b.layer()});
  CHECK(both.size() == one.size());
  CHECK(both.layers().size() == one.layers().size());
  REQUIRE(both.output_layers().size() == 2);
  CHECK(both.output_layers()[0] == both.output_layers()[1]);
  CHECK(both.output_tasks().size() == 2 * static_cast<std::size_t>(a.num_blocks()));
  std::set<std::string> names;
  for (const auto& layer : both.layers()) names.insert(layer->name());
  CHECK(names.size() == both.layers().size());
  // A sub-expression used twice within one expression is one layer too.
  const auto x = da::arange(12, 4);
  const auto twice = (x * 2) + (x * 2);
  CHECK(graph_of({twice.layer()}).size() == 3 + 3 + 3);
}

TEST_CASE("dependencies and dependents are the same edges in topological order", "[graph]") {
  const auto a = expression();
  const auto g = graph_of({a.layer(), da::sum(a).layer()});
  std::multiset<std::pair<TaskId, TaskId>> forward, backward;
  for (TaskId t = 0; t < g.size(); ++t) {
    for (auto d : g.dependencies(t)) {
      CHECK(d < t);  // every task after the tasks it reads
      forward.insert({d, t});
    }
    for (auto u : g.dependents(t)) backward.insert({t, u});
  }
  CHECK(forward == backward);
  CHECK(!forward.empty());
  // Layers follow the layers they read; each layer's tasks are contiguous and in block order.
  for (std::uint32_t l = 0; l < g.layers().size(); ++l) {
    const auto& layer = *g.layers()[l];
    for (const auto& input : layer.inputs()) {
      const auto it = std::find_if(g.layers().begin(), g.layers().end(),
                                   [&](const auto& p) { return p->name() == input->name(); });
      REQUIRE(it != g.layers().end());
      CHECK(static_cast<std::uint32_t>(it - g.layers().begin()) < l);
    }
    for (std::int64_t b = 0; b < layer.num_blocks(); ++b) {
      const auto t = g.first_task(l) + static_cast<TaskId>(b);
      CHECK(g.layer_index(t) == l);
      CHECK(g.block(t) == b);
    }
  }
  // Source tasks read nothing; the outputs are read by nothing but the sum of `a`.
  CHECK(g.dependencies(0).empty());
}

TEST_CASE("output tasks come in the order asked with blocks row-major", "[graph]") {
  const auto x = da::ones({4, 6}, {2, 3});
  const auto y = x + 1.0;
  const auto g = graph_of({y.layer(), x.layer()});
  const auto ly = g.output_layers()[0], lx = g.output_layers()[1];
  std::vector<TaskId> expected;
  for (TaskId b = 0; b < 4; ++b) expected.push_back(g.first_task(ly) + b);
  for (TaskId b = 0; b < 4; ++b) expected.push_back(g.first_task(lx) + b);
  CHECK(g.output_tasks() == expected);
}

TEST_CASE("keys are formatted as Dask's", "[graph]") {
  const auto x = da::ones({4, 6, 2}, {2, 3, 1});  // a 2 x 2 x 2 grid of blocks
  const auto g = graph_of({x.layer()});
  REQUIRE(g.size() == 8);
  CHECK(g.key(0) == "('" + x.name() + "', 0, 0, 0)");
  CHECK(g.key(5) == "('" + x.name() + "', 1, 0, 1)");
  CHECK(g.key(7) == "('" + x.name() + "', 1, 1, 1)");
  CHECK(da::core::block_key(*x.layer(), 6) == "('" + x.name() + "', 1, 1, 0)");
  const auto v = da::arange(10, 3);
  CHECK(da::core::block_key(*v.layer(), 3) == "('" + v.name() + "', 3)");
}

TEST_CASE("a chain of 300000 operations computes and is dropped without deep recursion",
          "[graph]") {
  // The graph walk and the sync order are iterative, so a long chain cannot overflow the stack;
  // releasing the last handle to it must not recurse once per layer either.
  {
    auto x = da::zeros<std::int64_t>({}, {});
    for (int i = 0; i < 300'000; ++i) x = x + 1;
    CHECK(x.compute({.scheduler = da::Scheduler::sync}).item() == 300'000);
  }
  SUCCEED("the chain was dropped");
}
