// `dagarray profile`: a Chrome trace with one complete event per task of the graph it ran,
// the graph JSON with every task's timing, a summary, and its arguments checked.

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include "cli_support.hpp"

namespace {

nlohmann::json read_json(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return nlohmann::json::parse(text.str());
}

}  // namespace

TEST_CASE("profile writes a trace with one event per task and a timed graph", "[cli][profile]") {
  const auto dir = std::filesystem::temp_directory_path() / "dagarray-profile-test";
  std::filesystem::create_directories(dir);
  const auto trace_path = dir / "trace.json";
  const auto graph_path = dir / "timed.json";
  for (const bool raw : {false, true}) {
    INFO("raw " << raw);
    std::vector<std::string> args = {
        "profile",          "--n", "1e6", "--chunk",           "1e5",
        "--threads",        "2",   "-o",  trace_path.string(), "--graph",
        graph_path.string()};
    if (raw) args.push_back("--raw");
    const auto outcome = test::run_cli(args);
    INFO(outcome.err);
    REQUIRE(outcome.status == 0);
    const auto graph = read_json(graph_path);
    const auto trace = read_json(trace_path);
    CHECK(graph["version"] == 2);
    CHECK(graph["optimized"] == !raw);
    CHECK(graph["profile"]["workers"] == 2);
    std::set<std::string> keys;
    for (const auto& task : graph["tasks"]) {
      CHECK(task.contains("timing"));
      keys.insert(task["key"].get<std::string>());
    }
    std::set<std::string> traced;
    std::size_t complete = 0;
    for (const auto& event : trace["traceEvents"]) {
      if (event["ph"] != "X") continue;
      ++complete;
      traced.insert(event["args"]["key"].get<std::string>());
    }
    CHECK(complete == keys.size());
    CHECK(traced == keys);
    CHECK_THAT(outcome.out, Catch::Contains(std::to_string(keys.size()) + " tasks on 2 workers") &&
                                Catch::Contains("workers busy: ") &&
                                Catch::Contains("trace: " + trace_path.string()));
  }
  std::filesystem::remove_all(dir);
}

TEST_CASE("profile checks its arguments", "[cli][profile]") {
  const auto bad_interval = test::run_cli(
      {"profile", "--n", "1e4", "--interval", "0", "-o", "/nonexistent-dir/trace.json"});
  CHECK(bad_interval.status == 2);
  CHECK_THAT(bad_interval.err, Catch::Contains("--interval"));
  const auto bad_n = test::run_cli({"profile", "--n", "-5"});
  CHECK(bad_n.status == 2);
  // An output that cannot be written is refused before the compute, with the reason.
  for (const auto* path : {"/nonexistent-dir/t.json", "/proc/x"}) {
    const auto unwritable = test::run_cli({"profile", "--n", "1e4", "--chunk", "1e3", "-o", path});
    CHECK(unwritable.status == 2);
    CHECK_THAT(unwritable.err, Catch::Contains(std::string("--output: path = '") + path) &&
                                   Catch::Contains("cannot be created: "));
    CHECK(unwritable.out.empty());  // no summary: nothing was computed
  }
  // Intervals are shown as the user wrote them, not as 30 digits or 0.000000.
  const std::pair<const char*, const char*> intervals[] = {
      {"1e30", "--interval: 1e+30 s must be in [1e-06, 86400] s"},
      {"1e-300", "--interval: 1e-300 s must be in [1e-06, 86400] s"},
  };
  for (const auto& [interval, message] : intervals) {
    const auto outcome = test::run_cli({"profile", "--n", "1e4", "--interval", interval});
    CHECK(outcome.status == 2);
    CHECK_THAT(outcome.err, Catch::Contains(message));
  }
}
