// One Chrome trace for the whole job: every rank's profiler events on rank 0's time line, one
// process row per rank. Ranks on different nodes have unrelated steady clocks, and Open MPI
// does not promise a global MPI_Wtime (MPI_WTIME_IS_GLOBAL is false there), so each rank
// measures its clock's offset to rank 0's by ping-pong (Cristian's algorithm: the round trip
// with the shortest time bounds the error by half of it) and shifts its own events before
// they are gathered. All of this is control data: a few small messages and one MPI_Gatherv of
// the serialised events, on a communicator of its own so it never meets a compute's messages.

#include <dagarray/mpi.hpp>

#include <mpi.h>

#include <chrono>
#include <cstdint>
#include <limits>
#include <numeric>
#include <string>
#include <vector>

#include "context.hpp"

namespace dagarray::mpi {

namespace {

using nlohmann::json;

constexpr int kRounds = 20;  // round trips per rank; the shortest gives the offset
constexpr int kTag = 0;

std::int64_t now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             ObserverClock::now().time_since_epoch())
      .count();
}

/// @brief Rank 0's clock minus this rank's, in nanoseconds (0 on rank 0). Rank 0 answers each
/// other rank in turn with its clock reading.
std::int64_t clock_offset_to_rank0(MPI_Comm comm, int rank, int size) {
  if (rank == 0) {
    for (int r = 1; r < size; ++r) {
      for (int round = 0; round < kRounds; ++round) {
        std::int64_t ping = 0;
        MPI_Recv(&ping, 1, MPI_INT64_T, r, kTag, comm, MPI_STATUS_IGNORE);
        const std::int64_t reading = now_ns();
        MPI_Send(&reading, 1, MPI_INT64_T, r, kTag, comm);
      }
    }
    return 0;
  }
  std::int64_t best_round_trip = std::numeric_limits<std::int64_t>::max();
  std::int64_t offset = 0;
  for (int round = 0; round < kRounds; ++round) {
    const std::int64_t sent = now_ns();
    std::int64_t reading = 0;
    MPI_Send(&sent, 1, MPI_INT64_T, 0, kTag, comm);
    MPI_Recv(&reading, 1, MPI_INT64_T, 0, kTag, comm, MPI_STATUS_IGNORE);
    const std::int64_t received = now_ns();
    if (received - sent < best_round_trip) {
      best_round_trip = received - sent;
      offset = reading - (sent + received) / 2;  // rank 0 read its clock half way, at best
    }
  }
  return offset;
}

/// @brief This rank's events: on rank 0's time line (`shift_us` added), in process row
/// rank + 1 named "rank R".
json rank_events(const Profiler& profiler, int rank, double shift_us) {
  json events = json::array();
  const int pid = rank + 1;
  // Held here: a range-for over a temporary's member would outlive the temporary.
  auto trace = profiler.chrome_trace();
  for (auto& event : trace.at("traceEvents")) {
    if (event.value("ph", "") == "M" && event.value("name", "") == "process_name") {
      event["args"]["name"] = "rank " + std::to_string(rank);
    }
    event["pid"] = pid;
    if (event.contains("ts")) event["ts"] = event["ts"].get<double>() + shift_us;
    events.push_back(std::move(event));
  }
  // Perfetto sorts process rows by this, so rank 0 comes first.
  events.push_back({{"name", "process_sort_index"},
                    {"ph", "M"},
                    {"pid", pid},
                    {"args", {{"sort_index", rank}}}});
  return events;
}

}  // namespace

nlohmann::json gather_chrome_trace(const Profiler& profiler) {
  const auto& context = detail::context();
  MPI_Comm comm;
  MPI_Comm_dup(context.comm, &comm);
  const int rank = context.rank;
  const int size = context.size;

  // Every rank's time 0 (its profiler's origin), in rank 0's clock, against rank 0's own.
  const std::int64_t offset = clock_offset_to_rank0(comm, rank, size);
  const std::int64_t origin_ns =
      std::chrono::duration_cast<std::chrono::nanoseconds>(profiler.origin().time_since_epoch())
          .count();
  std::int64_t rank0_origin_ns = origin_ns;
  MPI_Bcast(&rank0_origin_ns, 1, MPI_INT64_T, 0, comm);
  const double shift_us = static_cast<double>(origin_ns + offset - rank0_origin_ns) / 1e3;

  const std::string mine = rank_events(profiler, rank, shift_us).dump();
  const int length = static_cast<int>(mine.size());
  std::vector<int> lengths(rank == 0 ? static_cast<std::size_t>(size) : 0);
  MPI_Gather(&length, 1, MPI_INT, lengths.data(), 1, MPI_INT, 0, comm);
  std::vector<int> starts(lengths.size(), 0);
  if (rank == 0) std::exclusive_scan(lengths.begin(), lengths.end(), starts.begin(), 0);
  std::string all(rank == 0 ? static_cast<std::size_t>(starts.back() + lengths.back()) : 0, '\0');
  MPI_Gatherv(mine.data(), length, MPI_CHAR, all.data(), lengths.data(), starts.data(), MPI_CHAR, 0,
              comm);
  MPI_Comm_free(&comm);
  if (rank != 0) return json::object();

  json events = json::array();
  for (int r = 0; r < size; ++r) {
    const auto at = static_cast<std::size_t>(starts[static_cast<std::size_t>(r)]);
    const auto count = static_cast<std::size_t>(lengths[static_cast<std::size_t>(r)]);
    for (auto& event : json::parse(all.substr(at, count))) events.push_back(std::move(event));
  }
  return {{"traceEvents", std::move(events)}, {"displayTimeUnit", "ms"}};
}

}  // namespace dagarray::mpi
