// Chooses the scheduler a compute asked for.

#include <dagarray/scheduler/scheduler.hpp>

#include <stdexcept>
#include <string>

namespace dagarray::scheduler {

std::vector<core::Buffer> run(const core::Graph& graph, const ComputeOptions& options) {
  if (options.num_threads < 0) {
    throw std::invalid_argument("compute: num_threads = " + std::to_string(options.num_threads) +
                                " must be >= 0 (0 means every core)");
  }
  switch (options.scheduler) {
    case Scheduler::sync:
      return run_sync(graph);
    case Scheduler::threads:
      return run_threads(graph, options.num_threads);
  }
  throw std::invalid_argument(
      "compute: scheduler = " + std::to_string(static_cast<int>(options.scheduler)) +
      " is not a known scheduler");
}

}  // namespace dagarray::scheduler
