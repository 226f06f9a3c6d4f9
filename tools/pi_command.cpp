// `dagarray pi`: the lesson's estimate of π, computed every way it compares (loop, eager,
// lazy, sync, and a hand-written reference), each measured in a process of its own.

#include <algorithm>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "command.hpp"
#include "pi_options.hpp"
#include "pi_report.hpp"
#include "run_mode_command.hpp"

namespace dagarray::cli {

namespace {

struct PiCommandOptions {
  PiOptions pi;
  std::vector<std::string> modes = {"loop", "eager", "lazy", "sync"};
  std::string format = "table";
};

int run_pi(const PiCommandOptions& options) {
  const auto problem = options.pi.problem();
  // The library checks n and chunk as it builds the graph: a bad value is a usage error
  // here, before any child starts. Building computes nothing, so this process stays small.
  lazy_inside(problem);

  std::vector<PiMode> modes;
  for (const auto& name : options.modes) {
    const auto mode = pi_mode_from_name(name);
    if (std::find(modes.begin(), modes.end(), mode) == modes.end()) modes.push_back(mode);
  }
  std::vector<PiRow> rows;
  for (const auto mode : modes) rows.push_back({mode, measure_in_child(mode, options.pi)});

  if (options.format == "json") {
    print_pi_json(std::cout, problem, rows);
  } else {
    print_pi_table(std::cout, problem, options.pi.repeat, rows);
  }
  return 0;
}

}  // namespace

Command add_pi_command(CLI::App& dagarray) {
  auto options = std::make_shared<PiCommandOptions>();
  auto* app = dagarray.add_subcommand(
      "pi", "Estimate pi by Monte Carlo in several ways and compare time and memory");
  app->footer(
      "Each mode runs in a child process of its own; peak memory is that process's peak "
      "resident set.\nlazy, sync, eager and handwritten draw the same samples and give the "
      "same estimate.");
  add_pi_options(*app, options->pi);
  app->add_option("--modes", options->modes,
                  "Comma-separated modes: loop (a plain <random> loop), eager (whole arrays, "
                  "NumPy-like), lazy (a chunked task graph on oneTBB), sync (that graph on one "
                  "thread), handwritten (a fused oneTBB loop; the reference)")
      ->type_name("MODE")
      ->delimiter(',')
      ->check(CLI::IsMember(pi_mode_names()))
      ->default_str("loop,eager,lazy,sync");
  app->add_option("--format", options->format, "Output: table (aligned) or json (an array)")
      ->type_name("FORMAT")
      ->check(CLI::IsMember({"table", "json"}))
      ->capture_default_str();
  return {app, [options] { return run_pi(*options); }};
}

}  // namespace dagarray::cli
