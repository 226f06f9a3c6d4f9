#include "bench_workloads.hpp"

#include <unistd.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <map>
#include <memory>
#include <stdexcept>

#include "child_process.hpp"
#include "integer_option.hpp"

namespace dagarray::cli {

namespace {

constexpr const char* kRunWorkload = "__run-workload";
constexpr const char* kCopy = "copy";  // the child's name for the bandwidth reference
/// Debian's own interpreter, which has Debian's numpy and dask.
constexpr const char* kPython = "/usr/bin/python3";

struct BenchWorkloadsOptions {
  WorkloadSizes sizes;
  std::vector<std::string> workloads = workload_names();
  std::vector<std::string> modes = {"eager", "lazy-unfused", "lazy", "lazy-persist"};
  int repeat = 5;
  bool peers = false;
  std::string peers_script =
      std::filesystem::path(DAGARRAY_PEERS_SCRIPT).replace_filename("workloads_peers.py");
  std::string format = "table";
};

/// What the child measures: a workload in one mode, or (workload "copy") the bandwidth.
struct RunWorkloadOptions {
  WorkloadSizes sizes;
  std::string workload;
  std::string mode = "lazy";
  int repeat = 5;
};

void add_size_options(CLI::App& app, WorkloadSizes& sizes) {
  const auto count = [&](const char* flag, std::int64_t& value, const char* help,
                         std::uint64_t minimum) {
    app.add_option(flag, value, help)
        ->type_name("N")
        ->transform(integer_in(minimum, 1'000'000))
        ->capture_default_str();
  };
  count("--rows", sizes.rows, "Rows of the matrix of standardize and histogram", 1);
  count("--cols", sizes.cols, "Columns of that matrix", 1);
  count("--chunk-rows", sizes.chunk_rows, "Rows per block of that matrix (blocks span all columns)",
        1);
  count("--grid", sizes.grid, "Rows and columns of the stencil's grid", 3);
  count("--grid-chunk-rows", sizes.grid_chunk_rows, "Rows per block of the grid", 1);
  app.add_option("--threads", sizes.threads, "Worker threads; 0 means every core")
      ->type_name("T")
      ->transform(integer_in(0, 1 << 16))
      ->capture_default_str();
}

void add_repeat_option(CLI::App& app, int& repeat) {
  app.add_option("--repeat", repeat, "Runs per mode; the median is reported")
      ->type_name("R")
      ->transform(integer_in(1, 1000))
      ->capture_default_str();
}

std::vector<std::string> size_arguments(const WorkloadSizes& sizes, int repeat) {
  return {"--rows",
          std::to_string(sizes.rows),
          "--cols",
          std::to_string(sizes.cols),
          "--chunk-rows",
          std::to_string(sizes.chunk_rows),
          "--grid",
          std::to_string(sizes.grid),
          "--grid-chunk-rows",
          std::to_string(sizes.grid_chunk_rows),
          "--threads",
          std::to_string(sizes.threads),
          "--repeat",
          std::to_string(repeat)};
}

// ---- the child side

int run_workload(const RunWorkloadOptions& options) {
  if (options.workload == kCopy) {
    const nlohmann::json line = {
        {"bytes_per_second", copy_bandwidth(options.sizes, options.repeat)}};
    std::cout << line.dump() << std::endl;
    return 0;
  }
  const auto timing =
      time_workload(workload_from_name(options.workload), workload_mode_from_name(options.mode),
                    options.sizes, options.repeat);
  const nlohmann::json line = {
      {"seconds", timing.seconds}, {"result", timing.result}, {"tasks", timing.tasks}};
  std::cout << line.dump() << std::endl;
  return 0;
}

// ---- the parent side

/// The child's last line parsed, with its peak memory, or an error naming what it ran.
std::pair<nlohmann::json, std::int64_t> run_child(const std::string& workload,
                                                  const std::string& mode,
                                                  const BenchWorkloadsOptions& options) {
  auto arguments = size_arguments(options.sizes, options.repeat);
  arguments.insert(arguments.begin(),
                   {"bench", kRunWorkload, "--workload", workload, "--mode", mode});
  const auto child = run_self(arguments);
  const auto end = child.output.find_last_not_of('\n');
  const auto start = end == std::string::npos ? 0 : child.output.rfind('\n', end) + 1;
  const auto said = end == std::string::npos ? "" : child.output.substr(start, end + 1 - start);
  const auto what = workload == kCopy ? std::string(kCopy) : workload + " " + mode;
  if (!child.succeeded()) {
    throw std::runtime_error(what + " failed (" + child.how_it_ended() + ")" +
                             (said.empty() ? "" : ": " + said));
  }
  auto line = nlohmann::json::parse(said, nullptr, /*allow_exceptions=*/false);
  if (line.is_discarded() || !line.is_object()) {
    throw std::runtime_error(what + ": the measuring process printed \"" + said +
                             "\", not a result");
  }
  return {std::move(line), child.peak_rss_bytes};
}

WorkloadRow measure_mode(const std::string& workload, const std::string& mode,
                         const BenchWorkloadsOptions& options) {
  const auto [line, peak] = run_child(workload, mode, options);
  const auto tasks = line.at("tasks").get<std::int64_t>();  // 0: eager, no graph
  return {workload,
          mode,
          line.at("seconds").get<double>(),
          peak,
          tasks > 0 ? std::optional(tasks) : std::nullopt,
          line.at("result").get<std::vector<double>>()};
}

/// The peers' rows; none (said on stderr) without python3, the script, or when it fails.
std::vector<WorkloadRow> measure_peers(const BenchWorkloadsOptions& options) {
  if (access(kPython, X_OK) != 0) {
    std::cerr << "bench: " << kPython << " not found (apt-get install python3); no peers\n";
    return {};
  }
  if (access(options.peers_script.c_str(), R_OK) != 0) {
    std::cerr << "bench: peers script " << options.peers_script << " not found; no peers\n";
    return {};
  }
  auto arguments = size_arguments(options.sizes, options.repeat);
  std::string workloads;
  for (const auto& w : options.workloads) {
    if (!workloads.empty()) workloads += ',';
    workloads += w;
  }
  arguments.insert(arguments.begin(),
                   {options.peers_script, "--workloads", workloads, "--format", "json"});
  const auto child = run_program(kPython, arguments, /*capture_stderr=*/false);
  if (!child.succeeded()) {
    std::cerr << "bench: the peers script failed (" << child.how_it_ended() << "); no peers\n";
    return {};
  }
  std::vector<WorkloadRow> rows;
  try {
    for (const auto& line : nlohmann::json::parse(child.output)) {
      const auto& tasks = line.at("tasks");
      rows.push_back({line.at("workload").get<std::string>(), line.at("mode").get<std::string>(),
                      line.at("seconds").get<double>(),
                      line.at("peak_rss_bytes").get<std::int64_t>(),
                      tasks.is_null() ? std::nullopt : std::optional(tasks.get<std::int64_t>()),
                      line.at("result").get<std::vector<double>>()});
    }
  } catch (const nlohmann::json::exception& e) {
    std::cerr << "bench: the peers script printed no rows (" << e.what() << "); no peers\n";
    return {};
  }
  return rows;
}

/// The ratios of one row, against the copy and against lazy dagarray measured in this run.
struct Ratios {
  double bytes_per_second;
  double of_copy;                 ///< bandwidth / the copy's
  std::optional<double> of_lazy;  ///< seconds / lazy's seconds: how many times slower
};

Ratios ratios_of(const WorkloadRow& row, const std::vector<WorkloadRow>& rows,
                 const WorkloadSizes& sizes, double copy) {
  const auto bytes = static_cast<double>(workload_bytes(workload_from_name(row.workload), sizes));
  const double bandwidth = row.seconds > 0 ? bytes / row.seconds : 0.0;
  std::optional<double> of_lazy;
  for (const auto& other : rows) {
    if (other.workload == row.workload && other.mode == "lazy" && other.seconds > 0) {
      of_lazy = row.seconds / other.seconds;
    }
  }
  return {bandwidth, copy > 0 ? bandwidth / copy : 0.0, of_lazy};
}

std::string result_text(const std::vector<double>& result) {
  std::string text;
  char number[32];
  for (const auto value : result) {
    std::snprintf(number, sizeof number, "%.6g", value);
    if (!text.empty()) text += '/';
    text += number;
  }
  return text;
}

std::string mib(std::int64_t bytes) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f MiB", static_cast<double>(bytes) / (1 << 20));
  return text;
}

std::string input_text(Workload workload, const WorkloadSizes& sizes) {
  const auto chunks = workload_chunks(workload, sizes);
  const auto rows = workload == Workload::stencil ? sizes.grid : sizes.rows;
  const auto cols = workload == Workload::stencil ? sizes.grid : sizes.cols;
  const auto input_bytes = rows * cols * static_cast<std::int64_t>(sizeof(double));
  const auto passes = workload_bytes(workload, sizes) / std::max<std::int64_t>(input_bytes, 1);
  char text[200];
  std::snprintf(text, sizeof text,
                "%lld x %lld float64 (%s) in blocks of %lld x %lld; reads at least %s "
                "(%lld pass%s)",
                static_cast<long long>(rows), static_cast<long long>(cols),
                mib(input_bytes).c_str(), static_cast<long long>(chunks[0]),
                static_cast<long long>(chunks[1]), mib(workload_bytes(workload, sizes)).c_str(),
                static_cast<long long>(passes), passes == 1 ? "" : "es");
  return text;
}

void print_table(const BenchWorkloadsOptions& options, const std::vector<WorkloadRow>& rows,
                 double copy) {
  const auto threads =
      options.sizes.threads == 0 ? std::string("all cores") : std::to_string(options.sizes.threads);
  std::printf(
      "workloads: median of %d runs, threads = %s; copy (STREAM-style, %lld x %lld float64, "
      "read + write): %.2f GB/s\n",
      options.repeat, threads.c_str(), static_cast<long long>(options.sizes.rows),
      static_cast<long long>(options.sizes.cols), copy / 1e9);
  for (const auto& name : options.workloads) {
    const auto workload = workload_from_name(name);
    std::printf("\n%s: %s\n  %s\n", name.c_str(), workload_formula(workload).c_str(),
                input_text(workload, options.sizes).c_str());
    std::printf("%-13s %9s %12s %7s %7s %7s %7s  %s\n", "mode", "seconds", "peak memory", "GB/s",
                "x copy", "x lazy", "tasks", "result");
    for (const auto& row : rows) {
      if (row.workload != name) continue;
      const auto r = ratios_of(row, rows, options.sizes, copy);
      const auto of_lazy = r.of_lazy ? std::to_string(*r.of_lazy).substr(0, 5) : "-";
      const auto tasks = row.tasks ? std::to_string(*row.tasks) : "-";
      std::printf("%-13s %9.4f %12s %7.2f %7.2f %7s %7s  %s\n", row.mode.c_str(), row.seconds,
                  mib(row.peak_rss_bytes).c_str(), r.bytes_per_second / 1e9, r.of_copy,
                  of_lazy.c_str(), tasks.c_str(), result_text(row.result).c_str());
    }
  }
}

void print_json(const BenchWorkloadsOptions& options, const std::vector<WorkloadRow>& rows,
                double copy) {
  auto out = nlohmann::ordered_json::array();
  for (const auto& row : rows) {
    const auto r = ratios_of(row, rows, options.sizes, copy);
    out.push_back({{"workload", row.workload},
                   {"mode", row.mode},
                   {"seconds", row.seconds},
                   {"peak_rss_bytes", row.peak_rss_bytes},
                   {"tasks", row.tasks ? nlohmann::ordered_json(*row.tasks) : nullptr},
                   {"result", row.result},
                   {"bytes", workload_bytes(workload_from_name(row.workload), options.sizes)},
                   {"bytes_per_second", r.bytes_per_second},
                   {"copy_bytes_per_second", copy},
                   {"ratio_to_copy", r.of_copy},
                   {"ratio_to_lazy", r.of_lazy ? nlohmann::ordered_json(*r.of_lazy) : nullptr}});
  }
  std::cout << out.dump(2) << '\n';
}

int run_bench_workloads(const BenchWorkloadsOptions& options) {
  // The copy first, each mode in turn, then the peers: all in this one run.
  const auto copy = run_child(kCopy, "lazy", options).first.at("bytes_per_second").get<double>();
  std::vector<WorkloadRow> rows;
  for (const auto& workload : options.workloads) {
    for (const auto& mode : options.modes) {
      // lazy-persist means something for standardize alone: the others are skipped, not failed.
      if (!workload_mode_applies(workload_from_name(workload), workload_mode_from_name(mode))) {
        continue;
      }
      rows.push_back(measure_mode(workload, mode, options));
    }
  }
  if (options.peers) {
    for (auto& row : measure_peers(options)) rows.push_back(std::move(row));
  }
  // Grouped by workload, in the order of --workloads; within one, dagarray first.
  std::stable_sort(rows.begin(), rows.end(), [&](const auto& a, const auto& b) {
    const auto rank = [&](const std::string& w) {
      return std::find(options.workloads.begin(), options.workloads.end(), w) -
             options.workloads.begin();
    };
    return rank(a.workload) < rank(b.workload);
  });
  if (options.format == "json") {
    print_json(options, rows, copy);
  } else {
    print_table(options, rows, copy);
  }
  return 0;
}

}  // namespace

