#pragma once
// What `dagarray pi` and `dagarray bench pi` print: an aligned table for people, or JSON for
// scripts. A row is one way of computing the estimate: a mode of dagarray's or a Python peer.

#include <cstdint>
#include <optional>
#include <ostream>
#include <span>
#include <string>
#include <vector>

#include "pi_modes.hpp"
#include "run_mode_command.hpp"

namespace dagarray::cli {

struct PiRow {
  std::string mode;
  double pi;  ///< NaN when n = 0
  double seconds;
  std::int64_t peak_rss_bytes;
  std::optional<std::int64_t> tasks;  ///< for the ways that run a task graph
  /// Under `--scheduler mpi`: the tasks each rank ran, by rank (empty otherwise).
  std::vector<std::int64_t> rank_tasks = {};
};

/// @brief The row of a dagarray mode from what its process measured.
PiRow pi_row(PiMode mode, const PiProblem& problem, const ModeMeasurement& measured);

/// @brief A header naming N, chunk, threads and repeat, then one row per mode: mode, pi,
/// error, seconds, ns/sample, peak memory, tasks; with `ratios`, also each row's time over
/// the hand-written loop's (when a row is named handwritten); for a row with rank_tasks, a
/// line with the rank count and each rank's share of the tasks.
void print_pi_table(std::ostream& out, const PiProblem& problem, int repeat,
                    std::span<const PiRow> rows, bool ratios = false);

/// @brief A JSON array of {mode, pi, seconds, ns_per_sample, peak_rss_bytes, tasks}, and
/// ratio_to_handwritten with `ratios`, ranks and rank_tasks for a row with rank_tasks; pi and
/// ns_per_sample are null when n = 0.
void print_pi_json(std::ostream& out, const PiProblem& problem, std::span<const PiRow> rows,
                   bool ratios = false);

}  // namespace dagarray::cli
