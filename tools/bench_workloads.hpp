#pragma once
// `dagarray bench workloads`: standardize, stencil and histogram (workloads.hpp), each mode in a
// process of its own, side by side with NumPy and Dask (bench/peers/workloads_peers.py), as
// time, peak memory and bandwidth against a STREAM-style copy measured in the same run.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "command.hpp"
#include "workloads.hpp"

namespace dagarray::cli {

/// @brief One measured mode of one workload: a dagarray mode or a Python peer.
struct WorkloadRow {
  std::string workload;
  std::string mode;
  double seconds;
  std::int64_t peak_rss_bytes;
  std::optional<std::int64_t> tasks;
  std::vector<double> result;
};

/// @brief Adds `workloads` and the hidden `__run-workload` (what each child process runs) to
/// `dagarray bench`; the returned commands are run when parsed.
std::vector<Command> add_bench_workloads_commands(CLI::App& bench);

}  // namespace dagarray::cli
