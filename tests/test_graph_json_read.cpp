// Reading a dagarray-graph document back (core::read_graph_json, what `dagarray serve` checks
// a file with): every export reads back as it was written, and a document that does not hold
// together is refused with the place and the reason.

#include <dagarray/core/graph_json.hpp>
#include <dagarray/core/graph_json_read.hpp>

#include <catch2/catch.hpp>

#include <functional>
#include <string>

#include "test_support.hpp"

namespace {

using Catch::Matchers::Contains;
using nlohmann::json;

json pi_export(bool optimized) {
  const auto pts = da::random::uniform(-1.0, 1.0, {2, 1000}, {2, 250}, 42);
  const auto inside = da::count_nonzero(da::sum(da::square(pts), 0) < 1.0);
  da::Profiler profiler;
  (void)inside.compute({.optimize = optimized, .observers = {&profiler}});
  return da::to_json(inside, {.optimized = optimized, .profile = &profiler});
}

/// `edit` applied to a copy of a good export must be refused with `reason`.
void refused(const std::function<void(json&)>& edit, const std::string& reason) {
  auto graph = pi_export(false);
  edit(graph);
  INFO(reason);
  CHECK_THROWS_AS(da::core::read_graph_json(graph.dump()), std::invalid_argument);
  CHECK_THROWS_WITH(da::core::read_graph_json(graph.dump()), Contains(reason));
}

}  // namespace

TEST_CASE("every export reads back as written", "[graph-json]") {
  for (bool optimized : {false, true}) {
    const auto graph = pi_export(optimized);
    CHECK(da::core::read_graph_json(graph.dump()) == graph);
    CHECK(da::core::read_graph_json(da::core::graph_json_text(graph)) == graph);
  }
}

TEST_CASE("text that is not JSON is refused with where it went wrong", "[graph-json]") {
  const std::pair<std::string, std::string> cases[] = {
      {"", "not JSON: parse error at line 1, column 1"},
      {"{\"format\": 1e400}", "number overflow parsing '1e400'"},
      {"{}" + std::string(1, '\0'), "not JSON"},
      {"[1, 2]", "the document is [1,2], not an object"},
  };
  for (const auto& [text, reason] : cases) {
    CHECK_THROWS_WITH(da::core::read_graph_json(text), Contains(reason));
  }
}

TEST_CASE("a graph that does not hold together is refused with the place and reason",
          "[graph-json]") {
  refused([](json& g) { g.erase("optimized"); }, "no \"optimized\" member");
  refused([](json& g) { g["optimized"] = 1; }, "optimized: is 1, not true or false");
  refused([](json& g) { g["version"] = "2"; }, "version: \"2\" is not supported");
  refused([](json& g) { g["layers"] = json::object(); }, "layers: is {}, not an array");
  refused([](json& g) { g["tasks"][0] = 7; }, "tasks[0]: is 7, not an object");
  refused([](json& g) { g["tasks"][2]["bytes"] = -4; }, "tasks[2].bytes: is -4, not an integer");
  refused([](json& g) { g["tasks"][1]["shape"][0] = 2.5; }, "tasks[1].shape[0]: is 2.5");
  refused([](json& g) { g["tasks"][1]["dtype"] = "complex128"; },
          "tasks[1].dtype: \"complex128\" is not float64");
  refused([](json& g) { g["layers"][1]["chunks"][0] = 3; }, "layers[1].chunks[0]: is 3");
  refused([](json& g) { g["tasks"][3]["layer"] = "nowhere-0000000000000000"; },
          "tasks[3].layer: \"nowhere-0000000000000000\" is not a layer's name");
  refused([](json& g) { g["layers"][1]["name"] = g["layers"][0]["name"]; }, "is used twice");
  refused([](json& g) { g["tasks"][1]["key"] = g["tasks"][0]["key"]; }, "is used twice");
  refused([](json& g) { g["outputs"][0] = "('missing-0000000000000000', 0)"; },
          "outputs[0]: \"('missing-0000000000000000', 0)\" is not the key of a task");
  refused([](json& g) { g["tasks"][0]["timing"]["worker"] = -1; }, "timing.worker: is -1");
}

TEST_CASE("a cycle, a self-loop or a missing dependency is refused", "[graph-json]") {
  // Tasks come in topological order, so each may read only earlier ones.
  refused([](json& g) { g["tasks"][1]["dependencies"] = json::array({g["tasks"][1]["key"]}); },
          "tasks[1].dependencies[0]");
  refused(
      [](json& g) {
        auto& tasks = g["tasks"];
        tasks[0]["dependencies"] = json::array({tasks[tasks.size() - 1]["key"]});
      },
      "is not the key of an earlier entry");
  refused([](json& g) { g["tasks"][4]["dependencies"].push_back("('gone-0000000000000000', 0)"); },
          "\"('gone-0000000000000000', 0)\" is not the key of an earlier entry");
  refused(
      [](json& g) {
        auto& deps = g["tasks"][4]["dependencies"];
        deps.push_back(deps[0]);
      },
      "is named twice");
  refused([](json& g) { g["layers"][0]["dependencies"] = json::array({g["layers"][0]["name"]}); },
          "layers[0].dependencies[0]");
}
