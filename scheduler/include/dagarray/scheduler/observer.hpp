#pragma once
// Watching a compute, as Dask's callbacks do: a scheduler calls each attached observer when the
// compute starts, when each task starts and ends, and when the compute ends. Progress bars,
// profilers and the live dashboard are observers; the scheduler knows nothing of them.

#include <dagarray/core/graph.hpp>
#include <dagarray/scheduler/options.hpp>

#include <chrono>
#include <string_view>

namespace dagarray {

/// @brief The clock of every observer time: monotonic, so durations are never negative.
using ObserverClock = std::chrono::steady_clock;

/// @brief A compute about to run its first task.
struct ComputeStart {
  const core::Graph& graph;  ///< valid until compute_finished returns
  Scheduler scheduler;
  int workers;     ///< threads that may run tasks: worker ids are 0 .. workers - 1
  bool optimized;  ///< whether `graph` went through the optimisation passes
  ObserverClock::time_point time;
  /// Tasks this process will run: graph.size(), except under Scheduler::mpi, where each rank
  /// runs its share and sees only its own tasks start and end.
  std::size_t tasks = graph.size();
  int rank = 0;   ///< this process's rank under Scheduler::mpi, else 0
  int ranks = 1;  ///< ranks sharing the compute
};

/// @brief One task starting or ending.
struct TaskEvent {
  core::TaskId task;  ///< index in ComputeStart::graph
  int worker;         ///< which worker thread runs it, 0 .. workers - 1
  ObserverClock::time_point time;
  /// At the end of a task: empty when it succeeded, else what it threw.
  std::string_view error;
  bool failed() const { return !error.empty(); }
};

/// @brief A compute whose tasks have all ended (or, after a failure, will never start).
struct ComputeEnd {
  ObserverClock::time_point time;
  std::string_view error;  ///< empty when every task succeeded, else the TaskError's what()
  bool failed() const { return !error.empty(); }
};

/// @brief Base of everything that watches computes; every hook does nothing by default.
/// The task hooks run on worker threads, several at once, inside the timed work: keep them
/// short and thread-safe; they must not throw. The compute hooks run on the thread that called
/// compute(), before the first task and after the last; an exception they throw leaves compute().
/// @code{.cpp}
/// da::Profiler profiler;
/// da::ProgressBar bar;
/// auto m = count.compute({.observers = {&profiler, &bar}});
/// @endcode
class Observer {
 public:
  virtual ~Observer() = default;
  virtual void compute_started(const ComputeStart& /*start*/) {}
  virtual void task_started(const TaskEvent& /*event*/) noexcept {}
  virtual void task_finished(const TaskEvent& /*event*/) noexcept {}
  virtual void compute_finished(const ComputeEnd& /*end*/) {}
};

}  // namespace dagarray
