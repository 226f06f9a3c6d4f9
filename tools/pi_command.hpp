#pragma once
// Measuring modes of `pi`, shared by `dagarray pi` and `dagarray bench pi`.

#include <string>
#include <vector>

#include "pi_options.hpp"
#include "pi_report.hpp"

namespace dagarray::cli {

/// @brief Runs each named mode (once each, in the order given) in a process of its own.
/// @throws std::invalid_argument for a bad n or chunk, before any process starts.
std::vector<PiRow> measure_pi_modes(const PiOptions& options,
                                    const std::vector<std::string>& mode_names);

/// @brief What --modes accepts, for --help.
std::string pi_modes_help();

}  // namespace dagarray::cli
