// Graph export: the dagarray-graph JSON (structure, determinism, the documented worked example)
// and Graphviz DOT.

#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>

#include <dagarray/core/graph_json.hpp>

#include "test_support.hpp"

namespace {

using nlohmann::json;

/// The lesson's pipeline: n points in (2, chunk) blocks.
da::Array<std::int64_t> pi_inside(std::int64_t n, std::int64_t chunk) {
  const auto points = da::random::uniform(-1.0, 1.0, {2, n}, {2, chunk}, 42);
  return da::count_nonzero(da::sum(da::square(points), 0) < 1.0);
}

std::string read_file(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  REQUIRE(file);
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

std::int64_t product(const json& shape) {
  std::int64_t n = 1;
  for (const auto& extent : shape) n *= extent.get<std::int64_t>();
  return n;
}

}  // namespace

TEST_CASE("to_json holds every task once, each after the tasks it reads", "[export]") {
  const auto inside = pi_inside(1000, 250);
  const auto graph = da::to_json(inside);
  const da::core::LayerPtr outputs[] = {inside.layer()};
  const auto expected = da::detail::build_graph(outputs, true);

  CHECK(graph["format"] == "dagarray-graph");
  CHECK(graph["version"] == 2);
  CHECK(graph["optimized"] == true);
  REQUIRE(graph["tasks"].size() == expected.size());
  REQUIRE(graph["layers"].size() == expected.layers().size());

  std::set<std::string> seen;
  std::map<std::string, std::int64_t> tasks_per_layer;
  for (const auto& task : graph["tasks"]) {
    for (const auto& dep : task["dependencies"]) CHECK(seen.count(dep.get<std::string>()) == 1);
    CHECK(seen.insert(task["key"].get<std::string>()).second);
    ++tasks_per_layer[task["layer"].get<std::string>()];
  }
  std::set<std::string> layers_seen;
  for (const auto& layer : graph["layers"]) {
    for (const auto& dep : layer["dependencies"]) CHECK(layers_seen.count(dep.get<std::string>()));
    layers_seen.insert(layer["name"].get<std::string>());
    CHECK(layer["tasks"] == tasks_per_layer[layer["name"].get<std::string>()]);
    CHECK(layer["tasks"] == product(layer["numblocks"]));
  }
  REQUIRE(graph["outputs"].size() == 1);
  CHECK(graph["outputs"][0] == expected.key(expected.output_tasks()[0]));
  CHECK(graph["outputs"][0] == "('" + inside.name() + "',)");
}

TEST_CASE("to_json describes each task's block, shape, dtype and bytes", "[export]") {
  const auto x = da::random::uniform(0.0, 1.0, {10, 7}, {4, 3}, 1);
  const auto graph = da::to_json(x);
  REQUIRE(graph["tasks"].size() == 9);
  const auto& last = graph["tasks"][8];
  CHECK(last["key"] == "('" + x.name() + "', 2, 2)");
  CHECK(last["block"] == json::array({2, 2}));
  CHECK(last["shape"] == json::array({2, 1}));
  CHECK(last["dtype"] == "float64");
  CHECK(last["bytes"] == 2 * 1 * 8);
  CHECK(last["op"] == "uniform");
  CHECK(last["dependencies"].empty());
  const auto& layer = graph["layers"][0];
  CHECK(layer["shape"] == json::array({10, 7}));
  CHECK(layer["chunks"] == json::array({json::array({4, 4, 2}), json::array({3, 3, 1})}));
  CHECK(layer["numblocks"] == json::array({3, 3}));
}

TEST_CASE("a task reading one block twice lists it once", "[export]") {
  const auto x = da::random::uniform(0.0, 1.0, {8}, {4}, 1);
  const auto graph = da::to_json(x * x, {.optimized = false});
  const auto& product_task = graph["tasks"][2];
  CHECK(product_task["dependencies"] == json::array({"('" + x.name() + "', 0)"}));
  CHECK(graph["layers"][1]["dependencies"] == json::array({x.name()}));
}

TEST_CASE("several outputs export as one graph with shared work once", "[export]") {
  const auto x = da::random::uniform(0.0, 1.0, {100}, {10}, 3);
  const auto total = da::sum(x);
  const auto largest = da::max(x);
  const auto graph = da::to_json({total, largest}, {.optimized = false});
  CHECK(graph["outputs"] ==
        json::array({"('" + total.name() + "',)", "('" + largest.name() + "',)"}));
  std::int64_t sources = 0;
  for (const auto& layer : graph["layers"]) sources += layer["op"] == "uniform";
  CHECK(sources == 1);
  const auto alone = da::to_json(total, {.optimized = false})["tasks"].size() +
                     da::to_json(largest, {.optimized = false})["tasks"].size();
  CHECK(graph["tasks"].size() == alone - 10);
}

TEST_CASE("the same expression gives byte-identical JSON, as documented", "[export]") {
  const da::ExportOptions raw{.optimized = false};
  const auto first = da::core::graph_json_text(da::to_json(pi_inside(1'000'000, 250'000), raw));
  const auto second = da::core::graph_json_text(da::to_json(pi_inside(1'000'000, 250'000), raw));
  CHECK(first == second);
  CHECK(json::parse(first) == da::to_json(pi_inside(1'000'000, 250'000), raw));
  // docs/graph-format.md's worked example is this file; a change to the format or to naming
  // must update it (`dagarray graph --n 1e6 --chunk 2.5e5 --raw -o docs/examples/pi-graph.json`).
  CHECK(first == read_file(DAGARRAY_SOURCE_DIR "/docs/examples/pi-graph.json"));
  CHECK(read_file(DAGARRAY_SOURCE_DIR "/docs/graph-format.md").find("```json\n" + first + "```") !=
        std::string::npos);
}

TEST_CASE("a reduction over 1000 blocks is a tree of fan-in 8, as documented", "[export]") {
  const auto graph = da::to_json(da::sum(da::arange(1000, 1)), {.optimized = false});
  std::map<std::string, std::int64_t> tasks_of;
  for (const auto& layer : graph["layers"])
    tasks_of[layer["op"]] += layer["tasks"].get<std::int64_t>();
  CHECK(tasks_of["sum-partial"] == 1000);
  CHECK(tasks_of["sum-combine"] == 125 + 16 + 2);
  CHECK(tasks_of["sum"] == 1);
}

TEST_CASE("to_json exports the optimised graph or the graph as built", "[export]") {
  const auto inside = pi_inside(1000, 500);
  const auto raw = da::to_json(inside, {.optimized = false});
  const auto fused = da::to_json(inside, {.optimized = true});
  CHECK(raw["optimized"] == false);
  CHECK(fused["optimized"] == true);
  // Two chunks: five steps each and the final count, or one fused task each and the count.
  CHECK(raw["tasks"].size() == 2 * 5 + 1);
  CHECK(fused["tasks"].size() == 2 + 1);
  CHECK(fused["tasks"][0]["op"] == "uniform-square-sum-less-count_nonzero-partial");
  CHECK(fused["outputs"] == raw["outputs"]);
}

TEST_CASE("task_graph is the graph compute runs and to_json writes", "[export]") {
  const auto inside = pi_inside(1000, 500);
  CHECK(da::task_graph(inside).size() == 2 + 1);
  CHECK(da::task_graph(inside, {.optimized = false}).size() == 2 * 5 + 1);
  const auto x = da::random::uniform(0.0, 1.0, {100}, {10}, 3);
  const auto both = da::task_graph({da::sum(x), da::max(x)}, {.optimized = false});
  CHECK(both.size() == da::to_json({da::sum(x), da::max(x)}, {.optimized = false})["tasks"].size());
  CHECK(da::task_graph({da::GraphOutput(inside.layer())}).size() == 2 + 1);
  CHECK_THROWS_WITH(da::task_graph({}), Catch::Contains("task_graph") && Catch::Contains("empty"));
  CHECK_THROWS_WITH(da::GraphOutput(da::core::LayerPtr{}), Catch::Contains("null"));
}

TEST_CASE("to_json and to_dot reject an empty list of outputs", "[export][errors]") {
  CHECK_THROWS_WITH(da::to_json({}), Catch::Contains("outputs") && Catch::Contains("empty"));
  CHECK_THROWS_AS(da::to_dot({}), std::invalid_argument);
}

TEST_CASE("to_dot has one node per task and one edge per dependency", "[export]") {
  const auto x = da::random::uniform(0.0, 1.0, {100}, {10}, 3);
  const auto expr = da::sum(x * x);
  const auto dot = da::to_dot(expr);
  const auto graph = da::to_json(expr);
  std::size_t nodes = 0, edges = 0;
  std::istringstream lines(dot);
  for (std::string line; std::getline(lines, line);) {
    nodes += line.find("[label=") != std::string::npos;
    edges += line.find(" -> ") != std::string::npos;
  }
  std::size_t dependencies = 0;
  for (const auto& task : graph["tasks"]) dependencies += task["dependencies"].size();
  CHECK(dot.rfind("digraph dagarray {", 0) == 0);
  CHECK(nodes == graph["tasks"].size());
  CHECK(edges == dependencies);
  CHECK(dot.find("tooltip=\"" + graph["tasks"][0]["key"].get<std::string>() + "\"") !=
        std::string::npos);
}

#ifdef DAGARRAY_DOT
TEST_CASE("Graphviz accepts to_dot's output", "[export]") {
  const auto dot_file = std::string("export-test.dot");
  std::ofstream(dot_file) << da::to_dot({pi_inside(1000, 250), da::sum(da::arange(20, 7))});
  const auto command = std::string(DAGARRAY_DOT) + " -Tsvg " + dot_file + " -o export-test.svg";
  REQUIRE(std::system(command.c_str()) == 0);
  CHECK(read_file("export-test.svg").find("<svg") != std::string::npos);
}
#endif
