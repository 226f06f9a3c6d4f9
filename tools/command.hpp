#pragma once
// A subcommand of `dagarray`. Each command's file adds its CLI11 subcommand (options bound to
// state the command owns) and hands back what to run once parsing succeeds; main.cpp only
// lists the commands, so a new one (graph, serve, bench) is one file and one line there.

#include <CLI/CLI.hpp>

#include <functional>

namespace dagarray::cli {

/// @brief Exit status for a wrong flag or value, or arguments the library rejects.
inline constexpr int kUsageError = 2;
/// @brief Exit status for a failure while running (a measurement process failed, I/O).
inline constexpr int kRunFailure = 1;

/// @brief A registered subcommand and what it does; run() returns the exit status and may
/// throw std::invalid_argument (usage, exit 2) or another std::exception (failure, exit 1).
struct Command {
  CLI::App* app;
  std::function<int()> run;
  /// Long work that SIGINT and SIGTERM stop (interruption.hpp), exiting with 128 + the signal.
  bool interruptible = false;
};

/// @brief `dagarray pi`: π by Monte Carlo, computed and timed in several ways.
Command add_pi_command(CLI::App& dagarray);

/// @brief `dagarray graph`: a task graph as JSON, DOT or a self-contained HTML viewer.
Command add_graph_command(CLI::App& dagarray);

/// @brief `dagarray serve`: a graph and the viewer that draws it, over HTTP until Ctrl-C.
Command add_serve_command(CLI::App& dagarray);

/// @brief `dagarray bench`: pi, overhead and memory benchmarks.
Command add_bench_command(CLI::App& dagarray);

/// @brief `dagarray profile`: the pi pipeline profiled, as a Chrome trace and a summary.
Command add_profile_command(CLI::App& dagarray);

/// @brief `dagarray info`: version, kernel level, libraries and components, for bug reports.
Command add_info_command(CLI::App& dagarray);

/// @brief The hidden subcommand `pi` runs in a child process to measure one mode.
Command add_run_mode_command(CLI::App& dagarray);

}  // namespace dagarray::cli
