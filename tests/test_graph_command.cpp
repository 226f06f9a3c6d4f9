// `dagarray graph`: the exported files as a user gets them, and its usage errors.

#include <catch2/catch.hpp>
#include <dagarray/dagarray.hpp>
#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>
#include <string>

#include "cli_support.hpp"

namespace {

using nlohmann::json;
using test::run_cli;

std::string read_file(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

}  // namespace

TEST_CASE("graph writes the pi graph as JSON, to a file or to stdout", "[cli][graph]") {
  const auto to_stdout = run_cli({"graph", "--n", "1e6", "--chunk", "2.5e5", "--raw"});
  REQUIRE(to_stdout.status == 0);
  // The documented worked examples are exactly these exports.
  CHECK(to_stdout.out == read_file(DAGARRAY_SOURCE_DIR "/docs/examples/pi-graph.json"));
  const auto optimized = run_cli({"graph", "--n", "1e6", "--chunk", "2.5e5"});
  REQUIRE(optimized.status == 0);
  CHECK(optimized.out == read_file(DAGARRAY_SOURCE_DIR "/docs/examples/pi-graph-optimized.json"));
  CHECK(read_file(DAGARRAY_SOURCE_DIR "/docs/graph-format.md").find("```json\n" + optimized.out) !=
        std::string::npos);

  const auto to_file = run_cli({"graph", "--n", "1e6", "--chunk", "1e5", "-o", "graph-cli.json"});
  REQUIRE(to_file.status == 0);
  CHECK(to_file.out.empty());
  const auto graph = json::parse(read_file("graph-cli.json"));
  CHECK(graph["format"] == "dagarray-graph");
  CHECK(graph["optimized"] == true);
  std::int64_t chunk_tasks = 0;
  for (const auto& task : graph["tasks"]) {
    chunk_tasks += task["op"] == "uniform-square-sum-less-count_nonzero-partial";
  }
  CHECK(chunk_tasks == 10);
}

TEST_CASE("graph --raw exports the graph as built, the default the fused one", "[cli][graph]") {
  const auto raw = run_cli({"graph", "--raw"});
  const auto fused = run_cli({"graph", "--optimized"});
  REQUIRE(raw.status == 0);
  REQUIRE(fused.status == 0);
  const auto raw_graph = json::parse(raw.out);
  const auto fused_graph = json::parse(fused.out);
  CHECK(raw_graph["optimized"] == false);
  CHECK(fused_graph["optimized"] == true);
  CHECK(fused_graph == json::parse(run_cli({"graph"}).out));
  // 10 chunks: five tasks each, or one fused task each; then 2 combines and the final count.
  CHECK(raw_graph["tasks"].size() == 5 * 10 + 2 + 1);
  CHECK(fused_graph["tasks"].size() == 10 + 2 + 1);
  CHECK(fused_graph["outputs"] == raw_graph["outputs"]);
}

TEST_CASE("graph --expr exports each listed expression", "[cli][graph]") {
  const auto help = run_cli({"graph", "--help"});
  REQUIRE(help.status == 0);
  for (const std::string name : {"pi", "sum-range", "normalize", "column-means"}) {
    CHECK(help.out.find("  " + name + " ") != std::string::npos);
    const auto run = run_cli({"graph", "--expr", name, "--n", "100", "--chunk", "10"});
    REQUIRE(run.status == 0);
    const auto graph = json::parse(run.out);
    CHECK(graph["outputs"].size() >= 1);
    CHECK(graph["tasks"].size() > graph["layers"].size());
  }
  // normalize reads one source in three reductions and once more elementwise: it appears once.
  const auto graph = json::parse(run_cli({"graph", "--expr", "normalize"}).out);
  std::int64_t sources = 0;
  for (const auto& layer : graph["layers"]) sources += layer["op"] == "uniform";
  CHECK(sources == 1);
}

TEST_CASE("graph --format dot writes Graphviz text", "[cli][graph]") {
  const auto run = run_cli({"graph", "--format", "dot", "--n", "100", "--chunk", "50"});
  REQUIRE(run.status == 0);
  CHECK(run.out.rfind("digraph dagarray {", 0) == 0);
}

TEST_CASE("graph --format html embeds the graph in one page, or says why it cannot",
          "[cli][graph]") {
  const auto run = run_cli({"graph", "--format", "html", "--n", "100", "--chunk", "50"});
  if (run.status != 0) {
    // A build without Node.js has no viewer: a clear failure, not an empty page.
    CHECK(run.status == 1);
    CHECK(run.err.find("viewer") != std::string::npos);
    return;
  }
  CHECK(run.out.find("<html") != std::string::npos);
  CHECK(run.out.find("dagarray-graph") != std::string::npos);
  // Self-contained: nothing fetched from the network.
  CHECK(run.out.find("src=\"http") == std::string::npos);
}

TEST_CASE("graph rejects bad arguments with exit 2 and one line", "[cli][graph][errors]") {
  const std::vector<std::vector<std::string>> bad = {
      {"graph", "--expr", "nope"},
      {"graph", "--format", "svg"},
      {"graph", "--raw", "--optimized"},
      {"graph", "--chunk", "0"},
      {"graph", "--n", "-5"},
      {"graph", "--n", "10", "--chunk", "20"},
  };
  for (const auto& args : bad) {
    INFO(args[1] << " " << args[2]);
    const auto run = run_cli(args);
    CHECK(run.status == 2);
    CHECK(run.err.rfind("dagarray graph: ", 0) == 0);
    CHECK(std::count(run.err.begin(), run.err.end(), '\n') == 1);
  }
}

TEST_CASE("graph reports a file it cannot write with exit 1", "[cli][graph][errors]") {
  const auto run = run_cli({"graph", "-o", "/nonexistent-dir/graph.json"});
  CHECK(run.status == 1);
  CHECK(run.err.find("/nonexistent-dir/graph.json") != std::string::npos);
}
