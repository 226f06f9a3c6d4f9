#pragma once
// `dagarray pi --scheduler mpi`: the lazy modes on every rank of an mpirun job, in this process
// (a child process would not be part of the job), with the report printed by rank 0 only.

#include <string>
#include <vector>

#include "pi_options.hpp"

namespace dagarray::cli {

/// @brief The graph modes --scheduler mpi runs: lazy (fused) and lazy-unfused.
bool runs_on_mpi(PiMode mode);

/// @brief Runs `modes` on Scheduler::mpi and prints, on rank 0, the usual rows (seconds are
/// rank 0's median; peak memory the largest rank's) with each rank's share of the tasks.
/// @throws std::invalid_argument for a bad n or chunk, or a mode other than the lazy ones.
int run_pi_mpi(const PiOptions& options, const std::vector<std::string>& modes,
               const std::string& format);

}  // namespace dagarray::cli
