#pragma once
// The options `pi` and the process measuring one of its modes share, so the child reads the
// parent's arguments exactly as the parent did.

#include <CLI/CLI.hpp>

#include <cstdint>

#include "pi_modes.hpp"

namespace dagarray::cli {

struct PiOptions {
  std::int64_t n = 100'000'000;
  std::int64_t chunk = 1'000'000;
  int threads = 0;
  std::uint64_t seed = 42;
  int repeat = 5;
  /// No progress bar (by default one shows for computes longer than a second).
  bool no_progress = false;

  /// @brief The problem these options describe, with chunk clamped to max(n, 1): the library
  /// rejects blocks larger than the axis they split.
  PiProblem problem() const;
};

/// @brief Adds --n, --chunk, --threads, --seed, --repeat and --no-progress to `command`, bound
/// to `options`.
void add_pi_options(CLI::App& command, PiOptions& options);

}  // namespace dagarray::cli
