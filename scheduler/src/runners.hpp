#pragma once
// The schedulers with their observers, as run() calls them. The distributed one lives in another
// library (dagarray::mpi, which alone depends on MPI) and registers itself here while its
// environment is alive, so the scheduler library never links MPI.

#include <dagarray/core/graph.hpp>

#include <dagarray/scheduler/options.hpp>

#include <cstdint>
#include <stop_token>
#include <vector>

#include "watchers.hpp"

namespace dagarray::scheduler::detail {

/// @brief Stops before the next task once `stop` is requested, throwing Cancelled; a
/// `memory_limit` (0: none) is only checked against each task's output, since one thread in a
/// fixed order has no choice of what to hold.
std::vector<core::Buffer> run_sync(const core::Graph& graph, const Watchers& watchers,
                                   std::stop_token stop, std::int64_t memory_limit);

/// @brief `threads` in [1, kMaxThreads]. ComputeOptions::stop and ::memory_limit as documented.
std::vector<core::Buffer> run_threads(const core::Graph& graph, int threads,
                                      const Watchers& watchers, std::stop_token stop,
                                      std::int64_t memory_limit);

/// @brief An executor that spreads a graph over processes. It calls watchers.compute_started
/// itself, once it knows this process's share of the tasks.
struct DistributedExecutor {
  std::vector<core::Buffer> (*run)(const core::Graph& graph, const ComputeOptions& options,
                                   Watchers& watchers);
};

/// @brief Makes Scheduler::mpi run on `executor` (nullptr: no executor). Not owned.
void set_distributed_executor(const DistributedExecutor* executor);

}  // namespace dagarray::scheduler::detail
