// Observers under Scheduler::mpi: each rank's observers see that rank's share of the tasks,
// and the Chrome traces of every rank's profiler merge into one file on rank 0.

#include <catch2/catch.hpp>

#include <atomic>
#include <set>
#include <string>

#include "mpi_support.hpp"

namespace {

/// Records what a compute told it, and counts its task events.
class Recorder final : public da::Observer {
 public:
  void compute_started(const da::ComputeStart& start) override {
    tasks = start.tasks;
    rank = start.rank;
    ranks = start.ranks;
    scheduler = start.scheduler;
  }
  void task_started(const da::TaskEvent&) noexcept override { ++started; }
  void task_finished(const da::TaskEvent&) noexcept override { ++finished; }
  void compute_finished(const da::ComputeEnd&) override { ended = true; }

  std::size_t tasks = 0;
  int rank = -1;
  int ranks = 0;
  da::Scheduler scheduler = da::Scheduler::threads;
  std::atomic<std::int64_t> started{0};
  std::atomic<std::int64_t> finished{0};
  bool ended = false;
};

da::Array<std::int64_t> pi_count() {
  auto x = da::random::uniform(-1.0, 1.0, {2, 300'000}, {2, 10'000}, 8);
  return da::count_nonzero(da::sum(da::square(x), 0) < 1.0);
}

}  // namespace

TEST_CASE("mpi: an observer sees its own rank's share of the tasks", "[mpi][observers]") {
  Recorder recorder;
  auto options = mpitest::kMpi;
  options.observers = {&recorder};
  pi_count().compute(options);
  const auto stats = da::mpi::last_compute_stats();
  CHECK(recorder.scheduler == da::Scheduler::mpi);
  CHECK(recorder.rank == mpitest::rank());
  CHECK(recorder.ranks == mpitest::ranks());
  CHECK(recorder.tasks == static_cast<std::size_t>(stats.tasks));
  CHECK(recorder.started.load() == stats.tasks);
  CHECK(recorder.finished.load() == stats.tasks);
  CHECK(recorder.ended);
  CHECK(mpitest::sum_over_ranks(recorder.finished.load()) == stats.graph_tasks);
}

TEST_CASE("mpi: the ranks' Chrome traces merge into one, a process row per rank",
          "[mpi][observers]") {
  da::Profiler profiler;
  auto options = mpitest::kMpi;
  options.observers = {&profiler};
  pi_count().compute(options);
  const auto stats = da::mpi::last_compute_stats();
  const auto trace = da::mpi::gather_chrome_trace(profiler);
  if (mpitest::rank() != 0) {
    CHECK(trace.empty());
    return;
  }
  REQUIRE(trace.contains("traceEvents"));
  std::int64_t task_events = 0;
  std::set<int> task_rows;
  std::set<std::string> row_names;
  for (const auto& event : trace.at("traceEvents")) {
    const int pid = event.at("pid").get<int>();
    CHECK(pid >= 1);
    CHECK(pid <= mpitest::ranks());
    if (event.value("ph", "") == "X") {
      ++task_events;
      task_rows.insert(pid);
      CHECK(event.contains("ts"));
    }
    if (event.value("ph", "") == "M" && event.value("name", "") == "process_name") {
      row_names.insert(event.at("args").at("name").get<std::string>());
    }
  }
  CHECK(task_events == stats.graph_tasks);  // every rank's tasks, each once
  CHECK(static_cast<int>(task_rows.size()) == mpitest::ranks());
  for (int r = 0; r < mpitest::ranks(); ++r) {
    CHECK(row_names.count("rank " + std::to_string(r)) == 1);
  }
}
