// Observers: every task is seen exactly once, started before it ends and after everything it
// reads has ended, on both schedulers; failures reach them with the task's message; the compute
// hooks bracket the tasks.

#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

#include "test_support.hpp"

namespace {

/// Records every hook call, from any thread.
class Recorder final : public da::Observer {
 public:
  struct Task {
    int starts = 0;
    int ends = 0;
    int worker = -1;
    int end_worker = -1;
    da::ObserverClock::time_point start;
    da::ObserverClock::time_point end;
    std::string error;
  };

  void compute_started(const da::ComputeStart& start) override {
    ++computes_started;
    graph = &start.graph;
    workers = start.workers;
    optimized = start.optimized;
    begin = start.time;
    tasks.assign(start.graph.size(), Task{});
    keys.clear();
    dependencies.clear();
    for (da::core::TaskId t = 0; t < start.graph.size(); ++t) {
      keys.push_back(start.graph.key(t));
      dependencies.push_back(
          {start.graph.dependencies(t).begin(), start.graph.dependencies(t).end()});
    }
  }
  void task_started(const da::TaskEvent& event) noexcept override {
    std::lock_guard lock(mutex);
    auto& task = tasks.at(event.task);
    ++task.starts;
    task.worker = event.worker;
    task.start = event.time;
    if (computes_finished == computes_started) ++after_end;
  }
  void task_finished(const da::TaskEvent& event) noexcept override {
    std::lock_guard lock(mutex);
    auto& task = tasks.at(event.task);
    ++task.ends;
    task.end_worker = event.worker;
    task.end = event.time;
    task.error = std::string(event.error);
  }
  void compute_finished(const da::ComputeEnd& end) override {
    ++computes_finished;
    finish = end.time;
    error = std::string(end.error);
    graph = nullptr;
  }

  std::mutex mutex;
  const da::core::Graph* graph = nullptr;
  int computes_started = 0;
  int computes_finished = 0;
  int after_end = 0;
  int workers = 0;
  bool optimized = false;
  da::ObserverClock::time_point begin;
  da::ObserverClock::time_point finish;
  std::string error;
  std::vector<Task> tasks;
  std::vector<std::string> keys;
  std::vector<std::vector<da::core::TaskId>> dependencies;
};

/// A tree of several layers: sources, elementwise ops, a reduction with partials and a combine.
da::Array<std::int64_t> sample_expression() {
  const auto x = da::random::uniform(-1.0, 1.0, {2, 4000}, {2, 250}, 5);
  return da::count_nonzero(da::sum(da::square(x), 0) < 1.0);
}

bool failing = false;
da::NDArray<std::int64_t> throw_on_block_three(const da::NDArray<std::int64_t>& block) {
  if (failing && block.size() > 0 && block.data()[0] == 12) {
    throw std::runtime_error("block three refuses");
  }
  return block * 2;
}

}  // namespace

TEST_CASE("observers see every task once, start before end, after its inputs", "[observers]") {
  const auto m = sample_expression();
  const auto expected = m.compute().item();
  for (auto options : test::all_options()) {
    INFO(test::describe(options));
    Recorder recorder;
    Recorder second;
    options.observers = {&recorder, &second};
    CHECK(m.compute(options).item() == expected);

    for (const Recorder* r : {&recorder, &second}) {
      CHECK(r->computes_started == 1);
      CHECK(r->computes_finished == 1);
      CHECK(r->error.empty());
      CHECK(r->after_end == 0);
      CHECK(r->optimized == options.optimize);
      REQUIRE(r->tasks.size() > 10);
    }
    const int expected_workers = options.scheduler == da::Scheduler::sync ? 1
                                 : options.num_threads > 0                ? options.num_threads
                                                           : recorder.workers;  // every core
    CHECK(recorder.workers == expected_workers);
    CHECK(recorder.workers >= 1);
    for (std::size_t t = 0; t < recorder.tasks.size(); ++t) {
      const auto& task = recorder.tasks[t];
      INFO("task " << recorder.keys[t]);
      CHECK(task.starts == 1);
      CHECK(task.ends == 1);
      CHECK(task.error.empty());
      CHECK(task.worker >= 0);
      CHECK(task.worker < recorder.workers);
      CHECK(task.end_worker == task.worker);  // a task runs on one thread, start to end
      CHECK(recorder.begin <= task.start);
      CHECK(task.start <= task.end);
      CHECK(task.end <= recorder.finish);
      for (auto dep : recorder.dependencies[t]) CHECK(recorder.tasks[dep].end <= task.start);
      CHECK(second.tasks[t].starts == 1);
    }
  }
}

TEST_CASE("a failing task reaches observers with its message, and so does the compute's end",
          "[observers]") {
  const auto x = da::map_blocks(throw_on_block_three, da::arange(40, 4));
  const auto total = da::sum(x);
  const auto key = da::core::block_key(*x.layer(), 3);
  for (auto options : test::all_options()) {
    INFO(test::describe(options));
    Recorder recorder;
    options.observers = {&recorder};
    failing = true;
    CHECK_THROWS_AS(total.compute(options), da::TaskError);
    failing = false;
    CHECK(recorder.computes_started == 1);
    CHECK(recorder.computes_finished == 1);
    CHECK_THAT(recorder.error, Catch::Contains(key) && Catch::Contains("block three refuses"));
    int failed = 0;
    for (std::size_t t = 0; t < recorder.tasks.size(); ++t) {
      const auto& task = recorder.tasks[t];
      CHECK(task.starts <= 1);
      CHECK(task.ends == task.starts);  // whatever started also ended, even after the failure
      if (task.error.empty()) continue;
      ++failed;
      CHECK(recorder.keys[t] == key);
      CHECK(task.error == "block three refuses");
    }
    CHECK(failed == 1);
  }
}

TEST_CASE("compute rejects a null observer by its position", "[observers]") {
  Recorder recorder;
  const auto x = da::arange(10, 5);
  try {
    x.compute({.observers = {&recorder, nullptr}});
    FAIL("compute accepted a null observer");
  } catch (const std::invalid_argument& e) {
    CHECK_THAT(e.what(), Catch::Contains("observers[1]") && Catch::Contains("nullptr"));
  }
  CHECK(recorder.computes_started == 0);
}

namespace {

class RefusesToStart final : public da::Observer {
 public:
  void compute_started(const da::ComputeStart&) override {
    throw std::runtime_error("no room on the screen");
  }
};

}  // namespace

TEST_CASE("an observer that fails to start ends the ones started before it", "[observers]") {
  Recorder recorder;
  RefusesToStart refuses;
  const auto x = da::arange(10, 5);
  CHECK_THROWS_WITH(x.compute({.observers = {&recorder, &refuses}}), "no room on the screen");
  CHECK(recorder.computes_started == 1);
  CHECK(recorder.computes_finished == 1);
  CHECK_THAT(recorder.error, Catch::Contains("no room on the screen"));
  CHECK(std::all_of(recorder.tasks.begin(), recorder.tasks.end(),
                    [](const auto& task) { return task.starts == 0; }));
}

TEST_CASE("the dashboard option is one more observer", "[observers]") {
  Recorder dashboard;
  const auto m = sample_expression();
  m.compute({.dashboard = &dashboard});
  CHECK(dashboard.computes_finished == 1);
  CHECK(std::all_of(dashboard.tasks.begin(), dashboard.tasks.end(),
                    [](const auto& task) { return task.starts == 1 && task.ends == 1; }));
}
