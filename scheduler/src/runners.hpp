#pragma once
// The schedulers with their observers, as run() calls them. The distributed one lives in another
// library (dagarray::mpi, which alone depends on MPI) and registers itself here while its
// environment is alive, so the scheduler library never links MPI.

#include <dagarray/core/graph.hpp>

#include <dagarray/scheduler/options.hpp>

#include <vector>

#include "watchers.hpp"

namespace dagarray::scheduler::detail {

std::vector<core::Buffer> run_sync(const core::Graph& graph, const Watchers& watchers);

/// @brief `threads` >= 1.
std::vector<core::Buffer> run_threads(const core::Graph& graph, int threads,
                                      const Watchers& watchers);

/// @brief An executor that spreads a graph over processes. It calls watchers.compute_started
/// itself, once it knows this process's share of the tasks.
struct DistributedExecutor {
  std::vector<core::Buffer> (*run)(const core::Graph& graph, const ComputeOptions& options,
                                   Watchers& watchers);
};

/// @brief Makes Scheduler::mpi run on `executor` (nullptr: no executor). Not owned.
void set_distributed_executor(const DistributedExecutor* executor);

}  // namespace dagarray::scheduler::detail
