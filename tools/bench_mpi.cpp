#include "bench_mpi.hpp"

#include <dagarray/mpi.hpp>

#include <nlohmann/json.hpp>

#include <cstdio>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "bench_mpi_measure.hpp"
#include "integer_option.hpp"
#include "rank_figures.hpp"

namespace dagarray::cli {

namespace {

using Json = nlohmann::ordered_json;

struct BenchMpiOptions {
  BenchMpiSizes sizes;
  bool json = false;
};

/// @brief One row per rank of one workload's figures.
void print_workload(const char* name, const std::string& what, const std::vector<Json>& ranks) {
  std::printf("\n%s: %s\n", name, what.c_str());
  std::printf("%4s %7s %8s %8s %8s %8s %8s %8s %9s %9s %10s %10s %6s %9s  %s\n", "rank", "threads",
              "tasks", "build s", "compute", "task s", "mpi s", "idle s", "msgs out", "msgs in",
              "MiB out", "MiB in", "live", "peak MiB", "result bits");
  for (std::size_t r = 0; r < ranks.size(); ++r) {
    const auto& f = ranks[r];
    const auto mib = [&](const char* key) { return f.at(key).get<double>() / (1 << 20); };
    std::printf(
        "%4zu %7d %8lld %8.4f %8.4f %8.4f %8.4f %8.4f %9lld %9lld %10.1f %10.1f %6lld "
        "%9.1f  %s\n",
        r, f.at("threads").get<int>(), f.at("tasks").get<long long>(),
        f.at("build_seconds").get<double>(), f.at("compute_seconds").get<double>(),
        f.at("task_seconds").get<double>(), f.at("mpi_seconds").get<double>(),
        f.at("idle_seconds").get<double>(), f.at("messages_sent").get<long long>(),
        f.at("messages_received").get<long long>(), mib("bytes_sent"), mib("bytes_received"),
        f.at("peak_live_buffers").get<long long>(), mib("peak_rss_bytes"),
        f.at("result_bits").get<std::string>().c_str());
  }
}

int run_bench_mpi(const BenchMpiOptions& options) {
  const auto& sizes = options.sizes;
  mpi::Environment environment;
  // Each measurement on every rank, then its figures to rank 0.
  const auto pi = gather_to_rank0(measure_pi_on_rank(sizes));
  const auto rechunk = gather_to_rank0(measure_rechunk_on_rank(sizes));
  const auto overheads = gather_to_rank0(measure_overheads_on_rank(sizes));
  const auto ping_pong = measure_ping_pong();
  if (environment.rank() != 0) return 0;

  const auto as_ordered = [](const std::vector<nlohmann::json>& ranks) {
    std::vector<Json> out;
    for (const auto& r : ranks) out.push_back(Json::parse(r.dump()));
    return out;
  };
  const auto pi_text =
      "count_nonzero(sum(square(uniform(2, N)), 0) < 1), N = " + std::to_string(sizes.n) +
      ", chunk = " + std::to_string(sizes.chunk);
  const auto rechunk_text = "sum(rechunk(uniform(M, M) in blocks of " +
                            std::to_string(sizes.matrix_chunk) + " rows, to blocks of " +
                            std::to_string(sizes.matrix_chunk) +
                            " columns)), M = " + std::to_string(sizes.matrix) + ", float64";
  if (options.json) {
    Json out = {{"ranks", environment.size()},
                {"threads_option", sizes.threads},
                {"repeat", sizes.repeat},
                {"pi", {{"n", sizes.n}, {"chunk", sizes.chunk}, {"per_rank", as_ordered(pi)}}},
                {"rechunk",
                 {{"matrix", sizes.matrix},
                  {"matrix_chunk", sizes.matrix_chunk},
                  {"per_rank", as_ordered(rechunk)}}},
                {"overhead", {{"per_rank", as_ordered(overheads)}}},
                {"ping_pong", nullptr}};
    if (ping_pong) {
      out["ping_pong"] = {{"latency_us", ping_pong->latency_seconds * 1e6},
                          {"bandwidth_bytes", ping_pong->bandwidth_bytes},
                          {"bytes_per_second", ping_pong->bytes_per_second}};
    }
    std::cout << out.dump(2) << '\n';
    return 0;
  }
  std::printf("bench mpi: %d rank%s, threads per rank = %s, medians of %d runs; times in seconds\n",
              environment.size(), environment.size() == 1 ? "" : "s",
              sizes.threads == 0 ? "default" : std::to_string(sizes.threads).c_str(), sizes.repeat);
  print_workload("pi", pi_text, as_ordered(pi));
  print_workload("rechunk", rechunk_text, as_ordered(rechunk));
  std::printf(
      "\noverhead per rank (us per task: compute of %lld tiny tasks as built / tasks; "
      "us per message: time in MPI / blocks sent and received, small-block rechunk)\n",
      overheads.front().at("tiny_graph_tasks").get<long long>());
  for (std::size_t r = 0; r < overheads.size(); ++r) {
    const auto& o = overheads[r];
    const auto per_message = o.at("us_per_message");
    std::printf("  rank %zu: %.3f us per task; %s us per message (%lld messages)\n", r,
                o.at("us_per_task").get<double>(),
                per_message.is_null() ? "-" : std::to_string(per_message.get<double>()).c_str(),
                o.at("crossing_messages").get<long long>());
  }
  if (ping_pong) {
    std::printf(
        "\nping-pong, ranks 0 and 1: latency %.2f us (8 bytes, one way); bandwidth "
        "%.2f GB/s (%lld MiB messages)\n",
        ping_pong->latency_seconds * 1e6, ping_pong->bytes_per_second / 1e9,
        static_cast<long long>(ping_pong->bandwidth_bytes >> 20));
  } else {
    std::printf("\nping-pong: needs 2 ranks or more\n");
  }
  return 0;
}

}  // namespace

Command add_bench_mpi_command(CLI::App& bench) {
  auto options = std::make_shared<BenchMpiOptions>();
  auto* app = bench.add_subcommand(
      "mpi",
      "Under mpirun: pi and a rechunk on Scheduler::mpi, every rank's figures (build, compute, "
      "communication and idle time, messages, bytes, peak memory, result bits), the cost per "
      "task and per message, loopback latency and bandwidth");
  auto& sizes = options->sizes;
  const auto count = [&](const char* flag, std::int64_t& value, const char* help,
                         const char* shown) {
    app->add_option(flag, value, help)
        ->type_name("N")
        ->transform(integer_in(1, std::int64_t{1} << 50))
        ->default_str(shown);
  };
  count("--n", sizes.n, "pi's samples", "1e9");
  count("--chunk", sizes.chunk, "pi's samples per block (clamped to N)", "1048576");
  count("--matrix", sizes.matrix, "The rechunk's M: an M x M float64 matrix", "4096");
  count("--matrix-chunk", sizes.matrix_chunk,
        "Rows per block of that matrix, and columns per block after the rechunk", "256");
  count("--tasks", sizes.tasks, "Tasks (about) of the graph that measures the cost per task",
        "100000");
  app->add_option("--threads", sizes.threads,
                  "Worker threads per rank; 0: the executor's default (this rank's share of "
                  "the cores)")
      ->type_name("T")
      ->transform(integer_in(0, 1 << 16))
      ->capture_default_str();
  app->add_option("--repeat", sizes.repeat, "Runs of each measurement; medians are reported")
      ->type_name("R")
      ->transform(integer_in(1, 1000))
      ->capture_default_str();
  app->add_flag("--json", options->json, "One JSON object on stdout instead of tables");
  return {app, [options] { return run_bench_mpi(*options); }};
}

}  // namespace dagarray::cli
