#pragma once
// What the MPI commands of the tool gather from every rank to rank 0, where the report is
// printed: small control data (figures, never array data), on MPI_COMM_WORLD.

#include <mpi.h>
#include <sys/resource.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <numeric>
#include <string>
#include <vector>

namespace dagarray::cli {

/// @brief This process's peak resident set so far (getrusage's ru_maxrss, in KiB on Linux).
inline std::int64_t peak_rss_bytes() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<std::int64_t>(usage.ru_maxrss) * 1024;
}

/// @brief Every rank's `value` on rank 0, by rank; empty on the others. Collective.
inline std::vector<std::int64_t> gather_to_rank0(std::int64_t value) {
  int rank = 0, size = 1;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  std::vector<std::int64_t> all(rank == 0 ? static_cast<std::size_t>(size) : 0);
  MPI_Gather(&value, 1, MPI_INT64_T, all.data(), 1, MPI_INT64_T, 0, MPI_COMM_WORLD);
  return all;
}

/// @brief Every rank's `figures` on rank 0, by rank (serialised, MPI_Gatherv); empty on the
/// others. Collective.
inline std::vector<nlohmann::json> gather_to_rank0(const nlohmann::json& figures) {
  int rank = 0, size = 1;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  const std::string mine = figures.dump();
  const int length = static_cast<int>(mine.size());
  std::vector<int> lengths(rank == 0 ? static_cast<std::size_t>(size) : 0);
  MPI_Gather(&length, 1, MPI_INT, lengths.data(), 1, MPI_INT, 0, MPI_COMM_WORLD);
  std::vector<int> starts(lengths.size(), 0);
  if (rank == 0) std::exclusive_scan(lengths.begin(), lengths.end(), starts.begin(), 0);
  std::string all(rank == 0 ? static_cast<std::size_t>(starts.back() + lengths.back()) : 0, '\0');
  MPI_Gatherv(mine.data(), length, MPI_CHAR, all.data(), lengths.data(), starts.data(), MPI_CHAR, 0,
              MPI_COMM_WORLD);
  std::vector<nlohmann::json> by_rank;
  for (std::size_t r = 0; r < lengths.size(); ++r) {
    by_rank.push_back(nlohmann::json::parse(
        all.substr(static_cast<std::size_t>(starts[r]), static_cast<std::size_t>(lengths[r]))));
  }
  return by_rank;
}

}  // namespace dagarray::cli
