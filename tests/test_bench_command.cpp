// `dagarray bench`: the rows and keys scripts rely on, the peers folded in or skipped with a
// message, and usage errors. Figures are checked for sense only, never for speed.

#include <catch2/catch.hpp>
#include <dagarray/dagarray.hpp>
#include <nlohmann/json.hpp>

#include <cmath>
#include <numbers>
#include <string>
#include <vector>

#include "cli_support.hpp"

namespace {

using nlohmann::json;
using test::run_cli;

std::int64_t fused_pi_tasks(std::int64_t n, std::int64_t chunk) {
  const auto points = dagarray::random::uniform(-1.0, 1.0, {2, n}, {2, chunk}, 42);
  const auto inside = dagarray::count_nonzero(dagarray::sum(dagarray::square(points), 0) < 1.0);
  const dagarray::core::LayerPtr outputs[] = {inside.layer()};
  return static_cast<std::int64_t>(dagarray::detail::build_graph(outputs, true).size());
}

}  // namespace

TEST_CASE("bench pi: every mode with its time over the hand-written loop's", "[cli][bench]") {
  const auto run = run_cli(
      {"bench", "pi", "--n", "100000", "--chunk", "10000", "--repeat", "1", "--format", "json"});
  REQUIRE(run.status == 0);
  const auto rows = json::parse(run.out);
  const std::vector<std::string> modes = {"loop",         "eager", "lazy-unfused-sync",
                                          "lazy-unfused", "lazy",  "handwritten"};
  REQUIRE(rows.size() == modes.size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto& row = rows[i];
    INFO(row.dump());
    CHECK(row.at("mode") == modes[i]);
    for (const auto* key :
         {"pi", "seconds", "ns_per_sample", "peak_rss_bytes", "tasks", "ratio_to_handwritten"}) {
      CHECK(row.contains(key));
    }
    CHECK(std::abs(row.at("pi").get<double>() - std::numbers::pi) < 0.05);
    const bool lazy = modes[i].rfind("lazy", 0) == 0;
    CHECK(row.at("tasks").is_null() == !lazy);
    CHECK(row.at("ratio_to_handwritten").get<double>() > 0);
  }
  CHECK(rows.back().at("ratio_to_handwritten") == 1.0);
  CHECK(rows[4].at("tasks") == fused_pi_tasks(100000, 10000));
  CHECK(rows[3].at("tasks").get<std::int64_t>() > rows[4].at("tasks").get<std::int64_t>());
}

TEST_CASE("bench pi --peers goes on without a peers script it cannot find", "[cli][bench]") {
  const auto run = run_cli({"bench", "pi", "--n", "1000", "--chunk", "100", "--repeat", "1",
                            "--modes", "lazy,handwritten", "--peers", "--peers-script",
                            "/nonexistent/pi_peers.py", "--format", "json"});
  REQUIRE(run.status == 0);
  CHECK(run.err.find("/nonexistent/pi_peers.py not found") != std::string::npos);
  CHECK(json::parse(run.out).size() == 2);
}

TEST_CASE("bench pi --peers folds in the Python peers that are installed", "[cli][bench]") {
  const auto run = run_cli({"bench", "pi", "--n", "20000", "--chunk", "5000", "--repeat", "1",
                            "--modes", "handwritten", "--peers", "--format", "json"});
  REQUIRE(run.status == 0);
  const auto rows = json::parse(run.out);
  INFO(run.err);
  for (std::size_t i = 1; i < rows.size(); ++i) {
    const auto mode = rows[i].at("mode").get<std::string>();
    INFO(mode);
    CHECK((mode == "numpy" || mode == "dask" || mode.rfind("numba", 0) == 0));
    CHECK(std::abs(rows[i].at("pi").get<double>() - std::numbers::pi) < 0.1);
    CHECK(rows[i].at("peak_rss_bytes").get<std::int64_t>() > 0);
  }
  // Each peer is either in the table or named on stderr as skipped.
  for (const std::string peer : {"numpy", "dask", "numba"}) {
    bool listed = false;
    for (const auto& row : rows) listed = listed || row.at("mode").get<std::string>() == peer;
    CHECK((listed || run.err.find(peer) != std::string::npos));
  }
}

