#pragma once
// Dask's Profiler for dagarray: when and on which worker every task ran, as a Chrome trace
// (Perfetto, chrome://tracing) or merged into the graph JSON for the viewer's task stream.

#include <dagarray/core/graph_profile.hpp>
#include <dagarray/scheduler/observer.hpp>

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace dagarray {

class ResourceProfiler;

/// @brief One task as the profiler saw it. Times are seconds since the first compute the
/// profiler watched began, so the tasks of several computes share one time line.
struct ProfiledTask {
  std::string key;    ///< e.g. "('count_nonzero-partial-3f0c9a1b2d4e5f60', 0)"
  std::string layer;  ///< the layer's name
  std::string op;     ///< what the task did, e.g. "uniform-square-sum-less-count_nonzero-partial"
  int compute = 0;    ///< 0 for the first compute watched, 1 for the next, ...
  int worker = 0;
  double start = 0;
  double end = 0;
  bool failed = false;
};

/// @brief One compute as the profiler saw it (times as in ProfiledTask).
struct ProfiledCompute {
  double start = 0;
  double end = 0;
  int workers = 1;
  Scheduler scheduler = Scheduler::threads;
  bool optimized = true;
  std::string error;  ///< empty when it succeeded
};

/// @brief Records every task of every compute it watches. During a compute each task writes
/// two clock readings into a slot of its own (no lock); keys and names are looked up once the
/// compute ends. Watches one compute at a time.
/// @code{.cpp}
/// da::Profiler profiler;
/// auto m = count.compute({.observers = {&profiler}});
/// std::ofstream("trace.json") << profiler.chrome_trace().dump();   // open in ui.perfetto.dev
/// @endcode
class Profiler final : public Observer {
 public:
  void compute_started(const ComputeStart& start) override;
  void task_started(const TaskEvent& event) noexcept override;
  void task_finished(const TaskEvent& event) noexcept override;
  void compute_finished(const ComputeEnd& end) override;

  /// @brief Every task that ran, compute by compute, each compute's in start order.
  const std::vector<ProfiledTask>& results() const { return _tasks; }
  const std::vector<ProfiledCompute>& computes() const { return _computes; }
  /// @brief When the first compute watched began: time 0 of every recorded time.
  ObserverClock::time_point origin() const { return _origin; }

  /// @brief Chrome trace event JSON: one complete ("X") event per task, on one track per
  /// worker, with its key and layer in args; with `resources`, its samples as "memory" and
  /// "cpu" counter tracks on the same time line.
  nlohmann::json chrome_trace(const ResourceProfiler* resources = nullptr) const;

  /// @brief The last compute's timings by key, to merge into an export:
  /// `da::to_json(x, {.profile = &profiler})`.
  /// @throws std::logic_error when no compute has been watched yet.
  core::GraphProfile graph_profile() const;

  /// @brief Forgets everything recorded; the next compute starts a new time line.
  void clear();

 private:
  struct Slot {
    std::int64_t start_ns = -1;  // since _origin; -1: never started
    std::int64_t end_ns = -1;
    int worker = 0;
    bool failed = false;
  };
  std::int64_t since_origin(ObserverClock::time_point time) const {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(time - _origin).count();
  }

  const core::Graph* _graph = nullptr;  // the compute being watched
  std::vector<Slot> _slots;             // one per task of _graph
  ObserverClock::time_point _origin;
  std::vector<ProfiledTask> _tasks;
  std::vector<ProfiledCompute> _computes;
};

}  // namespace dagarray
