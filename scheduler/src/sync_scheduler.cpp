// The sequential scheduler. It runs tasks depth-first from the outputs, so each chunk's chain
// of operations finishes (and frees its temporaries) before the next chunk starts, as Dask's
// `order` aims to: memory stays at a few chunks, whatever the array's size.

#include <dagarray/scheduler/scheduler.hpp>

#include "memory_budget.hpp"
#include "results.hpp"
#include "runners.hpp"

namespace dagarray::scheduler {

namespace {

std::vector<core::TaskId> depth_first_order(const core::Graph& graph) {
  std::vector<core::TaskId> order;
  order.reserve(graph.size());
  std::vector<bool> seen(graph.size(), false);
  struct Frame {
    core::TaskId task;
    std::size_t next_dep;
  };
  std::vector<Frame> stack;
  for (auto output : graph.output_tasks()) {
    if (seen[output]) continue;
    seen[output] = true;
    stack.push_back({output, 0});
    while (!stack.empty()) {
      auto& frame = stack.back();
      const auto deps = graph.dependencies(frame.task);
      if (frame.next_dep < deps.size()) {
        const auto dep = deps[frame.next_dep++];
        if (!seen[dep]) {
          seen[dep] = true;
          stack.push_back({dep, 0});
        }
        continue;
      }
      order.push_back(frame.task);
      stack.pop_back();
    }
  }
  return order;
}

}  // namespace

std::vector<core::Buffer> run_sync(const core::Graph& graph) {
  return detail::run_sync(graph, detail::Watchers(), {}, 0);
}

std::vector<core::Buffer> detail::run_sync(const core::Graph& graph, const Watchers& watchers,
                                           std::stop_token stop, std::int64_t memory_limit) {
  if (memory_limit > 0) MemoryBudget(graph, memory_limit);  // refuses a task too big alone
  Results results(graph);
  for (auto task : depth_first_order(graph)) {
    if (stop.stop_requested()) throw Cancelled();
    results.run(task, watchers, 0);
    results.release_inputs(task);
  }
  return results.take_outputs();
}

}  // namespace dagarray::scheduler
