#pragma once
// `dagarray bench scaling`: the scaling model of docs/scaling.md. Calibrates task times and
// overhead on this machine, then replays the real π and rechunk graphs with the MPI owner map
// on model clusters of 1 to 1,024 nodes over two network classes.

#include "command.hpp"

namespace dagarray::cli {

/// @brief Adds `scaling` to `dagarray bench`; the returned command is run when parsed.
Command add_bench_scaling_command(CLI::App& bench);

}  // namespace dagarray::cli
