// `dagarray bench`: the benchmarks of docs/benchmarks.md, each a subcommand. pi compares every
// way of computing the estimate (and the Python peers), overhead measures the cost per task,
// memory the peak memory of the lazy pipeline at a size eager arrays could not hold, observers
// what watching a compute costs, workloads three everyday pipelines against NumPy and Dask,
// mpi (under mpirun) the figures of Scheduler::mpi.

#include <nlohmann/json.hpp>

#include <cstdio>
#include <iostream>
#include <limits>
#include <memory>
#include <stdexcept>
#include <string>

#ifdef DAGARRAY_HAVE_MPI
#include "bench_mpi.hpp"
#endif
#include "bench_observers.hpp"
#include "bench_overhead.hpp"
#include "bench_peers.hpp"
#include "bench_scaling.hpp"
#include "bench_workloads.hpp"
#include "command.hpp"
#include "integer_option.hpp"
#include "pi_command.hpp"
#include "run_mode_command.hpp"

namespace dagarray::cli {

namespace {

struct BenchPiOptions {
  PiOptions pi;
  std::vector<std::string> modes = {"loop",         "eager", "lazy-unfused-sync",
                                    "lazy-unfused", "lazy",  "handwritten"};
  bool peers = false;
  std::string peers_script = DAGARRAY_PEERS_SCRIPT;
  std::string format = "table";
};

struct BenchOverheadOptions {
  std::int64_t tasks = 100'000;
  int repeat = 5;
  int threads = 0;
  std::string format = "table";
};

struct BenchObserverOptions {
  PiOptions pi{.repeat = 7};
  std::string format = "table";
};

struct BenchMemoryOptions {
  PiOptions pi{.n = 1'000'000'000, .chunk = 1'000'000, .threads = 0, .seed = 42, .repeat = 1};
  std::string format = "table";
};

void add_format(CLI::App& app, std::string& format) {
  app.add_option("--format", format, "Output: table (aligned) or json")
      ->type_name("FORMAT")
      ->check(CLI::IsMember({"table", "json"}))
      ->capture_default_str();
}

int run_bench_pi(const BenchPiOptions& options) {
  auto rows = measure_pi_modes(options.pi, options.modes);
  if (options.peers) {
    for (auto& row : measure_peers(options.pi, options.peers_script)) rows.push_back(row);
  }
  const auto problem = options.pi.problem();
  if (options.format == "json") {
    print_pi_json(std::cout, problem, rows, /*ratios=*/true);
  } else {
    print_pi_table(std::cout, problem, options.pi.repeat, rows, /*ratios=*/true);
  }
  return 0;
}

int run_bench_overhead(const BenchOverheadOptions& options) {
  const auto o = measure_overhead(options.tasks, options.repeat, options.threads);
  const auto per_task = [&](double seconds) { return seconds * 1e6 / double(o.tasks); };
  const double total = o.build_seconds + o.optimize_seconds + o.run_seconds;
  if (options.format == "json") {
    const nlohmann::ordered_json result = {
        {"tasks", o.tasks},
        {"us_per_task_build", per_task(o.build_seconds)},
        {"us_per_task_optimize", per_task(o.optimize_seconds)},
        {"us_per_task_run", per_task(o.run_seconds)},
        {"us_per_task_total", per_task(total)},
        {"tasks_1m", o.tasks_1m},
        {"seconds_build_1m", o.build_1m_seconds},
    };
    std::cout << result.dump(2) << '\n';
    return 0;
  }
  std::printf(
      "overhead: a sum over %lld one-element blocks, %lld trivial tasks as built; "
      "median of %d\n\n",
      static_cast<long long>(o.tasks * 7 / 15), static_cast<long long>(o.tasks), options.repeat);
  std::printf("%-10s  %10s  %9s\n", "step", "seconds", "us/task");
  const auto line = [&](const char* step, double seconds) {
    std::printf("%-10s  %10.4f  %9.3f\n", step, seconds, per_task(seconds));
  };
  line("build", o.build_seconds);
  line("optimize", o.optimize_seconds);
  line("run", o.run_seconds);
  line("total", total);
  std::printf("\nbuilding a graph of %lld tasks: %.3f s\n", static_cast<long long>(o.tasks_1m),
              o.build_1m_seconds);
  return 0;
}

int run_bench_memory(const BenchMemoryOptions& options) {
  const auto problem = options.pi.problem();
  const auto rows = measure_pi_modes(options.pi, {"lazy"});
  const auto& row = rows.front();
  if (options.format == "json") {
    const nlohmann::ordered_json result = {
        {"mode", row.mode},
        {"n", problem.n},
        {"chunk", problem.chunk},
        {"pi", row.pi},
        {"seconds", row.seconds},
        {"peak_rss_bytes", row.peak_rss_bytes},
        {"tasks", row.tasks.value_or(0)},
    };
    std::cout << result.dump(2) << '\n';
    return 0;
  }
  std::printf(
      "memory: lazy pi at N = %lld, chunk = %lld (%lld tasks): peak resident set "
      "%.1f MiB, %.2f s\n",
      static_cast<long long>(problem.n), static_cast<long long>(problem.chunk),
      static_cast<long long>(row.tasks.value_or(0)), double(row.peak_rss_bytes) / (1024.0 * 1024.0),
      row.seconds);
  return 0;
}

int run_bench_observers(const BenchObserverOptions& options) {
  const auto problem = options.pi.problem();
  lazy_inside(problem);  // checks n and chunk
  const auto costs = measure_observer_costs(problem, options.pi.repeat);
  if (options.format == "json") {
    auto rows = nlohmann::json::array();
    for (const auto& cost : costs) {
      rows.push_back({{"observer", cost.observer},
                      {"seconds", cost.seconds},
                      {"ns_per_sample", problem.n > 0 ? 1e9 * cost.seconds / problem.n : 0.0},
                      {"ratio_to_none", cost.ratio}});
    }
    std::cout << rows.dump(2) << std::endl;
    return 0;
  }
  std::printf(
      "lazy pi, N = %lld, chunk = %lld, median of %d rounds, one compute per observer "
      "per round\n",
      static_cast<long long>(problem.n), static_cast<long long>(problem.chunk), options.pi.repeat);
  std::printf("%-10s %10s %10s %8s\n", "observer", "seconds", "ns/sample", "x none");
  for (const auto& cost : costs) {
    std::printf("%-10s %10.4f %10.3f %8.3f\n", cost.observer.c_str(), cost.seconds,
                problem.n > 0 ? 1e9 * cost.seconds / problem.n : 0.0, cost.ratio);
  }
  return 0;
}

}  // namespace

Command add_bench_command(CLI::App& dagarray) {
  auto* bench = dagarray.add_subcommand(
      "bench",
      "Benchmarks: pi against the hand-written loop and Python, overhead per task, memory, "
      "observers, workloads, the scaling model");
  // At most one, and none is reported by the command itself: CLI11's "A subcommand is
  // required" would hide an unknown name (`bench bogus`), which then reads "not expected".
  bench->require_subcommand(0, 1);

  auto pi = std::make_shared<BenchPiOptions>();
  auto* pi_app = bench->add_subcommand(
      "pi", "Every way of computing pi, with each one's time over the hand-written loop's");
  add_pi_options(*pi_app, pi->pi);
  pi_app->add_option("--modes", pi->modes, pi_modes_help())
      ->type_name("MODE")
      ->delimiter(',')
      ->check(CLI::IsMember(pi_mode_names()))
      ->default_str("loop,eager,lazy-unfused-sync,lazy-unfused,lazy,handwritten");
  pi_app->add_flag(
      "--peers", pi->peers,
      "Also time NumPy, Dask and Numba (bench/peers/pi_peers.py under /usr/bin/python3)");
  pi_app->add_option("--peers-script", pi->peers_script, "The peers script")
      ->type_name("FILE")
      ->capture_default_str();
  add_format(*pi_app, pi->format);

  auto overhead = std::make_shared<BenchOverheadOptions>();
  auto* overhead_app = bench->add_subcommand(
      "overhead",
      "Microseconds per task of building, optimising and running a graph of trivial tasks");
  overhead_app->add_option("--tasks", overhead->tasks, "Tasks in the graph (about)")
      ->type_name("N")
      ->transform(integer_in(1, 100'000'000))
      ->default_str("100000");
  overhead_app->add_option("--repeat", overhead->repeat, "Measurements; the median is reported")
      ->type_name("R")
      ->transform(integer_in(1, 1000))
      ->capture_default_str();
  overhead_app->add_option("--threads", overhead->threads, "Worker threads; 0 means every core")
      ->type_name("T")
      ->transform(integer_in(0, 1 << 16))
      ->capture_default_str();
  add_format(*overhead_app, overhead->format);

  auto memory = std::make_shared<BenchMemoryOptions>();
  auto* memory_app = bench->add_subcommand(
      "memory", "Peak memory of the lazy pi pipeline, in a process of its own");
  add_pi_options(*memory_app, memory->pi);
  add_format(*memory_app, memory->format);

  auto observers = std::make_shared<BenchObserverOptions>();
  auto* observers_app = bench->add_subcommand(
      "observers",
      "What each observer (progress bar, profiler, resource profiler, dashboard) costs the "
      "lazy pi pipeline");
  add_pi_options(*observers_app, observers->pi);
  add_format(*observers_app, observers->format);

  auto workloads = add_bench_workloads_commands(*bench);
  const auto scaling = add_bench_scaling_command(*bench);
#ifdef DAGARRAY_HAVE_MPI
  workloads.push_back(add_bench_mpi_command(*bench));
#else
  // So that `bench mpi` says why it cannot run, rather than that it does not exist.
  auto* mpi_app = bench->add_subcommand("mpi", "Scheduler::mpi figures (this build has no MPI)");
  mpi_app->allow_extras();
  workloads.push_back({mpi_app, []() -> int {
                         throw std::invalid_argument(
                             "this dagarray was built without MPI (install libopenmpi-dev and "
                             "rebuild)");
                       }});
#endif

  return {bench,
          [=] {
            for (const auto& command : workloads) {
              if (command.app->parsed()) return command.run();
            }
            if (scaling.app->parsed()) return scaling.run();
            if (pi_app->parsed()) return run_bench_pi(*pi);
            if (observers_app->parsed()) return run_bench_observers(*observers);
            if (overhead_app->parsed()) return run_bench_overhead(*overhead);
            if (memory_app->parsed()) return run_bench_memory(*memory);
            std::string names;
            for (const auto* sub : bench->get_subcommands([](CLI::App*) { return true; })) {
              if (!sub->get_group().empty()) names += (names.empty() ? "" : ", ") + sub->get_name();
            }
            throw std::invalid_argument("a benchmark is required: " + names +
                                        " (see dagarray bench --help)");
          },
          /*interruptible=*/true};
}

}  // namespace dagarray::cli
