#pragma once
// `dagarray pi --dashboard`: the graph modes run in this process, each compute shown live on
// the dashboard, which goes on serving the last one until Ctrl-C.

#include <cstdint>
#include <string>
#include <vector>

#include "pi_options.hpp"

namespace dagarray::cli {

struct PiDashboardOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8787;
  /// Wait for a page to connect before the first compute.
  bool wait = false;
};

/// @brief Runs `modes` (graph modes only; std::invalid_argument otherwise) `options.repeat`
/// times each with the dashboard attached, prints the table or JSON as `pi` does, then serves
/// until SIGINT or SIGTERM.
int run_pi_dashboard(const PiOptions& options, const std::vector<std::string>& modes,
                     const std::string& format, const PiDashboardOptions& dashboard);

}  // namespace dagarray::cli
