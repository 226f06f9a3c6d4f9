#pragma once
// The observers of one compute, as the schedulers call them. With none attached each call is
// one test of an empty vector: no clock is read.

#include <dagarray/scheduler/observer.hpp>
#include <dagarray/scheduler/options.hpp>

#include <string_view>
#include <vector>

namespace dagarray::scheduler::detail {

class Watchers {
 public:
  Watchers() = default;
  /// @brief options.observers then options.dashboard.
  /// @throws std::invalid_argument for a null observer.
  explicit Watchers(const ComputeOptions& options);

  /// @brief Calls compute_started on each; if one throws, the ones already started are told
  /// the compute ended with that error, and the exception goes on.
  void compute_started(const core::Graph& graph, Scheduler scheduler, int workers, bool optimized);
  /// @brief The same for one rank of a distributed compute, which runs `tasks` of the graph's.
  void compute_started(const core::Graph& graph, Scheduler scheduler, int workers, bool optimized,
                       std::size_t tasks, int rank, int ranks);
  bool started() const { return _started; }

  void task_started(core::TaskId task, int worker) const noexcept {
    if (_observers.empty()) return;
    const TaskEvent event{task, worker, ObserverClock::now(), {}};
    for (auto* observer : _observers) observer->task_started(event);
  }

  /// @brief `error` is empty when the task succeeded.
  void task_finished(core::TaskId task, int worker, std::string_view error) const noexcept {
    if (_observers.empty()) return;
    const TaskEvent event{task, worker, ObserverClock::now(), error};
    for (auto* observer : _observers) observer->task_finished(event);
  }

  /// @brief Calls compute_finished on each, even when one throws; then rethrows the first.
  void compute_finished(std::string_view error);

 private:
  std::vector<Observer*> _observers;
  bool _started = false;
};

}  // namespace dagarray::scheduler::detail
