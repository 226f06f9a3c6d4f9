#include "bench_scaling.hpp"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <iostream>
#include <memory>
#include <sstream>

#include "integer_option.hpp"
#include "scaling_study.hpp"

namespace dagarray::cli {

namespace {

struct BenchScalingOptions {
  ScalingSetup setup;
  int max_nodes = 1024;
  double ib_latency = 1.5e-6;
  double ib_bandwidth = 12e9;
  double ethernet_latency = 20e-6;
  double ethernet_bandwidth = 1.1e9;
  /// Stated, not measured here: `dagarray bench mpi` measures it (loopback).
  double message_overhead = 5e-6;
  /// Negative: measure it (measure_task_overhead).
  double task_overhead = -1;
  bool quiet = false;
  bool no_search = false;
  std::string format = "table";
};

nlohmann::ordered_json op_times_json(const OpTimes& times) {
  auto ops = nlohmann::ordered_json::object();
  for (const auto& [op, time] : times.ops) {
    ops[op] = {{"seconds", time.seconds}, {"elements", time.elements}, {"tasks", time.samples}};
  }
  return ops;
}

void print_json(const BenchScalingOptions& options, const Calibration& calibration,
                const std::vector<ScalingTable>& tables, const std::vector<ChunkPoint>& search) {
  const auto& setup = options.setup;
  nlohmann::ordered_json out;
  out["cores_per_node"] = setup.cores_per_node;
  out["task_overhead_seconds"] = setup.task_overhead;
  out["message_overhead_seconds"] = setup.message_overhead;
  auto networks = nlohmann::ordered_json::array();
  for (const auto& n : setup.networks) {
    networks.push_back({{"name", n.name},
                        {"latency_seconds", n.latency},
                        {"bandwidth_bytes_per_second", n.bandwidth}});
  }
  out["networks"] = networks;
  out["calibration"] = {{"pi_samples", calibration.pi_calibration_samples},
                        {"pi_chunk", setup.chunk},
                        {"pi", op_times_json(calibration.pi)},
                        {"rechunk_n", calibration.rechunk_calibration_n},
                        {"rechunk", op_times_json(calibration.rechunk)},
                        {"rechunk_split", op_times_json(calibration.rechunk_split)}};
  auto tables_json = nlohmann::ordered_json::object();
  for (const auto& table : tables) {
    auto rows = nlohmann::ordered_json::array();
    for (const auto& row : table.rows) {
      nlohmann::ordered_json r = {{"nodes", row.nodes},
                                  {"tasks", row.tasks},
                                  {"messages", row.messages},
                                  {"message_bytes", row.message_bytes}};
      for (std::size_t k = 0; k < setup.networks.size(); ++k) {
        const auto& p = row.per_network[k];
        r[setup.networks[k].name] = {{"seconds", p.seconds},
                                     {"efficiency", p.efficiency},
                                     {"scaling_efficiency", p.scaling_efficiency},
                                     {"link_use", p.link_use}};
      }
      rows.push_back(r);
    }
    tables_json[table.name] = {{"description", table.description}, {"rows", rows}};
  }
  out["tables"] = tables_json;
  auto points = nlohmann::ordered_json::array();
  for (const auto& point : search) {
    nlohmann::ordered_json p = {{"chunk", point.chunk}, {"partial_seconds", point.partial_seconds}};
    for (std::size_t k = 0; k < setup.networks.size(); ++k) {
      p[setup.networks[k].name] = point.efficiency[k];
    }
    points.push_back(p);
  }
  out["chunk_search"] = {{"nodes", setup.search_nodes},
                         {"blocks_per_node", setup.search_blocks_per_node},
                         {"points", points}};
  std::cout << out.dump(2) << '\n';
}

void print_op_times(const char* what, const OpTimes& times) {
  for (const auto& [op, time] : times.ops) {
    std::printf("  %-8s %-50s %10.3f us  (%lld tasks, %.0f elements)\n", what, op.c_str(),
                time.seconds * 1e6, static_cast<long long>(time.samples), time.elements);
  }
}

void print_tables(const BenchScalingOptions& options, const Calibration& calibration,
                  const std::vector<ScalingTable>& tables, const std::vector<ChunkPoint>& search) {
  const auto& setup = options.setup;
  std::printf("model: one rank per node, %d cores per node as its threads\n", setup.cores_per_node);
  std::printf(
      "eff: task work / (nodes x cores x seconds); scale: weak T(1) / T(P), strong T(1) / (P "
      "T(P)); link: bytes sent / (nodes x seconds x bandwidth)\n");
  std::printf("task overhead %.3f us (measured, 1 thread); message overhead %.3f us per end (%s)\n",
              setup.task_overhead * 1e6, setup.message_overhead * 1e6, "--message-overhead");
  for (const auto& n : setup.networks) {
    std::printf("network %-6s latency %.2f us, %.2f GB/s per node each way\n", n.name.c_str(),
                n.latency * 1e6, n.bandwidth / 1e9);
  }
  std::printf("calibration (1 thread, median of %d runs): pi at N = %lld, rechunk at n = %lld\n",
              setup.repeat, static_cast<long long>(calibration.pi_calibration_samples),
              static_cast<long long>(calibration.rechunk_calibration_n));
  print_op_times("pi", calibration.pi);
  print_op_times("rechunk", calibration.rechunk);
  print_op_times("split", calibration.rechunk_split);
  for (const auto& table : tables) {
    std::printf("\n%s: %s\n", table.name.c_str(), table.description.c_str());
    std::printf("%6s %10s %10s %10s", "nodes", "tasks", "messages", "MB sent");
    for (const auto& n : setup.networks) {
      std::printf(" | %-6s %9s %6s %6s %6s", n.name.c_str(), "seconds", "eff", "scale", "link");
    }
    std::printf("\n");
    for (const auto& row : table.rows) {
      std::printf("%6d %10lld %10lld %10.1f", row.nodes, static_cast<long long>(row.tasks),
                  static_cast<long long>(row.messages), double(row.message_bytes) / 1e6);
      for (const auto& p : row.per_network) {
        std::printf(" | %-6s %9.4f %6.3f %6.3f %6.3f", "", p.seconds, p.efficiency,
                    p.scaling_efficiency, p.link_use);
      }
      std::printf("\n");
    }
  }
  if (search.empty()) return;
  std::printf(
      "\nchunk search: pi on %d nodes, %d blocks per node; efficiency = task work / core time\n",
      setup.search_nodes, setup.search_blocks_per_node);
  std::printf("%10s %12s %10s", "chunk", "us/block", "ns/sample");
  for (const auto& n : setup.networks) std::printf(" %8s", n.name.c_str());
  std::printf("\n");
  for (const auto& point : search) {
    std::printf("%10lld %12.3f %10.3f", static_cast<long long>(point.chunk),
                point.partial_seconds * 1e6, point.partial_seconds * 1e9 / double(point.chunk));
    for (auto e : point.efficiency) std::printf(" %8.3f", e);
    std::printf("\n");
  }
  for (std::size_t k = 0; k < setup.networks.size(); ++k) {
    const ChunkPoint* smallest = nullptr;
    for (const auto& point : search) {
      if (point.efficiency[k] >= 0.5) {
        smallest = &point;
        break;
      }
    }
    if (smallest) {
      std::printf("smallest chunk with >= 50%% efficiency on %s: %lld\n",
                  setup.networks[k].name.c_str(), static_cast<long long>(smallest->chunk));
    } else {
      std::printf("no chunk searched reaches 50%% efficiency on %s\n",
                  setup.networks[k].name.c_str());
    }
  }
}

int run_bench_scaling(BenchScalingOptions options) {
  auto& setup = options.setup;
  setup.networks = {{"ib", options.ib_latency, options.ib_bandwidth},
                    {"10gbe", options.ethernet_latency, options.ethernet_bandwidth}};
  setup.message_overhead = options.message_overhead;
  setup.node_counts.clear();
  for (int nodes = 1; nodes <= options.max_nodes; nodes *= 2) setup.node_counts.push_back(nodes);
  if (!options.no_search) {
    for (std::int64_t chunk = 1 << 8; chunk <= (1 << 22); chunk *= 2) {
      setup.search_chunks.push_back(chunk);
    }
  }
  std::ostringstream discard;
  std::ostream& log = options.quiet ? discard : std::cerr;
  setup.task_overhead = options.task_overhead >= 0 ? options.task_overhead
                                                   : measure_task_overhead(100'000, setup.repeat);
  log << "task overhead " << setup.task_overhead * 1e6 << " us; calibrating\n";
  const auto calibration = calibrate(setup);
  const auto tables = scaling_tables(setup, calibration, log);
  const auto search = chunk_search(setup, log);
  if (options.format == "json") {
    print_json(options, calibration, tables, search);
  } else {
    print_tables(options, calibration, tables, search);
  }
  return 0;
}

void add_seconds(CLI::App& app, const char* flag, double& value, const char* help) {
  app.add_option(flag, value, help)
      ->type_name("S")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
}

void add_rate(CLI::App& app, const char* flag, double& value, const char* help) {
  app.add_option(flag, value, help)
      ->type_name("B/S")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
}

}  // namespace

Command add_bench_scaling_command(CLI::App& bench) {
  auto options = std::make_shared<BenchScalingOptions>();
  auto* app = bench.add_subcommand(
      "scaling",
      "The scaling model: the real pi and rechunk graphs with the MPI owner map, replayed with "
      "task times measured here on model clusters of up to 1,024 nodes (docs/scaling.md)");
  auto& s = options->setup;
  const auto integer = [&](const char* flag, auto& value, const char* help, std::uint64_t low,
                           std::uint64_t high) {
    app->add_option(flag, value, help)
        ->type_name("N")
        ->transform(integer_in(low, high))
        ->capture_default_str();
  };
  integer("--cores-per-node", s.cores_per_node, "Cores of a model node (its rank's threads)", 1,
          1 << 12);
  integer("--max-nodes", options->max_nodes, "Largest node count (1, 2, 4, ... up to it)", 1,
          1 << 14);
  integer("--chunk", s.chunk, "Samples per pi block", 1, 1 << 30);
  integer("--samples-per-node", s.samples_per_node, "pi weak scaling: samples per node", 1,
          std::int64_t{1} << 40);
  integer("--strong-samples", s.strong_samples, "pi strong scaling: samples in all", 1,
          std::int64_t{1} << 44);
  integer("--rechunk-elements-per-node", s.rechunk_elements_per_node,
          "rechunk weak scaling: float64 per node", 1, std::int64_t{1} << 34);
  integer("--rechunk-blocks-per-node", s.rechunk_blocks_per_node,
          "rechunk weak scaling: row blocks per node", 1, 1024);
  integer("--rechunk-strong-n", s.rechunk_strong_n,
          "rechunk strong scaling: rows and columns of the matrix", 1, 1 << 20);
  integer("--rechunk-strong-blocks", s.rechunk_strong_blocks,
          "rechunk strong scaling: row blocks (and column blocks)", 1, 1 << 14);
  integer("--max-tasks", s.max_tasks,
          "Leave out node counts whose graph would have more tasks than this", 1,
          std::int64_t{1} << 32);
  integer("--search-nodes", s.search_nodes, "Nodes of the chunk search", 1, 1 << 14);
  integer("--search-blocks-per-node", s.search_blocks_per_node,
          "pi blocks per node in the chunk search", 1, 1 << 16);
  integer("--repeat", s.repeat, "Calibration runs; medians are used", 1, 1000);
  add_seconds(*app, "--ib-latency", options->ib_latency, "InfiniBand-class one-way latency");
  add_rate(*app, "--ib-bandwidth", options->ib_bandwidth,
           "InfiniBand-class bandwidth per node and direction");
  add_seconds(*app, "--ethernet-latency", options->ethernet_latency,
              "10 GbE-class one-way latency");
  add_rate(*app, "--ethernet-bandwidth", options->ethernet_bandwidth,
           "10 GbE-class bandwidth per node and direction");
  add_seconds(*app, "--message-overhead", options->message_overhead,
              "Software cost per message on each end (measured by `dagarray bench mpi`)");
  app->add_option("--task-overhead", options->task_overhead,
                  "Scheduler cost per task; negative: measure it here")
      ->type_name("S")
      ->capture_default_str();
  app->add_flag("--no-search", options->no_search, "Skip the chunk search");
  app->add_flag("--quiet", options->quiet, "No progress lines on standard error");
  app->add_option("--format", options->format, "Output: table (aligned) or json")
      ->type_name("FORMAT")
      ->check(CLI::IsMember({"table", "json"}))
      ->capture_default_str();
  return {app, [=] { return run_bench_scaling(*options); }};
}

}  // namespace dagarray::cli
