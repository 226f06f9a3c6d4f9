#pragma once
// A model cluster for the MPI executor (issue 11, docs/scaling.md): a task graph and its owner
// map replayed as a discrete-event simulation, to say what a compute would take on nodes we do
// not have. Pure functions: the same graph, owners and cluster give the same answer.
//
// What the model assumes:
// - One rank per node, running a task on each of the node's cores as its worker threads.
// - List scheduling per node: a task is ready once every input is on its node; ready tasks
//   start, first ready first, on the node's earliest free core. Each task holds its core for
//   its duration plus a fixed scheduler overhead.
// - A result read on another node is sent once per destination node, whole (as the executor
//   does), the moment its task ends; an output goes to every node down a binomial tree rooted
//   at its owner, each node passing it on once it has it. One thread per node drives MPI
//   (MPI_THREAD_FUNNELED), so each message costs a software overhead, serially, on the
//   sender's and the receiver's MPI thread, not on a worker core.
// - Each node has one link out and one in, each carrying one message at a time at `bandwidth`;
//   a message takes latency + bytes / bandwidth on the wire; there is no contention in the
//   network beyond the two end links (a full-bisection fabric).

#include <dagarray/core/graph.hpp>

#include <cstdint>
#include <span>
#include <vector>

namespace dagarray::cli {

/// @brief The part of a task graph the replay needs: who reads whom and how big each result
/// is. Tasks are added in topological order, each after the tasks it reads.
class ModelGraph {
 public:
  /// @brief The tasks of `graph`, their result sizes (scheduler::task_bytes) and its outputs.
  static ModelGraph from_graph(const core::Graph& graph);

  /// @brief Adds a task reading `dependencies` (each an earlier task; a task read twice is
  /// listed twice) whose result is `bytes` long; returns its id.
  /// @throws std::invalid_argument for a dependency not yet added or negative bytes.
  core::TaskId add_task(std::span<const core::TaskId> dependencies, std::int64_t bytes);

  /// @brief Makes `task` an output, which every node receives.
  /// @throws std::invalid_argument for a task not added.
  void add_output(core::TaskId task);

  std::size_t size() const { return _bytes.size(); }
  std::span<const core::TaskId> dependencies(core::TaskId task) const {
    return {_deps.data() + _dep_begin[task], _deps.data() + _dep_begin[task + 1]};
  }
  std::int64_t bytes(core::TaskId task) const { return _bytes[task]; }
  const std::vector<core::TaskId>& outputs() const { return _outputs; }

 private:
  std::vector<std::size_t> _dep_begin{0};
  std::vector<core::TaskId> _deps;
  std::vector<std::int64_t> _bytes;
  std::vector<core::TaskId> _outputs;
};

/// @brief The model cluster. Times in seconds, bandwidth in bytes per second per node and
/// direction.
struct ClusterModel {
  int nodes = 1;
  int cores_per_node = 1;
  double task_overhead = 0;     ///< scheduler cost per task, on the core that runs it
  double latency = 0;           ///< one way, per message
  double bandwidth = 1e10;      ///< of each node's link, each way
  double message_overhead = 0;  ///< software cost per message, on sender and on receiver
};

/// @brief What the replay found.
struct Replay {
  double makespan = 0;  ///< until the last node has every output
  /// Core-seconds each node's workers spent on tasks (durations plus task overhead).
  std::vector<double> busy_per_node;
  double work = 0;  ///< sum of the task durations alone
  /// work / (nodes * cores_per_node * makespan): the share of the cluster's core time spent on
  /// task work; 1 only with no overhead, no waiting and no idle core.
  double efficiency = 0;
  std::int64_t messages = 0;  ///< including the outputs' copies to every other node
  std::int64_t message_bytes = 0;
};

/// @brief Replays `graph` with task t on node owners[t] taking durations[t] seconds, on
/// `cluster`. O(E log E) in tasks plus dependency edges plus messages.
/// @throws std::invalid_argument when owners or durations do not match the graph, an owner is
/// not a node, a duration or a cost is negative or not finite, or a count is below 1.
Replay replay(const ModelGraph& graph, std::span<const int> owners,
              std::span<const double> durations, const ClusterModel& cluster);

}  // namespace dagarray::cli
