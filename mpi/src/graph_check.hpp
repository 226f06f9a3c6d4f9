#pragma once
// Every rank must build the same graph: the executor compares a fingerprint of it across ranks
// before any task runs, so a program whose ranks differ fails with one clear error everywhere
// instead of waiting forever for a block that no rank will send.

#include <dagarray/core/graph.hpp>
#include <dagarray/scheduler/options.hpp>

#include <mpi.h>

#include <cstdint>

namespace dagarray::mpi::detail {

/// @brief A 64-bit hash of the tasks (their layers' names and blocks), their dependencies and
/// outputs, in order.
std::uint64_t graph_fingerprint(const core::Graph& graph);

/// @brief Collective: gathers every rank's fingerprint and the options that must agree.
/// @throws std::invalid_argument, with the same message on every rank, when any differ.
void check_same_graph(const core::Graph& graph, const ComputeOptions& options,
                      std::int64_t max_message_bytes, MPI_Comm comm);

}  // namespace dagarray::mpi::detail
