// `dagarray pi`: the lesson's estimate of π, computed every way it compares (loop, eager, lazy
// fused and unfused on either scheduler, and a hand-written reference), each measured in a
// process of its own.

#include <dagarray/scheduler/options.hpp>

#include <algorithm>
#include <iostream>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "command.hpp"
#include "integer_option.hpp"
#include "pi_command.hpp"
#include "pi_dashboard.hpp"
#include "pi_options.hpp"
#include "pi_report.hpp"
#include "run_mode_command.hpp"
#ifdef DAGARRAY_HAVE_MPI
#include "pi_mpi.hpp"
#endif

namespace dagarray::cli {

namespace {

struct PiCommandOptions {
  PiOptions pi;
  std::vector<std::string> modes = {"loop", "eager", "lazy", "lazy-sync"};
  std::string format = "table";
  std::string scheduler = std::string(scheduler_name(Scheduler::threads));
  bool dashboard = false;
  PiDashboardOptions live;
  CLI::Option* modes_option = nullptr;
};

/// @brief `--scheduler mpi`: the lazy modes (lazy unless --modes says otherwise) on every
/// rank of the mpirun job.
int run_pi_on_mpi(const PiCommandOptions& options) {
  if (options.dashboard) {
    throw std::invalid_argument("--dashboard: not with --scheduler mpi");
  }
  const bool modes_given = options.modes_option->count() > 0;
#ifdef DAGARRAY_HAVE_MPI
  return run_pi_mpi(options.pi, modes_given ? options.modes : std::vector<std::string>{"lazy"},
                    options.format);
#else
  (void)modes_given;
  throw std::invalid_argument(
      "--scheduler = mpi: this dagarray was built without MPI (install libopenmpi-dev and "
      "rebuild)");
#endif
}

int run_pi(const PiCommandOptions& options) {
  if (options.scheduler == scheduler_name(Scheduler::mpi)) return run_pi_on_mpi(options);
  if (options.dashboard) {
    // Without --modes, the dashboard shows the lazy mode: the others run no graph.
    const bool modes_given = options.modes_option->count() > 0;
    return run_pi_dashboard(options.pi,
                            modes_given ? options.modes : std::vector<std::string>{"lazy"},
                            options.format, options.live);
  }
  const auto problem = options.pi.problem();
  const auto rows = measure_pi_modes(options.pi, options.modes);

  if (options.format == "json") {
    print_pi_json(std::cout, problem, rows);
  } else {
    print_pi_table(std::cout, problem, options.pi.repeat, rows);
  }
  return 0;
}

}  // namespace

std::vector<PiRow> measure_pi_modes(const PiOptions& options,
                                    const std::vector<std::string>& mode_names) {
  const auto problem = options.problem();
  // The library checks n and chunk as it builds the graph: a bad value is a usage error
  // here, before any child starts. Building computes nothing, so this process stays small.
  lazy_inside(problem);

  std::vector<PiMode> modes;
  for (const auto& name : mode_names) {
    const auto mode = pi_mode_from_name(name);
    if (std::find(modes.begin(), modes.end(), mode) == modes.end()) modes.push_back(mode);
  }
  std::vector<PiRow> rows;
  for (const auto mode : modes)
    rows.push_back(pi_row(mode, problem, measure_in_child(mode, options)));
  return rows;
}

std::string pi_modes_help() {
  return "Comma-separated modes: loop (a plain <random> loop), eager (whole arrays, NumPy-like), "
         "lazy (the chunked task graph, fused, on oneTBB), lazy-sync (that graph on one "
         "thread), lazy-unfused and lazy-unfused-sync (the graph as built, one task per "
         "operation and chunk), handwritten (a fused oneTBB loop; the reference)";
}

Command add_pi_command(CLI::App& dagarray) {
  auto options = std::make_shared<PiCommandOptions>();
  auto* app = dagarray.add_subcommand(
      "pi", "Estimate pi by Monte Carlo in several ways and compare time and memory");
  app->footer(
      "Each mode runs in a child process of its own; peak memory is that process's peak "
      "resident set (with --dashboard, the graph modes run in this process instead).\nEvery "
      "mode but loop draws the same samples and gives the same estimate.");
  add_pi_options(*app, options->pi);
  options->modes_option = app->add_option("--modes", options->modes, pi_modes_help())
                              ->type_name("MODE")
                              ->delimiter(',')
                              ->check(CLI::IsMember(pi_mode_names()))
                              ->default_str("loop,eager,lazy,lazy-sync");
  app->add_option("--scheduler", options->scheduler,
                  "threads: each mode on its own scheduler (oneTBB, one thread for -sync), in a "
                  "process of its own; mpi: under mpirun, the lazy modes on every rank "
                  "(Scheduler::mpi), lazy unless --modes says otherwise, reported by rank 0")
      ->type_name("SCHEDULER")
      ->check(CLI::IsMember({std::string(scheduler_name(Scheduler::threads)),
                             std::string(scheduler_name(Scheduler::mpi))}))
      ->capture_default_str();
  app->add_option("--format", options->format, "Output: table (aligned) or json (an array)")
      ->type_name("FORMAT")
      ->check(CLI::IsMember({"table", "json"}))
      ->capture_default_str();
  auto* dashboard =
      app->add_flag("--dashboard", options->dashboard,
                    "Show the computes live in a browser (progress per layer, task stream, "
                    "memory, the graph by task state); graph modes only, lazy unless --modes "
                    "says otherwise; serves until Ctrl-C");
  app->add_option("--port", options->live.port, "Dashboard port; 0 picks a free one")
      ->type_name("PORT")
      ->transform(integer_in(0, 65535))
      ->capture_default_str()
      ->needs(dashboard);
  app->add_option("--host", options->live.host, "Dashboard address; loopback keeps it private")
      ->type_name("HOST")
      ->capture_default_str()
      ->needs(dashboard);
  app->add_flag("--dashboard-wait", options->live.wait,
                "Start computing only once a page has opened the dashboard")
      ->needs(dashboard);
  return {app, [options] { return run_pi(*options); }, /*interruptible=*/true};
}

}  // namespace dagarray::cli
