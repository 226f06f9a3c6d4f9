#include "bench_overhead.hpp"

#include <dagarray/core/optimize.hpp>
#include <dagarray/dagarray.hpp>

#include <algorithm>
#include <chrono>
#include <stdexcept>
#include <vector>

#include "interruption.hpp"
#include "median.hpp"

namespace dagarray::cli {

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

/// One-element blocks: n sources, n partial sums and about n/7 combines (fan-in 8), so about
/// 15n/7 tasks.
std::int64_t blocks_for(std::int64_t tasks) {
  return std::max<std::int64_t>(1, tasks * 7 / 15);
}

core::LayerGraph built(std::int64_t blocks) {
  const core::LayerPtr outputs[] = {sum(arange(blocks, 1)).layer()};
  return core::LayerGraph::from_outputs(outputs);
}

}  // namespace

Overhead measure_overhead(std::int64_t tasks, int repeat, int threads) {
  if (tasks < 1) throw std::invalid_argument("tasks = " + std::to_string(tasks) + " must be >= 1");
  const auto blocks = blocks_for(tasks);
  std::vector<double> build, optimize, run, build_1m;
  Overhead result{};
  for (int r = 0; r < repeat; ++r) {
    auto start = Clock::now();
    const auto layers = built(blocks);
    const auto graph = core::Graph::from_layer_graph(layers);
    build.push_back(seconds_since(start));
    result.tasks = static_cast<std::int64_t>(graph.size());

    start = Clock::now();
    const auto optimized = core::optimized_graph(layers);
    optimize.push_back(seconds_since(start));

    start = Clock::now();
    const auto outputs =
        scheduler::run(graph, {.num_threads = threads, .stop = interruption_token()});
    run.push_back(seconds_since(start));
    if (outputs.size() != 1 || optimized.size() == 0) {
      throw std::logic_error("bench overhead: the graph gave no result");
    }

    start = Clock::now();
    const auto large = core::Graph::from_layer_graph(built(blocks_for(1'000'000)));
    build_1m.push_back(seconds_since(start));
    result.tasks_1m = static_cast<std::int64_t>(large.size());
  }
  result.build_seconds = median(build);
  result.optimize_seconds = median(optimize);
  result.run_seconds = median(run);
  result.build_1m_seconds = median(build_1m);
  return result;
}

}  // namespace dagarray::cli
