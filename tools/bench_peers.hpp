#pragma once
// The Python peers of `dagarray bench pi --peers`: NumPy, Dask and Numba computing the same
// estimate, timed by bench/peers/pi_peers.py under Debian's python3 and folded into the table.

#include <string>
#include <vector>

#include "pi_options.hpp"
#include "pi_report.hpp"

namespace dagarray::cli {

/// @brief The script's rows for these options. A missing python3 or script, or a failed run,
/// is said on stderr and gives no rows: the benchmark goes on without the peers. The script
/// itself says which peers it skips (a module not installed).
std::vector<PiRow> measure_peers(const PiOptions& options, const std::string& script);

}  // namespace dagarray::cli
