// The sequential scheduler. It runs tasks depth-first from the outputs, so each chunk's chain
// of operations finishes (and frees its temporaries) before the next chunk starts, as Dask's
// `order` aims to: memory stays at a few chunks, whatever the array's size.

#include <dagarray/scheduler/scheduler.hpp>

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
  return detail::run_sync(graph, detail::Watchers());
}

std::vector<core::Buffer> detail::run_sync(const core::Graph& graph, const Watchers& watchers) {
  Results results(graph);
  for (auto task : depth_first_order(graph)) {
    results.run(task, watchers, 0);
    results.release_inputs(task);
  }
  return results.take_outputs();
}

}  // namespace dagarray::scheduler
