#pragma once
// The computations `dagarray pi` measures: the same estimate of π, m points of n inside the
// unit circle, computed the ways the lesson compares.

#include <dagarray/dagarray.hpp>

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace dagarray::cli {

/// @brief What is computed: n samples, in blocks of `chunk` where a mode has blocks, on
/// `threads` threads (0: every core) where a mode is parallel.
struct PiProblem {
  std::int64_t n;
  std::int64_t chunk;
  int threads;
  std::uint64_t seed;
};

enum class PiMode {
  loop,               ///< a plain loop over <random>: the lesson's first version
  eager,              ///< whole arrays, NumPy-like: every intermediate in memory at once
  lazy,               ///< the chunked task graph, optimised (fused), on the oneTBB scheduler
  lazy_sync,          ///< the same graph on the one-thread scheduler
  lazy_unfused,       ///< the graph as built, one task per operation and block, on oneTBB
  lazy_unfused_sync,  ///< that graph on the one-thread scheduler
  handwritten,        ///< a fused oneTBB loop with the library's generator: the reference
};

/// @brief Every mode's name, in declaration order: what --mode and --modes accept.
std::vector<std::string> pi_mode_names();
std::string pi_mode_name(PiMode mode);
/// @throws std::invalid_argument for a name pi_mode_names() does not hold.
PiMode pi_mode_from_name(std::string_view name);
/// @brief Whether a mode runs a task graph, so has a number of tasks.
bool runs_graph(PiMode mode);

/// @brief m, lazily: count_nonzero(sum(square(points), 0) < 1) over a (2, n) array.
/// Building it checks the arguments (std::invalid_argument) and computes nothing.
Array<std::int64_t> lazy_inside(const PiProblem& problem);

/// @brief m: how many of the n points fall inside the unit circle, computed as `mode` does;
/// `observers` watch the compute of a graph mode (the others have none).
std::int64_t count_inside(PiMode mode, const PiProblem& problem,
                          const std::vector<Observer*>& observers = {});

/// @brief m and the median wall time of `repeat` runs of `mode`.
struct ModeTiming {
  std::int64_t inside;
  double seconds;
};

/// @brief Runs `mode` `repeat` times, watched by `observers`.
/// @throws std::runtime_error when two runs count differently: every mode is deterministic,
/// so that would be a race, not noise.
ModeTiming time_mode(PiMode mode, const PiProblem& problem, int repeat,
                     const std::vector<Observer*>& observers = {});

/// @brief The same for any way of counting `mode`'s points (`dagarray pi --scheduler mpi`).
ModeTiming time_runs(PiMode mode, int repeat, const std::function<std::int64_t()>& count_inside);

/// @brief How a graph mode computes: scheduler, threads, optimisation.
ComputeOptions pi_compute_options(PiMode mode, const PiProblem& problem);

/// @brief m from a hand-fused oneTBB loop; bitwise the lazy mode's m.
std::int64_t count_inside_handwritten(const PiProblem& problem);

/// @brief Tasks in the graph `mode` runs; 0 for a mode without one.
std::int64_t graph_tasks(PiMode mode, const PiProblem& problem);

/// @brief What tbb::task_arena takes for `threads`: 0 means every core.
int arena_concurrency(int threads);

}  // namespace dagarray::cli
