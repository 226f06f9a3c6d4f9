#pragma once
// How a compute runs: which scheduler, how many threads, whether the graph is optimised first,
// and who watches it.

#include <cstdint>
#include <stop_token>
#include <string_view>
#include <vector>

namespace dagarray {

class Observer;

/// @brief Which scheduler runs a graph.
enum class Scheduler {
  threads,  ///< oneTBB work stealing over all (or num_threads) cores
  sync,     ///< one thread, a fixed depth-first order: for debugging and as a reference
  /// every process of an MPI job, each running its share on oneTBB (<dagarray/mpi.hpp>, target
  /// dagarray::mpi; needs a live da::mpi::Environment)
  mpi,
};

/// @brief "threads", "sync" or "mpi", as the tool's --scheduler option spells them.
constexpr std::string_view scheduler_name(Scheduler scheduler) {
  switch (scheduler) {
    case Scheduler::threads:
      return "threads";
    case Scheduler::sync:
      return "sync";
    case Scheduler::mpi:
      return "mpi";
  }
  return "unknown";
}

/// @brief Which ranks of an MPI compute receive the result (Scheduler::mpi only).
enum class ResultsTo {
  every_rank,  ///< every rank gets the whole result
  rank0,       ///< only rank 0 does, for large outputs; the others get an array of shape (0,)
};

/// @brief The most worker threads a compute may ask for: oneTBB sizes an arena's slots by it, so
/// an absurd count would exhaust memory before a task ran.
inline constexpr int kMaxThreads = 65536;

/// @brief The worker threads `num_threads` asks for: itself, or for 0 every core this process
/// may use (oneTBB's default concurrency, which honours the affinity mask). The one home of the
/// "0 means every core" rule; throws std::invalid_argument outside [0, kMaxThreads].
int thread_count(int num_threads);

/// @brief Options of compute(); an aggregate, so `x.compute({.num_threads = 1})` reads well.
struct ComputeOptions {
  Scheduler scheduler = Scheduler::threads;
  /// Worker threads for Scheduler::threads, and per rank for Scheduler::mpi; 0 means every core
  /// this process may use (under MPI: its affinity mask, shared evenly by the ranks on its node
  /// when the launcher did not bind them). At most kMaxThreads.
  int num_threads = 0;
  /// Where the result of a Scheduler::mpi compute goes; ignored by the other schedulers.
  ResultsTo results_to = ResultsTo::every_rank;
  /// Run the optimisation passes (blockwise fusion) first; false runs the graph as built, to
  /// compare the two.
  bool optimize = true;
  /// Observers of this compute (observer.hpp): ProgressBar, Profiler, ResourceProfiler or your
  /// own. Not owned; each must outlive the compute. None attached costs nothing.
  std::vector<Observer*> observers = {};
  /// The live dashboard (da::Dashboard, from <dagarray/dashboard.hpp>, library
  /// dagarray::dashboard), which is an observer too; not owned.
  Observer* dashboard = nullptr;
  /// Cancels the compute when a stop is requested (from any thread, or before it starts): no
  /// new task starts, running tasks finish, every block is released, and compute() throws
  /// da::Cancelled. The same Array can be computed again afterwards.
  std::stop_token stop = {};
  /// A budget in bytes for the blocks held at once (0: none). The threads scheduler does not
  /// start a task whose output would take the held bytes past it while running tasks can free
  /// memory first; when nothing is running, the next task starts anyway, so a graph that must
  /// hold more (every block of x for `x - x.mean()`) still finishes. A single task whose output
  /// alone exceeds the budget is refused before anything runs. What counts is each task's output
  /// block, estimated from its shape and dtype: the temporaries inside a fused task do not.
  std::int64_t memory_limit = 0;
};

}  // namespace dagarray
