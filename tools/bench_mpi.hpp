#pragma once
// `dagarray bench mpi`, run under mpirun: π and a rechunk on Scheduler::mpi, with every rank's
// figures gathered to rank 0 and printed there; the cost per task and per cross-rank message;
// the loopback latency and bandwidth between ranks 0 and 1.

#include "command.hpp"

namespace dagarray::cli {

/// @brief Adds `mpi` to `dagarray bench`.
Command add_bench_mpi_command(CLI::App& bench);

}  // namespace dagarray::cli
