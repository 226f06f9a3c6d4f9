#pragma once
// Task results shared by both schedulers: running one task, and releasing each result as soon
// as the last task that reads it has run.

#include <dagarray/core/graph.hpp>

#include <atomic>
#include <memory>
#include <vector>

#include "watchers.hpp"

namespace dagarray::scheduler::detail {

class Results {
 public:
  explicit Results(const core::Graph& graph);

  /// @brief Computes one task from its dependencies' results on worker `worker`, telling the
  /// watchers when it starts and ends; a failure becomes a TaskError carrying the task's key.
  void run(core::TaskId task, const Watchers& watchers, int worker);

  /// @brief Called once a task has run: drops every input that no other task still needs.
  void release_inputs(core::TaskId task);

  /// @brief Moves the output buffers out, in graph.output_tasks() order.
  std::vector<core::Buffer> take_outputs();

 private:
  void compute(core::TaskId task);

  const core::Graph& _graph;
  std::vector<core::Buffer> _buffers;
  std::unique_ptr<std::atomic<std::uint32_t>[]> _readers_left;
  std::vector<bool> _is_output;
};

}  // namespace dagarray::scheduler::detail
