#pragma once
// The state of every task of the compute on show. Worker threads write it without locks (one
// slot per task); the dashboard's ticker reads it and sends only what changed since it last
// looked, so a task that starts and ends between two updates costs the page one entry: an
// entry per task, or at the layers detail one per layer with the counts of its tasks.

#include <dagarray/core/graph.hpp>

#include <nlohmann/json.hpp>

#include <atomic>
#include <cstdint>
#include <memory>
#include <vector>

#include "messages.hpp"

namespace dagarray::dashboard {

enum class TaskState : std::uint8_t { waiting = 0, running = 1, done = 2, failed = 3 };

struct TaskCounts {
  std::size_t waiting = 0, running = 0, done = 0, failed = 0;
  nlohmann::json to_json() const;
};

class TaskStates {
 public:
  TaskStates(const core::Graph& graph, Detail detail);

  // Worker side: any thread, no lock. Times in nanoseconds since the compute began.
  void started(core::TaskId task, int worker, std::int64_t ns) noexcept;
  void finished(core::TaskId task, std::int64_t ns, bool failed) noexcept;

  // Ticker side: one thread at a time.
  /// @brief [[task, state, worker, start, end], ...] of every task whose state changed since
  /// the last call, or at the layers detail [[layer, waiting, running, done, failed], ...] of
  /// every layer with such a task; records them as sent.
  nlohmann::json take_changes();
  /// @brief The same entries for every task (layer) sent as anything but all waiting: what a
  /// page that connects now needs before the changes that follow.
  nlohmann::json sent_snapshot() const;
  /// @brief Counts of the states as sent.
  const TaskCounts& sent_counts() const { return _counts; }
  /// @brief Tasks of each layer of the graph, in its order.
  nlohmann::json layer_sizes() const;

 private:
  nlohmann::json entry(core::TaskId task, TaskState state) const;
  nlohmann::json layer_entry(std::size_t layer) const;

  std::size_t _size;
  Detail _detail;
  std::vector<core::TaskId> _layer_end;   // a layer's tasks are [end of the one before, this)
  std::vector<TaskCounts> _layer_counts;  // as sent
  std::unique_ptr<std::atomic<std::uint8_t>[]> _state;
  std::unique_ptr<std::atomic<std::int32_t>[]> _worker;
  std::unique_ptr<std::atomic<std::int64_t>[]> _start_ns;
  std::unique_ptr<std::atomic<std::int64_t>[]> _end_ns;
  std::vector<TaskState> _sent;
  TaskCounts _counts;
};

}  // namespace dagarray::dashboard
