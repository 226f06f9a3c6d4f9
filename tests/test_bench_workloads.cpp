// `dagarray bench workloads`: rows for every workload and mode, results that agree between
// modes (and with NumPy and Dask), ratios against the copy and lazy measured in the same run,
// and usage errors. Figures are checked for sense only, never for speed.

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cmath>
#include <string>
#include <vector>

#include "cli_support.hpp"

namespace {

using nlohmann::json;
using test::run_cli;

/// Small sizes, so that the command runs in a second: blocks uneven along the rows.
std::vector<std::string> small(std::vector<std::string> args) {
  for (const auto* arg : {"--rows", "300", "--cols", "40", "--chunk-rows", "70", "--grid", "50",
                          "--grid-chunk-rows", "16", "--repeat", "1", "--format", "json"}) {
    args.push_back(arg);
  }
  return args;
}

const json& row_of(const json& rows, const std::string& workload, const std::string& mode) {
  for (const auto& row : rows) {
    if (row.at("workload") == workload && row.at("mode") == mode) return row;
  }
  FAIL("no row for " << workload << " " << mode);
  return rows;
}

std::vector<double> result_of(const json& row) {
  return row.at("result").get<std::vector<double>>();
}

/// The standardised sum is 0 up to rounding: a column sums to rows * eps-sized terms.
bool near_zero(double value) {
  return std::abs(value) < 1e-8;
}

}  // namespace

TEST_CASE("bench workloads: a row per workload and mode, with the keys scripts read",
          "[cli][bench]") {
  const auto run = run_cli(small({"bench", "workloads"}));
  INFO(run.err);
  REQUIRE(run.status == 0);
  const auto rows = json::parse(run.out);
  // lazy-persist applies to standardize alone: 4 + 3 + 3 rows.
  REQUIRE(rows.size() == 10);
  const std::vector<std::string> workloads = {"standardize", "stencil", "histogram"};
  const std::vector<std::pair<std::string, std::string>> expected = {
      {"standardize", "eager"},      {"standardize", "lazy-unfused"},
      {"standardize", "lazy"},       {"standardize", "lazy-persist"},
      {"stencil", "eager"},          {"stencil", "lazy-unfused"},
      {"stencil", "lazy"},           {"histogram", "eager"},
      {"histogram", "lazy-unfused"}, {"histogram", "lazy"}};
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto& row = rows[i];
    INFO(row.dump());
    CHECK(row.at("workload") == expected[i].first);
    CHECK(row.at("mode") == expected[i].second);
    for (const auto* key :
         {"seconds", "peak_rss_bytes", "tasks", "result", "bytes", "bytes_per_second",
          "copy_bytes_per_second", "ratio_to_copy", "ratio_to_lazy"}) {
      CHECK(row.contains(key));
    }
    CHECK(row.at("seconds").get<double>() > 0);
    CHECK(row.at("peak_rss_bytes").get<std::int64_t>() > 0);
    CHECK(row.at("copy_bytes_per_second").get<double>() > 0);
    CHECK(row.at("ratio_to_copy").get<double>() > 0);
    CHECK(row.at("tasks").is_null() == (expected[i].second == "eager"));
  }
  // Bytes are the input once per pass: standardize needs its column statistics first.
  CHECK(row_of(rows, "standardize", "lazy").at("bytes") == 2 * 300 * 40 * 8);
  CHECK(row_of(rows, "stencil", "lazy").at("bytes") == 50 * 50 * 8);
  CHECK(row_of(rows, "histogram", "lazy").at("bytes") == 300 * 40 * 8);
  for (const auto& workload : workloads) {
    CHECK(row_of(rows, workload, "lazy").at("ratio_to_lazy") == 1.0);
    // Fusion runs fewer tasks than the graph as built.
    CHECK(row_of(rows, workload, "lazy").at("tasks").get<std::int64_t>() <
          row_of(rows, workload, "lazy-unfused").at("tasks").get<std::int64_t>());
  }
}

TEST_CASE("bench workloads: every mode computes the same results", "[cli][bench]") {
  const auto run = run_cli(small({"bench", "workloads"}));
  REQUIRE(run.status == 0);
  const auto rows = json::parse(run.out);
  for (const auto* mode : {"eager", "lazy-unfused", "lazy"}) {
    INFO(mode);
    const auto standardized = result_of(row_of(rows, "standardize", mode));
    REQUIRE(standardized.size() == 1);
    CHECK(near_zero(standardized[0]));
    // The interior's 48 x 48 values, each the mean of four uniform numbers in [0, 1).
    const auto stencil = result_of(row_of(rows, "stencil", mode));
    REQUIRE(stencil.size() == 1);
    CHECK(stencil[0] == Approx(48.0 * 48.0 / 2).epsilon(0.05));
    // Four bins of an eighth of [0, 1) each: about 1500 of the 12000 values in each.
    const auto counts = result_of(row_of(rows, "histogram", mode));
    REQUIRE(counts.size() == 4);
    double total = 0;
    for (const auto count : counts) {
      CHECK(count == Approx(1500).margin(150));
      total += count;
    }
    CHECK(total == Approx(6000).margin(200));
    CHECK(counts == result_of(row_of(rows, "histogram", "eager")));
    CHECK(stencil[0] == Approx(result_of(row_of(rows, "stencil", "eager"))[0]).epsilon(1e-12));
  }
  // The statistics persisted first: the same sum, near zero.
  const auto persisted = result_of(row_of(rows, "standardize", "lazy-persist"));
  REQUIRE(persisted.size() == 1);
  CHECK(near_zero(persisted[0]));
}

