// Chooses the scheduler a compute asked for, and tells its observers when it starts and ends.

#include <dagarray/scheduler/scheduler.hpp>

#include <oneapi/tbb/info.h>

#include <exception>
#include <stdexcept>
#include <string>

#include "runners.hpp"

namespace dagarray::scheduler {

namespace {

int worker_count(const ComputeOptions& options) {
  if (options.scheduler == Scheduler::sync) return 1;
  return options.num_threads == 0 ? tbb::info::default_concurrency() : options.num_threads;
}

}  // namespace

std::vector<core::Buffer> run(const core::Graph& graph, const ComputeOptions& options) {
  if (options.num_threads < 0) {
    throw std::invalid_argument("compute: num_threads = " + std::to_string(options.num_threads) +
                                " must be >= 0 (0 means every core)");
  }
  if (options.scheduler != Scheduler::sync && options.scheduler != Scheduler::threads) {
    throw std::invalid_argument(
        "compute: scheduler = " + std::to_string(static_cast<int>(options.scheduler)) +
        " is not a known scheduler");
  }
  detail::Watchers watchers(options);
  const int workers = worker_count(options);
  watchers.compute_started(graph, options.scheduler, workers, options.optimize);
  std::vector<core::Buffer> outputs;
  try {
    outputs = options.scheduler == Scheduler::sync ? detail::run_sync(graph, watchers)
                                                   : detail::run_threads(graph, workers, watchers);
  } catch (...) {
    std::string error = "an exception of unknown type";
    try {
      throw;
    } catch (const std::exception& e) {
      if (*e.what() != '\0') error = e.what();
    } catch (...) {
    }
    try {
      watchers.compute_finished(error);
    } catch (...) {  // the compute's own error is the one to report
    }
    throw;
  }
  watchers.compute_finished({});
  return outputs;
}

}  // namespace dagarray::scheduler
