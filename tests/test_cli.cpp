// The dagarray command-line tool, run as a user runs it: arguments in, exit status, stdout
// and stderr out. Timings are never checked, only what must hold on any machine.

#include <catch2/catch.hpp>
#include <dagarray/dagarray.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <string>
#include <vector>

#include "cli_support.hpp"

namespace da = dagarray;

namespace {

using test::run_cli;

std::size_t lines(const std::string& text) {
  return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

/// The number of tasks of the lazy estimate, straight from the library: of the graph that
/// compute() runs (fused) or of the graph as built.
std::int64_t expected_tasks(std::int64_t n, std::int64_t chunk, std::uint64_t seed,
                            bool optimized = true) {
  const auto points = da::random::uniform(-1.0, 1.0, {2, n}, {2, chunk}, seed);
  const auto inside = da::count_nonzero(da::sum(da::square(points), 0) < 1.0);
  const da::core::LayerPtr outputs[] = {inside.layer()};
  return static_cast<std::int64_t>(da::detail::build_graph(outputs, optimized).size());
}

const std::vector<std::string> kAllModes = {
    "loop", "eager", "lazy", "lazy-sync", "lazy-unfused", "lazy-unfused-sync", "handwritten"};
const std::string kAllModesList =
    "loop,eager,lazy,lazy-sync,lazy-unfused,lazy-unfused-sync,handwritten";

}  // namespace

TEST_CASE("pi --help describes every flag and exits 0", "[cli]") {
  const auto help = run_cli({"pi", "--help"});
  CHECK(help.status == 0);
  CHECK(help.err.empty());
  for (const auto* flag :
       {"--n", "--chunk", "--threads", "--seed", "--modes", "--format", "--repeat", "--help"}) {
    INFO(flag);
    CHECK(help.out.find(flag) != std::string::npos);
  }
  for (const auto& mode : kAllModes) CHECK(help.out.find(mode) != std::string::npos);
}

TEST_CASE("dagarray --help lists the subcommands but not the internal one", "[cli]") {
  const auto help = run_cli({"--help"});
  CHECK(help.status == 0);
  CHECK(help.out.find("pi") != std::string::npos);
  CHECK(help.out.find("__run-mode") == std::string::npos);
}

TEST_CASE("a wrong flag or value exits 2 with one line on stderr", "[cli]") {
  const std::vector<std::vector<std::string>> wrong = {
      {"pi", "--bogus"},
      {"pi", "--n", "abc"},
      {"pi", "--n", "1.5"},
      {"pi", "--n", "-3"},
      {"pi", "--n", "1e30"},
      {"pi", "--chunk", "0"},
      {"pi", "--modes", "loop,nope"},
      {"pi", "--format", "xml"},
      {"pi", "--threads", "-1"},
      {"pi", "--repeat", "0"},
      {"pi", "--n"},
      {},                                     // no subcommand
      {"pi", "--n", "1e17", "--chunk", "1"},  // the library rejects it: usage too
  };
  for (const auto& args : wrong) {
    std::string command = "dagarray";
    for (const auto& arg : args) command += " " + arg;
    INFO(command);
    const auto run = run_cli(args);
    CHECK(run.status == 2);
    CHECK(run.out.empty());
    CHECK(lines(run.err) == 1);
    CHECK(run.err.rfind("dagarray", 0) == 0);
  }
  CHECK(run_cli({"pi", "--chunk", "0"}).err ==
        "dagarray pi: --chunk: 0 is not a positive integer\n");
}

TEST_CASE("pi --format json: every mode estimates pi, and the counter-based ones agree", "[cli]") {
  const auto run = run_cli({"pi", "--n", "200000", "--chunk", "30000", "--format", "json",
                            "--repeat", "1", "--modes", kAllModesList});
  REQUIRE(run.status == 0);
  CHECK(run.err.empty());
  const auto rows = nlohmann::json::parse(run.out);
  REQUIRE(rows.is_array());
  REQUIRE(rows.size() == kAllModes.size());

  const auto fused_size = expected_tasks(200000, 30000, 42);
  const auto unfused_size = expected_tasks(200000, 30000, 42, false);
  CHECK(fused_size < unfused_size);
  double counter_based_pi = 0;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto& row = rows[i];
    INFO(row.dump());
    CHECK(row.size() == 6);
    for (const auto* key : {"mode", "pi", "seconds", "ns_per_sample", "peak_rss_bytes", "tasks"}) {
      CHECK(row.contains(key));
    }
    const auto mode = row.at("mode").get<std::string>();
    CHECK(mode == kAllModes[i]);
    const auto pi = row.at("pi").get<double>();
    CHECK(std::abs(pi - std::numbers::pi) < 0.02);
    CHECK(row.at("seconds").get<double>() >= 0);
    CHECK(row.at("ns_per_sample").is_number());
    CHECK(row.at("peak_rss_bytes").get<std::int64_t>() > 0);
    const auto& tasks = row.at("tasks");
    if (mode == "lazy" || mode == "lazy-sync") {
      CHECK(tasks.get<std::int64_t>() == fused_size);
    } else if (mode.rfind("lazy-unfused", 0) == 0) {
      CHECK(tasks.get<std::int64_t>() == unfused_size);
    } else {
      CHECK(tasks.is_null());
    }
    if (mode == "loop") continue;  // another generator: another estimate
    if (mode == "eager") counter_based_pi = pi;
    CHECK(pi == counter_based_pi);  // bit for bit
  }
}

TEST_CASE("pi accepts counts written with exponents and clamps a chunk larger than n", "[cli]") {
  const auto run = run_cli({"pi", "--n", "2.5e4", "--chunk", "1e6", "--format", "json", "--repeat",
                            "2", "--modes", "lazy"});
  REQUIRE(run.status == 0);
  const auto rows = nlohmann::json::parse(run.out);
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].at("tasks").get<std::int64_t>() == expected_tasks(25000, 25000, 42));
  CHECK(std::abs(rows[0].at("pi").get<double>() - std::numbers::pi) < 0.05);
}

TEST_CASE("pi --n 0 is refused: no samples give no estimate", "[cli]") {
  for (const auto* command : {"pi", "profile"}) {
    const auto run = run_cli({command, "--n", "0", "--repeat", "1"});
    CHECK(run.status == 2);
    CHECK_THAT(run.err, Catch::Matchers::Contains("--n") && Catch::Matchers::Contains("0"));
    CHECK(run.out.empty());
  }
}

TEST_CASE("pi --format table prints a header and one row per mode", "[cli]") {
  const auto run = run_cli({"pi", "--n", "100000", "--chunk", "10000", "--repeat", "1", "--threads",
                            "2", "--modes", kAllModesList});
  REQUIRE(run.status == 0);
  CHECK(run.err.empty());
  for (const auto* header : {"N = 100000", "chunk = 10000", "threads = 2", "repeat = 1"}) {
    CHECK(run.out.find(header) != std::string::npos);
  }
  std::size_t rows = 0;
  std::size_t start = 0;
  while (start < run.out.size()) {
    const auto end = run.out.find('\n', start);
    const auto line = run.out.substr(start, end - start);
    for (const auto& mode : kAllModes) rows += line.rfind(mode + " ", 0) == 0;
    start = end == std::string::npos ? run.out.size() : end + 1;
  }
  CHECK(rows == kAllModes.size());
}
