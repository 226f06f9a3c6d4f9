#pragma once
// How a compute runs: which scheduler, how many threads, whether the graph is optimised first,
// and who watches it.

#include <vector>

namespace dagarray {

class Observer;

/// @brief Which scheduler runs a graph.
enum class Scheduler {
  threads,  ///< oneTBB work stealing over all (or num_threads) cores
  sync,     ///< one thread, a fixed depth-first order: for debugging and as a reference
};

/// @brief Options of compute(); an aggregate, so `x.compute({.num_threads = 1})` reads well.
struct ComputeOptions {
  Scheduler scheduler = Scheduler::threads;
  /// Worker threads for Scheduler::threads; 0 means every core.
  int num_threads = 0;
  /// Run the optimisation passes (blockwise fusion) first; false runs the graph as built, to
  /// compare the two.
  bool optimize = true;
  /// Observers of this compute (observer.hpp): ProgressBar, Profiler, ResourceProfiler or your
  /// own. Not owned; each must outlive the compute. None attached costs nothing.
  std::vector<Observer*> observers = {};
  /// The live dashboard (da::Dashboard, from <dagarray/dashboard.hpp>, library
  /// dagarray::dashboard), which is an observer too; not owned.
  Observer* dashboard = nullptr;
};

}  // namespace dagarray
