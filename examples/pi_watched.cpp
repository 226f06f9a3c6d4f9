// pi_watched: the lazy π estimate, watched. A progress bar, the profiler and an observer of
// our own (SlowTasks) are told about every task as the scheduler runs it; afterwards the
// profiler says how busy each worker was and writes a trace for Perfetto.
// docs/diagnostics.md explains each observer.
//
// Usage: example_pi_watched [n] [chunk] [trace.json]
//        (n = 10'000'000 samples, chunk = n / 8 by default; no trace unless named)

#include <dagarray/dagarray.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <fstream>
#include <iostream>
#include <stdexcept>
#include <string>
#include <vector>

namespace da = dagarray;

// Counts the tasks that took longer than 100 ms.
class SlowTasks final : public da::Observer {
 public:
  void compute_started(const da::ComputeStart& start) override {
    _began = std::vector<da::ObserverClock::time_point>(start.graph.size());
    _slow = 0;
  }
  void task_started(const da::TaskEvent& event) noexcept override {
    _began[event.task] = event.time;  // a slot per task: no lock
  }
  void task_finished(const da::TaskEvent& event) noexcept override {
    if (event.time - _began[event.task] > std::chrono::milliseconds(100)) ++_slow;
  }
  void compute_finished(const da::ComputeEnd& /*end*/) override {
    std::cout << _slow << " tasks took more than 100 ms\n";
  }

 private:
  std::vector<da::ObserverClock::time_point> _began;
  std::atomic<int> _slow{0};  // task hooks run on several threads at once
};

int main(int argc, char** argv) try {
  const std::int64_t n = argc > 1 ? std::stoll(argv[1]) : 10'000'000;
  if (n <= 0) throw std::invalid_argument("n = " + std::to_string(n) + " must be positive");
  const std::int64_t chunk = argc > 2 ? std::stoll(argv[2]) : std::max<std::int64_t>(n / 8, 1);

  const auto pts = da::random::uniform(-1.0, 1.0, {2, n}, {2, chunk}, /*seed=*/42);
  const auto inside = da::count_nonzero(da::sum(da::square(pts), 0) < 1.0);

  da::ProgressBar bar;  // on stderr; one final line when stderr is not a terminal
  da::Profiler profiler;
  SlowTasks slow;
  const std::int64_t m = inside.compute({.observers = {&bar, &profiler, &slow}}).item();
  std::printf("pi ≈ %.6f  (n = %lld)\n", 4.0 * double(m) / double(n), static_cast<long long>(n));

  // Busy time per worker: the sum of its tasks' durations.
  const auto& compute = profiler.computes().back();
  std::vector<double> busy(static_cast<std::size_t>(compute.workers), 0.0);
  for (const auto& task : profiler.results()) busy[task.worker] += task.end - task.start;
  for (std::size_t w = 0; w < busy.size(); ++w) {
    std::printf("worker %zu busy %.1f ms of %.1f ms\n", w, 1e3 * busy[w],
                1e3 * (compute.end - compute.start));
  }
  if (argc > 3) {
    std::ofstream(argv[3]) << profiler.chrome_trace().dump() << "\n";
    std::printf("trace written to %s (open it in https://ui.perfetto.dev)\n", argv[3]);
  }
  return 0;
} catch (const std::exception& e) {
  std::fprintf(stderr, "pi_watched: error: %s\n", e.what());
  return 1;
}
