#include "pi_mpi.hpp"

#include <dagarray/mpi.hpp>

#include <algorithm>
#include <iostream>
#include <stdexcept>

#include "pi_report.hpp"
#include "rank_figures.hpp"
#include "run_mode_command.hpp"
#include "tool_progress.hpp"

namespace dagarray::cli {

namespace {

/// @brief `repeat` computes of `mode` on every rank; m, rank 0's median wall time and the
/// graph's tasks, as the child process of the other schedulers reports them.
ModeMeasurement measure_on_mpi(PiMode mode, const PiProblem& problem, int repeat, bool progress) {
  const ToolObservers observers(progress);
  auto options = pi_compute_options(mode, problem);
  options.scheduler = Scheduler::mpi;
  options.num_threads = problem.threads;
  options.observers = observers.list();
  const auto timing =
      time_runs(mode, repeat, [&] { return lazy_inside(problem).compute(options).item(); });
  return {timing.inside, timing.seconds, graph_tasks(mode, problem), peak_rss_bytes()};
}

}  // namespace

bool runs_on_mpi(PiMode mode) {
  return mode == PiMode::lazy || mode == PiMode::lazy_unfused;
}

int run_pi_mpi(const PiOptions& options, const std::vector<std::string>& modes,
               const std::string& format) {
  const auto problem = options.problem();
  lazy_inside(problem);  // checks n and chunk before MPI starts
  std::vector<PiMode> chosen;
  for (const auto& name : modes) {
    const auto mode = pi_mode_from_name(name);
    if (!runs_on_mpi(mode)) {
      throw std::invalid_argument("--modes = " + name +
                                  ": with --scheduler mpi only lazy and lazy-unfused run");
    }
    if (std::find(chosen.begin(), chosen.end(), mode) == chosen.end()) chosen.push_back(mode);
  }

  mpi::Environment environment;
  const bool rank0 = environment.rank() == 0;
  std::vector<PiRow> rows;
  for (const auto mode : chosen) {
    auto measured = measure_on_mpi(mode, problem, options.repeat, rank0 && !options.no_progress);
    const auto rank_tasks = gather_to_rank0(mpi::last_compute_stats().tasks);
    const auto peaks = gather_to_rank0(measured.peak_rss_bytes);
    if (!rank0) continue;
    measured.peak_rss_bytes = *std::max_element(peaks.begin(), peaks.end());
    auto row = pi_row(mode, problem, measured);
    row.rank_tasks = rank_tasks;
    rows.push_back(std::move(row));
  }
  if (!rank0) return 0;
  if (format == "json") {
    print_pi_json(std::cout, problem, rows);
  } else {
    print_pi_table(std::cout, problem, options.repeat, rows);
  }
  return 0;
}

}  // namespace dagarray::cli
