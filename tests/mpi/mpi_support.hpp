#pragma once
// What the MPI tests share: the rank, the two schedulers to compare, and a sum over ranks of a
// count (a test's bookkeeping, not array data).

#include <dagarray/dagarray.hpp>
#include <dagarray/mpi.hpp>

#include <mpi.h>

#include <cstdint>
#include <cstring>

namespace da = dagarray;

namespace mpitest {

inline int rank() {
  int r = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &r);
  return r;
}

inline int ranks() {
  int n = 1;
  MPI_Comm_size(MPI_COMM_WORLD, &n);
  return n;
}

inline std::int64_t sum_over_ranks(std::int64_t value) {
  std::int64_t total = 0;
  MPI_Allreduce(&value, &total, 1, MPI_INT64_T, MPI_SUM, MPI_COMM_WORLD);
  return total;
}

inline std::int64_t max_over_ranks(std::int64_t value) {
  std::int64_t most = 0;
  MPI_Allreduce(&value, &most, 1, MPI_INT64_T, MPI_MAX, MPI_COMM_WORLD);
  return most;
}

inline const da::ComputeOptions kMpi{.scheduler = da::Scheduler::mpi};
inline const da::ComputeOptions kThreads{.scheduler = da::Scheduler::threads, .num_threads = 1};

/// @brief Same shape and the same bits in every element.
template <class T>
bool bitwise_equal(const da::NDArray<T>& a, const da::NDArray<T>& b) {
  return a.shape() == b.shape() &&
         std::memcmp(a.data(), b.data(), static_cast<std::size_t>(a.size()) * sizeof(T)) == 0;
}

}  // namespace mpitest
