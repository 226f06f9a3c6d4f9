// `dagarray profile`: the π pipeline computed with the profiler and the resource profiler
// attached; writes a Chrome trace (Perfetto, chrome://tracing) and, on request, the graph JSON
// with every task's timing for the viewer's task stream; prints where the time went.

#include <dagarray/core/graph_json.hpp>

#include <cstdio>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "command.hpp"
#include "interruption.hpp"
#include "output_file.hpp"
#include "pi_modes.hpp"
#include "pi_options.hpp"
#include "tool_progress.hpp"

namespace dagarray::cli {

namespace {

struct ProfileOptions {
  PiOptions pi{.repeat = 1};
  std::string trace = "trace.json";
  std::string graph;
  bool raw = false;
  bool sync = false;
  double interval = 0.01;
};

std::string fixed(double value, int decimals) {
  char text[64];
  std::snprintf(text, sizeof text, "%.*f", decimals, value);
  return text;
}

/// Busy time per worker and time per op, of the last compute.
void print_summary(std::ostream& out, const Profiler& profiler, std::int64_t n, double pi) {
  const auto& compute = profiler.computes().back();
  const int last = static_cast<int>(profiler.computes().size()) - 1;
  const double wall = compute.end - compute.start;
  std::vector<double> busy(static_cast<std::size_t>(compute.workers), 0.0);
  struct OpTotal {
    std::int64_t tasks = 0;
    double seconds = 0;
  };
  std::map<std::string, OpTotal> ops;
  std::int64_t tasks = 0;
  for (const auto& task : profiler.results()) {
    if (task.compute != last) continue;
    ++tasks;
    busy[static_cast<std::size_t>(task.worker)] += task.end - task.start;
    auto& op = ops[task.op];
    ++op.tasks;
    op.seconds += task.end - task.start;
  }
  double all_busy = 0;
  for (double b : busy) all_busy += b;
  out << "pi ~ " << fixed(pi, 6) << " from " << n << " samples\n";
  out << "compute: " << fixed(wall, 4) << " s, " << tasks << " tasks on " << compute.workers
      << (compute.workers == 1 ? " worker" : " workers") << " ("
      << scheduler_name(compute.scheduler) << ", " << (compute.optimized ? "optimized" : "as built")
      << ")\n";
  out << "workers busy: " << fixed(wall > 0 ? 100.0 * all_busy / (wall * compute.workers) : 0.0, 0)
      << "% of " << compute.workers << " x " << fixed(wall, 4) << " s;";
  for (std::size_t w = 0; w < busy.size(); ++w) {
    out << " worker " << w << " " << fixed(busy[w], 4) << " s";
  }
  out << "\nby op:\n";
  for (const auto& [name, total] : ops) {
    out << "  " << name << ": " << total.tasks << " tasks, " << fixed(total.seconds, 4)
        << " s in all, " << fixed(1e3 * total.seconds / total.tasks, 3) << " ms each\n";
  }
}

int run_profile(const ProfileOptions& options) {
  const auto problem = options.pi.problem();
  const auto inside = lazy_inside(problem);
  if (!(options.interval >= ResourceProfiler::kMinInterval &&
        options.interval <= ResourceProfiler::kMaxInterval)) {
    char text[128];
    std::snprintf(text, sizeof text, "--interval: %g s must be in [%g, %g] s", options.interval,
                  ResourceProfiler::kMinInterval, ResourceProfiler::kMaxInterval);
    throw std::invalid_argument(text);
  }
  // Before the compute, which may take long: a path that cannot be written fails now.
  OutputFile trace("--output", options.trace);
  std::optional<OutputFile> graph_file;
  if (!options.graph.empty()) graph_file.emplace("--graph", options.graph);
  Profiler profiler;
  ResourceProfiler resources{std::chrono::duration<double>(options.interval)};
  const ToolObservers observers(!options.pi.no_progress, {&profiler, &resources});
  const ComputeOptions compute{.scheduler = options.sync ? Scheduler::sync : Scheduler::threads,
                               .num_threads = options.sync ? 1 : options.pi.threads,
                               .optimize = !options.raw,
                               .observers = observers.list(),
                               .stop = interruption_token()};
  std::int64_t m = 0;
  for (int run = 0; run < options.pi.repeat; ++run) m = inside.compute(compute).item();
  const double pi = problem.n == 0 ? 0.0 : 4.0 * static_cast<double>(m) / problem.n;

  trace.write(profiler.chrome_trace(&resources).dump() + "\n");
  if (graph_file) {
    const auto graph = to_json(inside, {.optimized = !options.raw, .profile = &profiler});
    graph_file->write(core::graph_json_text(graph));
  }
  print_summary(std::cout, profiler, problem.n, pi);
  std::cout << "trace: " << options.trace
            << " (open it in https://ui.perfetto.dev or chrome://tracing)\n";
  if (!options.graph.empty()) {
    std::cout << "graph with timings: " << options.graph << " (dagarray serve " << options.graph
              << ")\n";
  }
  return 0;
}

}  // namespace

Command add_profile_command(CLI::App& dagarray) {
  auto options = std::make_shared<ProfileOptions>();
  auto* app = dagarray.add_subcommand(
      "profile", "Profile the pi pipeline: a Chrome trace of every task, and where time went");
  app->footer(
      "The trace has one track per worker thread, one bar per task, and memory and CPU "
      "counters. --repeat R profiles R computes into one trace; the summary is the last.");
  add_pi_options(*app, options->pi);
  app->add_option("-o,--output", options->trace, "Chrome trace event JSON to write")
      ->type_name("FILE")
      ->capture_default_str();
  app->add_option("--graph", options->graph,
                  "Also write the graph JSON with each task's timing (format version 2), for "
                  "the viewer's task stream")
      ->type_name("FILE");
  app->add_flag("--raw", options->raw, "Profile the graph as built, not optimised (fused)");
  app->add_flag("--sync", options->sync, "Profile the one-thread scheduler");
  app->add_option("--interval", options->interval, "Seconds between memory and CPU samples")
      ->type_name("SECONDS")
      ->capture_default_str();
  return {app, [options] { return run_profile(*options); }, /*interruptible=*/true};
}

}  // namespace dagarray::cli
