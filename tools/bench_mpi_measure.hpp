#pragma once
// What `dagarray bench mpi` measures on each rank: a workload's build and compute times and
// its Scheduler::mpi figures (da::mpi::last_compute_stats), the cost per task and per
// cross-rank message, and a ping-pong between ranks 0 and 1. Every function here is
// collective: every rank calls it, in the same order.

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>

namespace dagarray::cli {

/// @brief The sizes `bench mpi` runs at.
struct BenchMpiSizes {
  std::int64_t n = 1'000'000'000;   ///< π's samples
  std::int64_t chunk = 1 << 20;     ///< π's samples per block
  std::int64_t matrix = 4096;       ///< the rechunk's side: a matrix × matrix float64 array
  std::int64_t matrix_chunk = 256;  ///< rows per block before, columns per block after
  std::int64_t tasks = 100'000;     ///< about this many tiny tasks for the cost per task
  int threads = 0;                  ///< per rank; 0: the executor's default
  int repeat = 5;
};

/// @brief This rank's figures for π (count_nonzero over the unit circle): medians of
/// sizes.repeat runs of build_seconds (the expression and its optimised task graph),
/// compute_seconds (the compute() call, which builds that graph again, checks it across ranks
/// and runs it), the executor's seconds, task_, mpi_ and idle_seconds, messages and bytes
/// each way, peak_live_buffers; the process's peak_rss_bytes so far; result_bits, the hex of
/// the int64 count.
nlohmann::json measure_pi_on_rank(const BenchMpiSizes& sizes);

/// @brief The same for the rechunk: a matrix in row blocks, rechunked to column blocks, then
/// summed (every block crosses to every rank: bandwidth-bound); result_bits is the hex of the
/// float64 sum's bits.
nlohmann::json measure_rechunk_on_rank(const BenchMpiSizes& sizes);

/// @brief Costs on this rank: us_per_task, the compute time of a sum over about sizes.tasks
/// one-element blocks (the graph as built) over its tasks; and us_per_message, the driving
/// thread's time inside MPI per block sent or received, on a rechunk of small blocks (null on
/// one rank: no messages).
nlohmann::json measure_overheads_on_rank(const BenchMpiSizes& sizes);

/// @brief Loopback figures between ranks 0 and 1 on a duplicate of MPI_COMM_WORLD
/// (MPI_Send/MPI_Recv): one-way latency of 8-byte messages and bandwidth at 64 MiB. Rank 0
/// gets them; every other rank, and every rank of a one-rank job, gets nullopt.
struct PingPong {
  double latency_seconds;
  double bytes_per_second;
  std::int64_t bandwidth_bytes;
};
std::optional<PingPong> measure_ping_pong();

}  // namespace dagarray::cli
