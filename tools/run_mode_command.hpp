#pragma once
// Measuring one mode of `pi` in a process of its own. The parent re-runs this program as
// `dagarray __run-mode --mode lazy --n ... --repeat R`; the child runs the mode R times and
// prints one JSON line {"inside", "seconds", "tasks"}; the parent adds the child's peak memory.
// Both sides of that exchange live here.

#include <cstdint>

#include "pi_modes.hpp"
#include "pi_options.hpp"

namespace dagarray::cli {

struct ModeMeasurement {
  std::int64_t inside;  ///< m, the points inside the circle
  double seconds;       ///< median wall time of one run
  std::int64_t tasks;   ///< tasks in its graph; 0 without one
  std::int64_t peak_rss_bytes;
};

/// @brief Runs `mode` in a child process and reads what it measured.
/// @throws std::runtime_error naming the mode when the child fails.
ModeMeasurement measure_in_child(PiMode mode, const PiOptions& options);

}  // namespace dagarray::cli
