#pragma once
// Which process runs each task when a graph is spread over several (the MPI executor): a pure
// function of the graph and the process count, so every rank computes the same map on its own
// and no rank has to ask another who owns what.

#include <dagarray/core/graph.hpp>

#include <cstdint>
#include <vector>

namespace dagarray::scheduler {

/// @brief The rank that runs each task, indexed by TaskId.
///
/// - A task that reads nothing (a source, or a fused task that starts from one) goes to a
///   contiguous run of its layer's blocks: block b of B to rank b * ranks / B. Neighbouring
///   blocks, which later tasks read together, stay together.
/// - A task that reads other tasks goes to the rank that holds most of its input bytes (each
///   input's block shape times its dtype's size), so a blockwise chain never moves data and a
///   reduction tree crosses ranks only near its top. A tie goes to the contiguous rank of the
///   task's block if it is among the tied, else to the lowest tied rank.
///
/// The map never changes the graph or the order of any task's inputs, so results are the same
/// whatever the rank count.
/// @throws std::invalid_argument when ranks < 1.
std::vector<int> assign_owners(const core::Graph& graph, int ranks);

/// @brief What an owner map costs: the work of each rank and the data that crosses ranks.
struct OwnerStats {
  std::vector<std::int64_t> tasks_per_rank;
  /// Dependency edges whose two tasks have different owners.
  std::int64_t cross_rank_edges = 0;
  /// Messages the executor sends: one per (task, other rank that reads it), as a result is
  /// sent once to each rank that needs it however many of its tasks read it.
  std::int64_t messages = 0;
  /// Bytes of those messages.
  std::int64_t message_bytes = 0;
};

/// @brief Counts for `owners` (from assign_owners(graph, ranks)). Outputs are not counted as
/// messages: where results go is the compute's choice, not the map's.
/// @throws std::invalid_argument when owners does not match the graph or names a bad rank.
OwnerStats owner_stats(const core::Graph& graph, const std::vector<int>& owners, int ranks);

/// @brief The ranks that `rank` passes an output on to when every rank gets it: its children in
/// the binomial tree rooted at the output's owner `root` (relative rank v, counted from root,
/// has children v + 2^k for each 2^k > v below `ranks`). The owner sends to log2(ranks) ranks
/// rather than to every other one, and the last rank has the output after log2(ranks) hops.
/// The MPI executor sends along it and the scaling model replays it.
/// @throws std::invalid_argument when ranks < 1 or rank or root is not in [0, ranks).
std::vector<int> output_tree_children(int rank, int root, int ranks);

/// @brief Bytes of the result of `task`, from its layer's block shape and dtype.
std::int64_t task_bytes(const core::Graph& graph, core::TaskId task);

}  // namespace dagarray::scheduler
