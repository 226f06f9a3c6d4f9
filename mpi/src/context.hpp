#pragma once
// What the executor needs of the live Environment: its communicator and where this rank is.

#include <dagarray/mpi.hpp>

#include <mpi.h>

namespace dagarray::mpi::detail {

struct Context {
  MPI_Comm comm = MPI_COMM_NULL;  // a duplicate of MPI_COMM_WORLD, for dagarray's messages only
  int rank = 0;
  int size = 1;
  int node_size = 1;
  int tag_upper_bound = 32767;
};

/// @brief The live Environment's context; throws std::logic_error when there is none.
const Context& context();

/// @brief Records this rank's figures of the compute that just ended.
void set_last_compute_stats(const ComputeStats& stats);

/// @brief Threads for a compute that asked for `num_threads` (0: the cores this rank may use).
int threads_per_rank(int num_threads);

}  // namespace dagarray::mpi::detail
