#pragma once
// dagarray across processes and machines, on MPI (Open MPI's C API). Every rank builds the same
// expression; compute({.scheduler = da::Scheduler::mpi}) spreads its tasks over the ranks, moves
// the blocks that cross ranks with point-to-point messages, and gives the result to every rank
// (or to rank 0), bitwise the same as Scheduler::threads on one process.
//
// Target dagarray::mpi (find_package(dagarray CONFIG REQUIRED COMPONENTS mpi)); the rest of
// dagarray does not depend on MPI.

#include <dagarray/scheduler/options.hpp>
#include <dagarray/scheduler/profiler.hpp>

#include <nlohmann/json.hpp>

#include <cstdint>
#include <vector>

namespace dagarray::mpi {

/// @brief The MPI library for this process's lifetime, as Boost.MPI's environment: the
/// constructor initialises MPI (MPI_Init_thread, asking for MPI_THREAD_SERIALIZED: only one
/// thread at a time, the one that calls compute, ever calls MPI) unless the program already
/// has, and the destructor finalises it if this object initialised it. While it lives,
/// Scheduler::mpi computes run on MPI_COMM_WORLD (on a duplicate of it, so that dagarray's
/// messages never meet the program's own).
/// @code{.cpp}
/// int main(int argc, char** argv) {
///   da::mpi::Environment mpi(argc, argv);
///   auto r = m.compute({.scheduler = da::Scheduler::mpi});
///   if (mpi.rank() == 0) std::cout << r.item() << '\n';
/// }
/// @endcode
/// @throws std::runtime_error when MPI cannot give MPI_THREAD_FUNNELED at least, or when
/// another Environment is alive.
class Environment {
 public:
  Environment(int& argc, char**& argv);
  /// @brief For programs without argc and argv at hand.
  Environment();
  ~Environment();
  Environment(const Environment&) = delete;
  Environment& operator=(const Environment&) = delete;

  /// @brief This process's rank in MPI_COMM_WORLD, and how many ranks there are.
  int rank() const { return _rank; }
  int size() const { return _size; }
  /// @brief Ranks that share this node's memory (MPI_COMM_TYPE_SHARED), and this one's index.
  int node_size() const { return _node_size; }
  int node_rank() const { return _node_rank; }
  /// @brief The thread level MPI gave (MPI_THREAD_FUNNELED or higher).
  int thread_level() const { return _thread_level; }

 private:
  void start(int* argc, char*** argv);

  bool _initialised_here = false;
  int _rank = 0;
  int _size = 1;
  int _node_size = 1;
  int _node_rank = 0;
  int _thread_level = 0;
};

/// @brief What this rank did in its last Scheduler::mpi compute (one per rank: each rank
/// reports its own). Times are seconds of wall time on this rank.
struct ComputeStats {
  int rank = 0;
  int ranks = 1;
  int threads = 1;         ///< oneTBB worker threads this rank ran tasks on
  std::int64_t tasks = 0;  ///< tasks this rank ran
  std::int64_t graph_tasks = 0;
  double seconds = 0;       ///< the whole compute on this rank, fingerprint check included
  double task_seconds = 0;  ///< summed run time of this rank's tasks, over its threads
  double mpi_seconds = 0;   ///< time the driving thread spent inside MPI calls
  double idle_seconds = 0;  ///< threads × seconds − task_seconds: worker time not in a task
  std::int64_t messages_sent = 0;  ///< blocks sent (a block split in pieces counts once)
  std::int64_t messages_received = 0;
  std::int64_t bytes_sent = 0;
  std::int64_t bytes_received = 0;
  std::int64_t peak_live_buffers = 0;  ///< most chunk buffers alive at once in this process
};

/// @brief This rank's figures for its last Scheduler::mpi compute (zeros before the first).
ComputeStats last_compute_stats();

/// @brief Limits of the message layer. MPI guarantees tags up to 32767 only (MPI_TAG_UB says
/// what this library allows) and a count of at most INT_MAX elements per message; dagarray
/// uses a fixed set of small tags and splits larger blocks into pieces.
struct MessageLimits {
  /// Bytes in one message: larger blocks go as several pieces. Default 1 GiB.
  std::int64_t max_message_bytes = std::int64_t{1} << 30;
  /// When > 0, act as if MPI_TAG_UB were this (to test a library with few tags); else use the
  /// attribute's value.
  int tag_upper_bound = 0;
};

/// @brief Changes the limits for later computes (the same on every rank, or the graph check
/// fails). For tests and tuning.
/// @throws std::invalid_argument when max_message_bytes < 1 or tag_upper_bound < 0.
void set_message_limits(const MessageLimits& limits);
MessageLimits message_limits();

/// @brief A Chrome trace of every rank's tasks in one file: each rank's profiler events become
/// one process row, "rank R", on a shared time line (each rank's times are shifted by the
/// offset of its clock to rank 0's, measured here). Collective: every rank must call it; rank
/// 0 gets the trace, the others an empty object.
/// @code{.cpp}
/// da::Profiler profiler;
/// m.compute({.scheduler = da::Scheduler::mpi, .observers = {&profiler}});
/// auto trace = da::mpi::gather_chrome_trace(profiler);
/// if (mpi.rank() == 0) std::ofstream("trace.json") << trace.dump();
/// @endcode
nlohmann::json gather_chrome_trace(const Profiler& profiler);

}  // namespace dagarray::mpi
