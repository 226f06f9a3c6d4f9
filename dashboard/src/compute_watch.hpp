#pragma once
// One compute as the dashboard shows it: its graph, its tasks' states, the process's memory
// over time, its failures, and the messages that tell a page about them.

#include <dagarray/scheduler/observer.hpp>
#include <dagarray/scheduler/process_usage.hpp>

#include <mutex>
#include <string>
#include <vector>

#include "messages.hpp"
#include "task_states.hpp"

namespace dagarray::dashboard {

class ComputeWatch {
 public:
  /// @brief Builds the "compute" message before the first task runs: the graph whole, or its
  /// layers only when it has more than `max_graph_tasks` tasks (then so are the updates).
  ComputeWatch(int id, const ComputeStart& start, std::size_t max_graph_tasks);

  // Worker threads, no lock beyond the one a failure takes.
  void task_started(const TaskEvent& event) noexcept;
  void task_finished(const TaskEvent& event) noexcept;

  // The dashboard's lock held:
  /// @brief An update with what changed and a memory sample, then a "failed" message per new
  /// failure.
  std::vector<Message> take_messages(ObserverClock::time_point now);
  /// @brief The last messages: a final update, failures, and "end".
  std::vector<Message> finish(const ComputeEnd& end);
  /// @brief Everything a page that connects now needs, as one update for all tasks so far.
  std::vector<Message> snapshot() const;

 private:
  struct Failure {
    core::TaskId task;
    std::string key;
    std::string message;
  };
  double seconds_since_start(ObserverClock::time_point time) const;
  std::int64_t ns_since_start(ObserverClock::time_point time) const;

  int _id;
  Detail _detail;
  const core::Graph* _graph;  // valid until finish()
  ObserverClock::time_point _start;
  Message _compute;
  TaskStates _states;
  nlohmann::json _memory = nlohmann::json::array();  // every sample so far
  ObserverClock::time_point _last_time;
  ProcessUsage _last_usage;
  std::mutex _failures_mutex;
  std::vector<Failure> _new_failures;  // guarded by _failures_mutex
  std::vector<Message> _failed;        // sent
  Message _end;
};

}  // namespace dagarray::dashboard
