#include "bench_mpi_measure.hpp"

#include <dagarray/dagarray.hpp>
#include <dagarray/mpi.hpp>

#include <mpi.h>

#include <algorithm>
#include <bit>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <stdexcept>
#include <string>
#include <vector>

#include "median.hpp"
#include "pi_modes.hpp"
#include "rank_figures.hpp"

namespace dagarray::cli {

namespace {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

std::string hex(std::uint64_t bits) {
  char text[19];
  std::snprintf(text, sizeof text, "0x%016llx", static_cast<unsigned long long>(bits));
  return text;
}

std::string bits_of(std::int64_t value) {
  return hex(static_cast<std::uint64_t>(value));
}

std::string bits_of(double value) {
  return hex(std::bit_cast<std::uint64_t>(value));
}

/// @brief Key by key, the median of the runs' numbers; strings (the result's bits) must agree.
json medians(const std::vector<json>& runs) {
  json out = json::object();
  for (const auto& [key, first] : runs.front().items()) {
    if (first.is_string()) {
      for (const auto& run : runs) {
        if (run.at(key) != first) {
          throw std::runtime_error("bench mpi: " + key + " was " + first.get<std::string>() +
                                   ", then " + run.at(key).get<std::string>() +
                                   ": a compute is not deterministic");
        }
      }
      out[key] = first;
      continue;
    }
    std::vector<double> values;
    for (const auto& run : runs) values.push_back(run.at(key).get<double>());
    const double middle = median(values);
    out[key] = first.is_number_integer() ? json(std::llround(middle)) : json(middle);
  }
  return out;
}

json stats_figures(const mpi::ComputeStats& stats) {
  return {{"threads", stats.threads},
          {"tasks", stats.tasks},
          {"graph_tasks", stats.graph_tasks},
          {"executor_seconds", stats.seconds},
          {"task_seconds", stats.task_seconds},
          {"mpi_seconds", stats.mpi_seconds},
          {"idle_seconds", stats.idle_seconds},
          {"messages_sent", stats.messages_sent},
          {"messages_received", stats.messages_received},
          {"bytes_sent", stats.bytes_sent},
          {"bytes_received", stats.bytes_received},
          {"peak_live_buffers", stats.peak_live_buffers}};
}

/// @brief `repeat` runs of: build(), its optimised task graph, then compute on Scheduler::mpi.
template <class Build>
json measure_on_rank(Build build, int threads, int repeat, bool optimize = true) {
  std::vector<json> runs;
  for (int run = 0; run < repeat; ++run) {
    auto start = Clock::now();
    const auto array = build();
    const auto graph = task_graph(array, {.optimized = optimize});
    const double build_seconds = seconds_since(start);

    start = Clock::now();
    const auto result =
        array.compute({.scheduler = Scheduler::mpi, .num_threads = threads, .optimize = optimize});
    const double compute_seconds = seconds_since(start);
    auto figures = stats_figures(mpi::last_compute_stats());
    figures["build_seconds"] = build_seconds;
    figures["compute_seconds"] = compute_seconds;
    figures["result_bits"] = bits_of(result.item());
    runs.push_back(std::move(figures));
  }
  auto out = medians(runs);
  out["peak_rss_bytes"] = peak_rss_bytes();
  return out;
}

Array<double> rechunk_sum(std::int64_t side, std::int64_t block) {
  const auto rows = random::uniform(0.0, 1.0, {side, side}, {block, side}, 7);
  return sum(rechunk(rows, {side, block}));
}

}  // namespace

json measure_pi_on_rank(const BenchMpiSizes& sizes) {
  const PiProblem problem{sizes.n, std::min(sizes.chunk, std::max<std::int64_t>(sizes.n, 1)),
                          sizes.threads, 42};
  return measure_on_rank([&] { return lazy_inside(problem); }, sizes.threads, sizes.repeat);
}

json measure_rechunk_on_rank(const BenchMpiSizes& sizes) {
  const auto block = std::min(sizes.matrix_chunk, sizes.matrix);
  return measure_on_rank([&] { return rechunk_sum(sizes.matrix, block); }, sizes.threads,
                         sizes.repeat);
}

json measure_overheads_on_rank(const BenchMpiSizes& sizes) {
  // The graph of bench overhead: one-element blocks, a source and a partial sum each and a
  // tree of combines, about 15 tasks per 7 blocks; as built, so nothing is fused away.
  const auto blocks = std::max<std::int64_t>(1, sizes.tasks * 7 / 15);
  const auto tiny = measure_on_rank([&] { return sum(arange(blocks, 1)); }, sizes.threads,
                                    sizes.repeat, /*optimize=*/false);
  // Small blocks that all cross: 256 row blocks of 2 x 512, rechunked to columns.
  const auto crossing =
      measure_on_rank([] { return rechunk_sum(512, 2); }, sizes.threads, sizes.repeat);
  const auto messages = crossing.at("messages_sent").get<std::int64_t>() +
                        crossing.at("messages_received").get<std::int64_t>();
  return {{"tiny_graph_tasks", tiny.at("graph_tasks")},
          {"tiny_compute_seconds", tiny.at("compute_seconds")},
          {"us_per_task",
           1e6 * tiny.at("compute_seconds").get<double>() / tiny.at("graph_tasks").get<double>()},
          {"crossing_messages", messages},
          {"crossing_mpi_seconds", crossing.at("mpi_seconds")},
          {"us_per_message", messages > 0 ? json(1e6 * crossing.at("mpi_seconds").get<double>() /
                                                 static_cast<double>(messages))
                                          : json(nullptr)}};
}

std::optional<PingPong> measure_ping_pong() {
  MPI_Comm comm;
  MPI_Comm_dup(MPI_COMM_WORLD, &comm);
  int rank = 0, size = 1;
  MPI_Comm_rank(comm, &rank);
  MPI_Comm_size(comm, &size);
  std::optional<PingPong> result;
  if (size >= 2 && rank <= 1) {
    const int peer = 1 - rank;
    // Round trips of `bytes`, after a warm-up; the one-way time is half a round trip.
    const auto one_way = [&](std::vector<char>& buffer, int warmup, int rounds) {
      const int count = static_cast<int>(buffer.size());
      Clock::time_point start;
      for (int round = 0; round < warmup + rounds; ++round) {
        if (round == warmup) start = Clock::now();
        if (rank == 0) {
          MPI_Send(buffer.data(), count, MPI_CHAR, peer, 0, comm);
          MPI_Recv(buffer.data(), count, MPI_CHAR, peer, 0, comm, MPI_STATUS_IGNORE);
        } else {
          MPI_Recv(buffer.data(), count, MPI_CHAR, peer, 0, comm, MPI_STATUS_IGNORE);
          MPI_Send(buffer.data(), count, MPI_CHAR, peer, 0, comm);
        }
      }
      return seconds_since(start) / (2.0 * rounds);
    };
    std::vector<char> small(8);
    const double latency = one_way(small, 1000, 10'000);
    std::vector<char> large(std::size_t{64} << 20, 1);
    const double transfer = one_way(large, 2, 10);
    if (rank == 0) {
      result = PingPong{latency, static_cast<double>(large.size()) / transfer,
                        static_cast<std::int64_t>(large.size())};
    }
  }
  MPI_Comm_free(&comm);
  return result;
}

}  // namespace dagarray::cli
