#pragma once
// What this process uses right now: resident memory and CPU time, read from the kernel.

#include <chrono>
#include <cstdint>

namespace dagarray {

struct ProcessUsage {
  std::int64_t rss_bytes = 0;         ///< resident set size
  std::chrono::nanoseconds cpu_time;  ///< user + system time of every thread so far
};

/// @brief This process's usage now (Linux: /proc/self/statm and the process CPU clock).
/// rss_bytes is 0 where /proc is missing.
ProcessUsage process_usage();

}  // namespace dagarray