std::vector<Command> add_bench_workloads_commands(CLI::App& bench) {
  auto options = std::make_shared<BenchWorkloadsOptions>();
  auto* app = bench.add_subcommand(
      "workloads",
      "Standardising a matrix, a stencil step, a where-histogram: dagarray lazy and eager "
      "against NumPy and Dask, with the bandwidth of a copy measured in the same run");
  add_size_options(*app, options->sizes);
  add_repeat_option(*app, options->repeat);
  app->add_option("--workloads", options->workloads, "Which workloads, in this order")
      ->type_name("NAME")
      ->delimiter(',')
      ->check(CLI::IsMember(workload_names()))
      ->default_str("standardize,stencil,histogram");
  app->add_option("--modes", options->modes,
                  "dagarray modes: eager, lazy (fused graph), lazy-unfused (graph as built), "
                  "lazy-persist (standardize only: the column statistics persisted first)")
      ->type_name("MODE")
      ->delimiter(',')
      ->check(CLI::IsMember(workload_mode_names()))
      ->default_str("eager,lazy-unfused,lazy,lazy-persist");
  app->add_flag("--peers", options->peers,
                "Also time NumPy and Dask (bench/peers/workloads_peers.py under /usr/bin/python3)");
  app->add_option("--peers-script", options->peers_script, "The peers script")
      ->type_name("FILE")
      ->capture_default_str();
  app->add_option("--format", options->format, "Output: table (aligned) or json")
      ->type_name("FORMAT")
      ->check(CLI::IsMember({"table", "json"}))
      ->capture_default_str();

  auto child = std::make_shared<RunWorkloadOptions>();
  auto* child_app = bench.add_subcommand(kRunWorkload, "Measures one workload mode");
  child_app->group("");  // hidden: run by `bench workloads` itself
  add_size_options(*child_app, child->sizes);
  add_repeat_option(*child_app, child->repeat);
  auto names = workload_names();
  names.push_back(kCopy);
  child_app->add_option("--workload", child->workload, "The workload, or copy")
      ->required()
      ->check(CLI::IsMember(names));
  child_app->add_option("--mode", child->mode, "The mode")
      ->check(CLI::IsMember(workload_mode_names()));

  return {{app, [options] { return run_bench_workloads(*options); }},
          {child_app, [child] { return run_workload(*child); }}};
}

}  // namespace dagarray::cli
