#include <dagarray/scheduler/process_usage.hpp>

#include <time.h>
#include <unistd.h>

#include <cstdio>

namespace dagarray {

ProcessUsage process_usage() {
  ProcessUsage usage{};
  timespec cpu{};
  if (clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cpu) == 0) {
    usage.cpu_time = std::chrono::seconds(cpu.tv_sec) + std::chrono::nanoseconds(cpu.tv_nsec);
  }
  // statm: size and resident, in pages. One small read; no allocation.
  if (std::FILE* statm = std::fopen("/proc/self/statm", "r")) {
    long long size = 0;
    long long resident = 0;
    if (std::fscanf(statm, "%lld %lld", &size, &resident) == 2) {
      usage.rss_bytes = resident * static_cast<long long>(sysconf(_SC_PAGESIZE));
    }
    std::fclose(statm);
  }
  return usage;
}

}  // namespace dagarray
