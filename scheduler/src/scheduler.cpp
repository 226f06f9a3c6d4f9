// Chooses the scheduler a compute asked for, and tells its observers when it starts and ends.

#include <dagarray/scheduler/scheduler.hpp>

#include <oneapi/tbb/info.h>

#include <atomic>
#include <exception>
#include <stdexcept>
#include <string>

#include "runners.hpp"

namespace dagarray {

int thread_count(int num_threads) {
  if (num_threads < 0 || num_threads > kMaxThreads) {
    throw std::invalid_argument("thread_count: num_threads = " + std::to_string(num_threads) +
                                " must be in [0, " + std::to_string(kMaxThreads) +
                                "] (0 means every core)");
  }
  return num_threads == 0 ? tbb::info::default_concurrency() : num_threads;
}

}  // namespace dagarray

namespace dagarray::scheduler {

namespace {

std::atomic<const detail::DistributedExecutor*> distributed_executor{nullptr};

int worker_count(const ComputeOptions& options) {
  if (options.scheduler == Scheduler::sync) return 1;
  return thread_count(options.num_threads);
}

std::vector<core::Buffer> dispatch(const core::Graph& graph, const ComputeOptions& options,
                                   detail::Watchers& watchers) {
  if (options.scheduler == Scheduler::mpi) {
    const auto* executor = distributed_executor.load(std::memory_order_acquire);
    if (executor == nullptr) {
      throw std::invalid_argument(
          "compute: scheduler = mpi needs a live da::mpi::Environment (<dagarray/mpi.hpp>, "
          "target dagarray::mpi)");
    }
    return executor->run(graph, options, watchers);
  }
  const int workers = worker_count(options);
  watchers.compute_started(graph, options.scheduler, workers, options.optimize);
  return options.scheduler == Scheduler::sync
             ? detail::run_sync(graph, watchers, options.stop, options.memory_limit)
             : detail::run_threads(graph, workers, watchers, options.stop, options.memory_limit);
}

}  // namespace

void detail::set_distributed_executor(const DistributedExecutor* executor) {
  distributed_executor.store(executor, std::memory_order_release);
}

std::vector<core::Buffer> run(const core::Graph& graph, const ComputeOptions& options) {
  if (options.num_threads < 0 || options.num_threads > kMaxThreads) {
    throw std::invalid_argument("compute: num_threads = " + std::to_string(options.num_threads) +
                                " must be in [0, " + std::to_string(kMaxThreads) +
                                "] (0 means every core)");
  }
  if (options.memory_limit < 0) {
    throw std::invalid_argument("compute: memory_limit = " + std::to_string(options.memory_limit) +
                                " must be >= 0 bytes (0 means no limit)");
  }
  if (options.scheduler == Scheduler::mpi && options.memory_limit != 0) {
    throw std::invalid_argument("compute: memory_limit = " + std::to_string(options.memory_limit) +
                                " is not taken by scheduler = mpi yet (0 means no limit)");
  }
  if (options.scheduler != Scheduler::sync && options.scheduler != Scheduler::threads &&
      options.scheduler != Scheduler::mpi) {
    throw std::invalid_argument(
        "compute: scheduler = " + std::to_string(static_cast<int>(options.scheduler)) +
        " is not a known scheduler");
  }
  if (options.results_to != ResultsTo::every_rank && options.results_to != ResultsTo::rank0) {
    throw std::invalid_argument(
        "compute: results_to = " + std::to_string(static_cast<int>(options.results_to)) +
        " is not every_rank or rank0");
  }
  detail::Watchers watchers(options);
  std::vector<core::Buffer> outputs;
  try {
    outputs = dispatch(graph, options, watchers);
  } catch (...) {
    if (!watchers.started()) throw;
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