TEST_CASE("bench workloads skips lazy-persist where there is nothing to persist", "[cli][bench]") {
  const auto run = run_cli(small(
      {"bench", "workloads", "--workloads", "stencil,standardize", "--modes", "lazy-persist"}));
  INFO(run.err);
  REQUIRE(run.status == 0);
  const auto rows = json::parse(run.out);
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].at("workload") == "standardize");
  CHECK(rows[0].at("mode") == "lazy-persist");
  CHECK(rows[0].at("tasks").get<std::int64_t>() > 0);
}

TEST_CASE("bench workloads --workloads and --modes choose the rows, in that order",
          "[cli][bench]") {
  const auto run =
      run_cli(small({"bench", "workloads", "--workloads", "histogram,stencil", "--modes", "lazy"}));
  REQUIRE(run.status == 0);
  const auto rows = json::parse(run.out);
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].at("workload") == "histogram");
  CHECK(rows[1].at("workload") == "stencil");
}

TEST_CASE("bench workloads prints a table with the copy's bandwidth", "[cli][bench]") {
  auto args = small({"bench", "workloads", "--modes", "eager,lazy"});
  args.resize(args.size() - 2);  // no --format json
  const auto run = run_cli(args);
  REQUIRE(run.status == 0);
  CHECK(run.out.find("copy (STREAM-style") != std::string::npos);
  CHECK(run.out.find("GB/s") != std::string::npos);
  for (const auto* text : {"standardize:", "stencil:", "histogram:", "x lazy", "reads at least"}) {
    CHECK(run.out.find(text) != std::string::npos);
  }
}

TEST_CASE("bench workloads --peers folds in NumPy and Dask, which agree with dagarray",
          "[cli][bench]") {
  const auto run = run_cli(small(
      {"bench", "workloads", "--workloads", "stencil,histogram", "--modes", "lazy", "--peers"}));
  INFO(run.err);
  REQUIRE(run.status == 0);
  const auto rows = json::parse(run.out);
  for (const auto& row : rows) {
    const auto mode = row.at("mode").get<std::string>();
    if (mode == "lazy") continue;
    INFO(row.dump());
    CHECK((mode == "numpy" || mode == "dask"));
    CHECK(row.at("ratio_to_lazy").get<double>() > 0);
    const auto& workload = row.at("workload").get<std::string>();
    const auto ours = result_of(row_of(rows, workload, "lazy"));
    const auto theirs = result_of(row);
    REQUIRE(theirs.size() == ours.size());
    for (std::size_t i = 0; i < ours.size(); ++i) CHECK(theirs[i] == Approx(ours[i]));
  }
  // Each peer is in the table or named on stderr as skipped.
  for (const std::string peer : {"numpy", "dask"}) {
    bool listed = false;
    for (const auto& row : rows) listed = listed || row.at("mode") == peer;
    CHECK((listed || run.err.find(peer + " is not installed") != std::string::npos));
  }
}

TEST_CASE("bench workloads --peers goes on without a peers script it cannot find", "[cli][bench]") {
  const auto run = run_cli(small({"bench", "workloads", "--workloads", "stencil", "--modes", "lazy",
                                  "--peers", "--peers-script", "/nonexistent/w.py"}));
  REQUIRE(run.status == 0);
  CHECK(run.err.find("/nonexistent/w.py not found") != std::string::npos);
  CHECK(json::parse(run.out).size() == 1);
}

TEST_CASE("bench workloads rejects bad options, naming them", "[cli][bench]") {
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
      {{"--workloads", "fft"}, "--workloads"},
      {{"--modes", "fast"}, "--modes"},
      {{"--rows", "0"}, "--rows"},
      {{"--grid", "2"}, "--grid"},
      {{"--repeat", "0"}, "--repeat"},
      {{"--format", "csv"}, "--format"},
  };
  for (const auto& [extra, named] : cases) {
    auto args = std::vector<std::string>{"bench", "workloads"};
    args.insert(args.end(), extra.begin(), extra.end());
    const auto run = run_cli(args);
    INFO(run.err);
    CHECK(run.status == 2);
    CHECK(run.err.find(named) != std::string::npos);
  }
}
