#pragma once
// Task results shared by both schedulers: running one task, and releasing each result as soon
// as the last task that reads it has run.

#include <dagarray/core/graph.hpp>

#include <atomic>
#include <memory>
#include <utility>
#include <vector>

#include "watchers.hpp"

namespace dagarray::scheduler::detail {

class Results {
 public:
  explicit Results(const core::Graph& graph);

  /// @brief For a process that runs only part of the graph: `local_readers[t]` is how many of
  /// its tasks read task t (each reading counted, as in graph.dependents), and take_outputs
  /// hands back only the outputs marked in `keep` (the others come back without storage).
  Results(const core::Graph& graph, const std::vector<std::uint32_t>& local_readers,
          std::vector<bool> keep);

  /// @brief Computes one task from its dependencies' results on worker `worker`, telling the
  /// watchers when it starts and ends; a failure becomes a TaskError carrying the task's key.
  void run(core::TaskId task, const Watchers& watchers, int worker);

  /// @brief Called once a task has run: drops every input that no other task still needs, and
  /// returns the bytes dropped.
  std::int64_t release_inputs(core::TaskId task);

  /// @brief A task's result, once it has run or been stored.
  const core::Buffer& result(core::TaskId task) const { return _buffers[task]; }

  /// @brief Puts a result computed elsewhere (by another process) in place of running it.
  void store(core::TaskId task, core::Buffer buffer) { _buffers[task] = std::move(buffer); }

  /// @brief Drops a result that no task here reads and no output keeps (it was only sent on).
  void drop_if_unread(core::TaskId task);

  /// @brief Moves the output buffers out, in graph.output_tasks() order.
  std::vector<core::Buffer> take_outputs();

 private:
  void compute(core::TaskId task);

  const core::Graph& _graph;
  std::vector<core::Buffer> _buffers;
  std::unique_ptr<std::atomic<std::uint32_t>[]> _readers_left;
  std::vector<bool> _is_output;  // kept until take_outputs
};

}  // namespace dagarray::scheduler::detail
