#pragma once
// Measured task timings to merge into a graph export (format version 2), so a viewer can
// colour tasks by duration and draw the task stream. Filled by dagarray::Profiler.

#include <string>
#include <unordered_map>

namespace dagarray::core {

/// @brief When and where one task ran; seconds since its compute began.
struct TaskTiming {
  double start = 0;
  double end = 0;
  int worker = 0;
};

/// @brief One compute's timings, by task key.
struct GraphProfile {
  int workers = 1;
  double duration = 0;    ///< seconds from the compute's start to its end
  std::string scheduler;  ///< "threads" or "sync"
  std::unordered_map<std::string, TaskTiming> tasks;
};

}  // namespace dagarray::core
