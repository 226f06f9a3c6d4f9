#pragma once
// What `dagarray pi` prints: an aligned table for people, or JSON for scripts.

#include <cstdint>
#include <ostream>
#include <span>

#include "pi_modes.hpp"
#include "run_mode_command.hpp"

namespace dagarray::cli {

struct PiRow {
  PiMode mode;
  ModeMeasurement measured;
};

/// @brief A header naming N, chunk, threads and repeat, then one row per mode: mode, pi,
/// error, seconds, ns/sample, peak memory, tasks.
void print_pi_table(std::ostream& out, const PiProblem& problem, int repeat,
                    std::span<const PiRow> rows);

/// @brief A JSON array of {mode, pi, seconds, ns_per_sample, peak_rss_bytes, tasks}; pi and
/// ns_per_sample are null when n = 0.
void print_pi_json(std::ostream& out, const PiProblem& problem, std::span<const PiRow> rows);

}  // namespace dagarray::cli
