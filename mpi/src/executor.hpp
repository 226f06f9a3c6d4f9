#pragma once
// The MPI executor: one rank's part of a Scheduler::mpi compute.

#include <dagarray/core/graph.hpp>
#include <dagarray/scheduler/options.hpp>

#include <vector>

#include "watchers.hpp"

namespace dagarray::mpi::detail {

/// @brief Runs this rank's share of `graph` with the other ranks of the live Environment and
/// returns the outputs (without storage for outputs this rank does not receive).
std::vector<core::Buffer> run_graph(const core::Graph& graph, const ComputeOptions& options,
                                    scheduler::detail::Watchers& watchers);

}  // namespace dagarray::mpi::detail
