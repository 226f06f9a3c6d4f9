// The profiler: one record per task with its key, op and worker; a Chrome trace with one
// complete event per task; its timings merged into the graph JSON (format version 2).

#include <catch2/catch.hpp>

#include <set>
#include <string>

#include "test_support.hpp"

namespace {

da::Array<std::int64_t> pi_count(std::int64_t n, std::int64_t chunk) {
  const auto points = da::random::uniform(-1.0, 1.0, {2, n}, {2, chunk}, 11);
  return da::count_nonzero(da::sum(da::square(points), 0) < 1.0);
}

}  // namespace

TEST_CASE("the profiler records every task with its key, layer, op and worker", "[profiler]") {
  const auto m = pi_count(40'000, 1'000);
  for (auto options : test::all_options()) {
    INFO(test::describe(options));
    da::Profiler profiler;
    options.observers = {&profiler};
    m.compute(options);
    const auto graph = da::to_json(m, {.optimized = options.optimize});
    REQUIRE(profiler.results().size() == graph["tasks"].size());
    REQUIRE(profiler.computes().size() == 1);
    const auto& compute = profiler.computes()[0];
    CHECK(compute.error.empty());
    std::set<std::string> keys;
    for (const auto& task : profiler.results()) {
      keys.insert(task.key);
      CHECK(task.compute == 0);
      CHECK(task.worker >= 0);
      CHECK(task.worker < compute.workers);
      CHECK(compute.start <= task.start);
      CHECK(task.start <= task.end);
      CHECK(task.end <= compute.end);
      CHECK_FALSE(task.failed);
      CHECK(task.key.find(task.layer) != std::string::npos);
    }
    std::set<std::string> graph_keys;
    for (const auto& task : graph["tasks"]) graph_keys.insert(task["key"].get<std::string>());
    CHECK(keys == graph_keys);
  }
}

TEST_CASE("the Chrome trace holds one complete event per task, on its worker's track",
          "[profiler]") {
  const auto m = pi_count(40'000, 1'000);
  da::Profiler profiler;
  da::ResourceProfiler resources(std::chrono::milliseconds(5));
  m.compute({.observers = {&profiler, &resources}});
  m.compute({.scheduler = da::Scheduler::sync, .observers = {&profiler}});
  const auto text = profiler.chrome_trace(&resources).dump();
  const auto trace = nlohmann::json::parse(text);  // what Perfetto reads back
  REQUIRE(trace["traceEvents"].is_array());
  std::multiset<std::string> complete;
  std::set<int> named_threads;
  int counters = 0;
  for (const auto& event : trace["traceEvents"]) {
    const auto phase = event["ph"].get<std::string>();
    if (phase == "M" && event["name"] == "thread_name")
      named_threads.insert(event["tid"].get<int>());
    if (phase == "C") ++counters;
    if (phase != "X") continue;
    CHECK(event["dur"].get<double>() >= 0);
    CHECK(event["ts"].get<double>() >= 0);
    CHECK(event["pid"] == 1);
    complete.insert(event["args"]["key"].get<std::string>() + "#" +
                    std::to_string(event["args"]["compute"].get<int>()));
    CHECK(named_threads.count(event["tid"].get<int>()) == 1);
  }
  CHECK(complete.size() == profiler.results().size());
  CHECK(complete.size() == 2 * da::to_json(m)["tasks"].size());
  for (const auto& key : complete) CHECK(complete.count(key) == 1);
  CHECK(counters == 2 * static_cast<int>(resources.results().size()));
  CHECK(counters >= 4);
}

TEST_CASE("profiled timings merge into the graph JSON as format version 2", "[profiler]") {
  const auto m = pi_count(40'000, 1'000);
  da::Profiler profiler;
  m.compute({.num_threads = 2, .observers = {&profiler}});
  const auto graph = da::to_json(m, {.profile = &profiler});
  CHECK(graph["version"] == 2);
  CHECK(graph["profile"]["workers"] == 2);
  CHECK(graph["profile"]["scheduler"] == "threads");
  const double duration = graph["profile"]["duration"];
  CHECK(duration > 0);
  for (const auto& task : graph["tasks"]) {
    INFO(task["key"]);
    REQUIRE(task.contains("timing"));
    const double start = task["timing"]["start"];
    const double end = task["timing"]["end"];
    CHECK(0 <= start);
    CHECK(start <= end);
    CHECK(end <= duration);
    CHECK(task["timing"]["worker"].get<int>() < 2);
  }
  // Exported without a profile: the same graph, no timings.
  const auto plain = da::to_json(m);
  CHECK_FALSE(plain.contains("profile"));
  CHECK_FALSE(plain["tasks"][0].contains("timing"));
}

TEST_CASE("a failed task is profiled as failed", "[profiler]") {
  const auto x = da::map_blocks(
      [](const da::NDArray<std::int64_t>& b) -> da::NDArray<std::int64_t> {
        if (b.data()[0] == 8) throw std::runtime_error("no eights");
        return b;
      },
      da::arange(16, 4));
  da::Profiler profiler;
  CHECK_THROWS_AS(x.compute({.scheduler = da::Scheduler::sync, .observers = {&profiler}}),
                  da::TaskError);
  REQUIRE(profiler.computes().size() == 1);
  CHECK_THAT(profiler.computes()[0].error, Catch::Contains("no eights"));
  int failed = 0;
  for (const auto& task : profiler.results()) failed += task.failed ? 1 : 0;
  CHECK(failed == 1);
}

TEST_CASE("the profiler refuses what it cannot do", "[profiler]") {
  da::Profiler profiler;
  CHECK_THROWS_AS(profiler.graph_profile(), std::logic_error);
  const auto x = da::arange(8, 4);
  CHECK_THROWS_AS(da::to_json(x, {.profile = &profiler}), std::logic_error);
  x.compute({.observers = {&profiler}});
  profiler.clear();
  CHECK(profiler.results().empty());
  CHECK(profiler.computes().empty());
}
