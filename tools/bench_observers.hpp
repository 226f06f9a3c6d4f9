#pragma once
// `dagarray bench observers`: what watching a compute costs. The lazy π pipeline is computed
// with no observer, with each observer alone, and with all of them, round after round in one
// process, so each median compares with the others measured at the same time.

#include <string>
#include <vector>

#include "pi_modes.hpp"

namespace dagarray::cli {

struct ObserverCost {
  std::string observer;  ///< none, progress, profiler, resources, dashboard, all
  double seconds;        ///< median wall time of one compute
  double ratio;          ///< seconds over the median with no observer
};

/// @brief `repeat` rounds (after one warm-up compute of each); the lazy (fused, oneTBB) mode.
std::vector<ObserverCost> measure_observer_costs(const PiProblem& problem, int repeat);

}  // namespace dagarray::cli
