#include "pi_options.hpp"

#include <algorithm>
#include <limits>

#include "integer_option.hpp"

namespace dagarray::cli {

PiProblem PiOptions::problem() const {
  return {n, std::min(chunk, std::max<std::int64_t>(n, 1)), threads, seed};
}

void add_pi_options(CLI::App& command, PiOptions& options) {
  constexpr std::uint64_t kInt64Max = std::numeric_limits<std::int64_t>::max();
  constexpr std::uint64_t kSeedMax = std::numeric_limits<std::uint64_t>::max();
  // Limits that keep an int safe; far beyond what any machine runs.
  constexpr std::uint64_t kThreadsMax = 1 << 16;
  constexpr std::uint64_t kRepeatMax = 1'000'000;

  command
      .add_option("--n", options.n, "Samples (points in the square) to draw; 1e8 and 2.5e7 work")
      ->type_name("N")
      ->transform(integer_in(1, kInt64Max))  // no samples, no estimate: 0 is refused
      ->default_str("1e8");
  command
      .add_option("--chunk", options.chunk,
                  "Samples per block (the lazy modes, handwritten); a chunk larger than N is "
                  "clamped to N")
      ->type_name("N")
      ->transform(integer_in(1, kInt64Max))
      ->default_str("1e6");
  command
      .add_option("--threads", options.threads,
                  "Worker threads for eager, lazy, lazy-unfused and handwritten; 0 means every "
                  "core (loop and the -sync modes use one)")
      ->type_name("T")
      ->transform(integer_in(0, kThreadsMax))
      ->capture_default_str();
  command
      .add_option("--seed", options.seed,
                  "Random seed (loop feeds it to std::mt19937_64, the others to dagarray's "
                  "counter-based generator)")
      ->type_name("S")
      ->transform(integer_in(0, kSeedMax))
      ->capture_default_str();
  command
      .add_option("--repeat", options.repeat,
                  "Timed runs per mode; the median wall time is reported")
      ->type_name("R")
      ->transform(integer_in(1, kRepeatMax))
      ->capture_default_str();
  command.add_flag("--no-progress", options.no_progress,
                   "No progress bar (one shows on stderr for computes of more than a second: "
                   "redrawn on a terminal, a final line elsewhere)");
}

}  // namespace dagarray::cli
