#pragma once
// The scheduler interface: a graph in, the output blocks out. Nothing here knows about arrays,
// so another executor (processes, machines) can stand behind the same call.

#include <dagarray/core/graph.hpp>
#include <dagarray/scheduler/cancelled.hpp>
#include <dagarray/scheduler/observer.hpp>
#include <dagarray/scheduler/options.hpp>
#include <dagarray/scheduler/task_error.hpp>

#include <vector>

namespace dagarray::scheduler {

/// @brief Runs every task of `graph` and returns the buffers of graph.output_tasks(), in order,
/// telling options.observers (and options.dashboard) as it goes. Intermediate results are
/// released as soon as their last reader has run. options.optimize is only reported to the
/// observers: `graph` is run as given.
/// @throws std::invalid_argument for bad options; TaskError when a task throws.
std::vector<core::Buffer> run(const core::Graph& graph, const ComputeOptions& options = {});

/// @brief Sequential, in depth-first order from the outputs (low memory, deterministic).
std::vector<core::Buffer> run_sync(const core::Graph& graph);

/// @brief oneTBB work stealing on `num_threads` threads (0: all cores).
std::vector<core::Buffer> run_threads(const core::Graph& graph, int num_threads);

}  // namespace dagarray::scheduler
