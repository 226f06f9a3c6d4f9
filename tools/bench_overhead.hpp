#pragma once
// `dagarray bench overhead`: what the library costs per task, apart from the work tasks do.
// The graph is a sum over one-element blocks: a source task and a partial sum per block and a
// tree of combines, every task trivial.

#include <cstdint>

namespace dagarray::cli {

struct Overhead {
  std::int64_t tasks;       ///< tasks of the graph as built
  double build_seconds;     ///< the expression, its layer graph and its task graph
  double optimize_seconds;  ///< fusion, the fused task graph and culling, as compute() runs them
  double run_seconds;       ///< the graph as built, on the oneTBB scheduler
  std::int64_t tasks_1m;    ///< tasks of the larger graph built for build_1m_seconds
  double build_1m_seconds;  ///< building a graph of about a million tasks
};

/// @brief Median of `repeat` measurements of each step for a graph of about `tasks` tasks.
Overhead measure_overhead(std::int64_t tasks, int repeat, int threads);

}  // namespace dagarray::cli