TEST_CASE("bench overhead reports microseconds per task for each step", "[cli][bench]") {
  const auto run =
      run_cli({"bench", "overhead", "--tasks", "2000", "--repeat", "1", "--format", "json"});
  REQUIRE(run.status == 0);
  const auto result = json::parse(run.out);
  for (const auto* key : {"us_per_task_build", "us_per_task_optimize", "us_per_task_run",
                          "us_per_task_total", "seconds_build_1m"}) {
    INFO(key);
    CHECK(result.at(key).get<double>() > 0);
  }
  CHECK(std::abs(result.at("tasks").get<double>() - 2000) < 200);
  CHECK(result.at("tasks_1m").get<double>() > 990'000);
  CHECK(result.at("us_per_task_total").get<double>() ==
        Approx(result.at("us_per_task_build").get<double>() +
               result.at("us_per_task_optimize").get<double>() +
               result.at("us_per_task_run").get<double>()));
}

TEST_CASE("bench memory reports the lazy run's peak memory", "[cli][bench]") {
  const auto run = run_cli({"bench", "memory", "--n", "1e6", "--chunk", "1e5", "--format", "json"});
  REQUIRE(run.status == 0);
  const auto result = json::parse(run.out);
  CHECK(result.at("mode") == "lazy");
  CHECK(result.at("n") == 1'000'000);
  CHECK(result.at("peak_rss_bytes").get<std::int64_t>() > 0);
  CHECK(result.at("tasks") == fused_pi_tasks(1'000'000, 100'000));
}

TEST_CASE("bench observers times each observer against none", "[cli][bench]") {
  const auto run = run_cli({"bench", "observers", "--n", "100000", "--chunk", "10000", "--repeat",
                            "3", "--format", "json"});
  INFO(run.err);
  REQUIRE(run.status == 0);
  const auto rows = json::parse(run.out);
  std::vector<std::string> names;
  for (const auto& row : rows) {
    names.push_back(row.at("observer").get<std::string>());
    CHECK(row.at("seconds").get<double>() > 0);
    CHECK(row.at("ratio_to_none").get<double>() > 0);
  }
  CHECK(names ==
        std::vector<std::string>{"none", "progress", "profiler", "resources", "dashboard", "all"});
  CHECK(rows[0].at("ratio_to_none") == 1.0);
  const auto table =
      run_cli({"bench", "observers", "--n", "10000", "--chunk", "1000", "--repeat", "1"});
  CHECK(table.status == 0);
  CHECK_THAT(table.out, Catch::Contains("x none") && Catch::Contains("dashboard"));
}

TEST_CASE("bench rejects a missing subcommand and bad values with exit 2", "[cli][bench][errors]") {
  for (const auto& args :
       std::vector<std::vector<std::string>>{{"bench"},
                                             {"bench", "overhead", "--tasks", "0"},
                                             {"bench", "pi", "--modes", "fast"},
                                             {"bench", "memory", "--chunk", "0"}}) {
    const auto run = run_cli(args);
    CHECK(run.status == 2);
    CHECK(run.err.rfind("dagarray bench", 0) == 0);
  }
}

TEST_CASE("bench names an unknown benchmark, and lists them when none is given", "[cli]") {
  const auto bogus = test::run_cli({"bench", "bogus"});
  CHECK(bogus.status == 2);
  CHECK_THAT(bogus.err, Catch::Matchers::Contains("not expected: bogus"));
  const auto none = test::run_cli({"bench"});
  CHECK(none.status == 2);
  CHECK_THAT(none.err, Catch::Matchers::Contains("a benchmark is required: pi") &&
                           Catch::Matchers::Contains("memory"));
}
