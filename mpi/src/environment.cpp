// The MPI environment: initialise and finalise MPI, and register the executor for
// Scheduler::mpi while it lives.

#include <dagarray/mpi.hpp>

#include <sched.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <mutex>
#include <stdexcept>
#include <string>

#include "context.hpp"
#include "executor.hpp"
#include "runners.hpp"

namespace dagarray::mpi {

namespace {

std::atomic<bool> alive{false};
detail::Context current;
std::mutex stats_mutex;
ComputeStats last_stats;
std::mutex limits_mutex;
MessageLimits limits;

const scheduler::detail::DistributedExecutor executor{&detail::run_graph};

void check(int code, const char* call) {
  if (code != MPI_SUCCESS)
    throw std::runtime_error(std::string("da::mpi::Environment: ") + call + " failed with code " +
                             std::to_string(code));
}

}  // namespace

Environment::Environment(int& argc, char**& argv) {
  start(&argc, &argv);
}

Environment::Environment() {
  start(nullptr, nullptr);
}

void Environment::start(int* argc, char*** argv) {
  if (alive.exchange(true)) {
    throw std::runtime_error("da::mpi::Environment: another Environment is alive in this process");
  }
  try {
    int initialised = 0;
    MPI_Initialized(&initialised);
    if (initialised) {
      MPI_Query_thread(&_thread_level);
    } else {
      check(MPI_Init_thread(argc, argv, MPI_THREAD_SERIALIZED, &_thread_level), "MPI_Init_thread");
      _initialised_here = true;
    }
    if (_thread_level < MPI_THREAD_FUNNELED) {
      throw std::runtime_error("da::mpi::Environment: MPI gave thread level " +
                               std::to_string(_thread_level) +
                               "; dagarray needs MPI_THREAD_FUNNELED at least");
    }
    detail::Context context;
    check(MPI_Comm_dup(MPI_COMM_WORLD, &context.comm), "MPI_Comm_dup");
    // Errors come back as codes, which the executor turns into exceptions, instead of
    // MPI's default of aborting the job.
    MPI_Comm_set_errhandler(context.comm, MPI_ERRORS_RETURN);
    MPI_Comm_rank(context.comm, &context.rank);
    MPI_Comm_size(context.comm, &context.size);
    MPI_Comm node;
    check(
        MPI_Comm_split_type(context.comm, MPI_COMM_TYPE_SHARED, context.rank, MPI_INFO_NULL, &node),
        "MPI_Comm_split_type");
    MPI_Comm_size(node, &context.node_size);
    MPI_Comm_rank(node, &_node_rank);
    MPI_Comm_free(&node);
    int* tag_ub = nullptr;
    int found = 0;
    MPI_Comm_get_attr(MPI_COMM_WORLD, MPI_TAG_UB, &tag_ub, &found);
    if (found && tag_ub != nullptr) context.tag_upper_bound = *tag_ub;
    _rank = context.rank;
    _size = context.size;
    _node_size = context.node_size;
    current = context;
    scheduler::detail::set_distributed_executor(&executor);
  } catch (...) {
    if (_initialised_here) MPI_Finalize();
    alive.store(false);
    throw;
  }
}

Environment::~Environment() {
  scheduler::detail::set_distributed_executor(nullptr);
  MPI_Comm_free(&current.comm);
  current = {};
  if (_initialised_here) {
    int finalized = 0;
    MPI_Finalized(&finalized);
    if (!finalized) MPI_Finalize();
  }
  alive.store(false);
}

ComputeStats last_compute_stats() {
  std::lock_guard lock(stats_mutex);
  return last_stats;
}

void set_message_limits(const MessageLimits& new_limits) {
  if (new_limits.max_message_bytes < 1) {
    throw std::invalid_argument("set_message_limits: max_message_bytes = " +
                                std::to_string(new_limits.max_message_bytes) + " must be >= 1");
  }
  if (new_limits.tag_upper_bound < 0) {
    throw std::invalid_argument(
        "set_message_limits: tag_upper_bound = " + std::to_string(new_limits.tag_upper_bound) +
        " must be >= 0 (0: MPI_TAG_UB's value)");
  }
  std::lock_guard lock(limits_mutex);
  limits = new_limits;
}

MessageLimits message_limits() {
  std::lock_guard lock(limits_mutex);
  return limits;
}

namespace detail {

const Context& context() {
  if (!alive.load() || current.comm == MPI_COMM_NULL) {
    throw std::logic_error("da::mpi: no live da::mpi::Environment");
  }
  return current;
}

void set_last_compute_stats(const ComputeStats& stats) {
  std::lock_guard lock(stats_mutex);
  last_stats = stats;
}

int threads_per_rank(int num_threads) {
  if (num_threads > 0) return num_threads;
  cpu_set_t mask;
  CPU_ZERO(&mask);
  int allowed = 1;
  if (sched_getaffinity(0, sizeof(mask), &mask) == 0) allowed = std::max(1, CPU_COUNT(&mask));
  const long online = sysconf(_SC_NPROCESSORS_ONLN);
  // A launcher that bound this rank gave it its own cores; one that did not left every core
  // to every rank on the node, which must then share them.
  if (online > 0 && allowed >= online) allowed = std::max(1, allowed / current.node_size);
  return allowed;
}

}  // namespace detail

}  // namespace dagarray::mpi
