// pi_sync: the lazy π graph run on the synchronous scheduler, for debugging.
//
// The same expression as pi_lazy, computed with {.scheduler = da::Scheduler::sync}: every task
// runs on the calling thread, one after another, in a fixed depth-first order. Nothing runs in
// parallel, so a debugger steps through the tasks in the same order on every run, and a
// failing task is easy to catch in the act. Use it when a threaded compute misbehaves: if
// sync gives the right answer and threads does not, the bug is in how tasks share data.
// The result is the same as pi_lazy's (and pi_eager's); only the time differs.
//
// Usage: example_pi_sync [n] [chunk]    (n = 10'000'000 samples, chunk = 1'000'000 by default)

#include <dagarray/dagarray.hpp>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <stdexcept>
#include <string>

namespace da = dagarray;

int main(int argc, char** argv) try {
  const std::int64_t n = argc > 1 ? std::stoll(argv[1]) : 10'000'000;
  const std::int64_t chunk = argc > 2 ? std::stoll(argv[2]) : 1'000'000;
  if (n <= 0) throw std::invalid_argument("n = " + std::to_string(n) + " must be positive");

  const auto start = std::chrono::steady_clock::now();
  const auto pts = da::random::uniform(-1.0, 1.0, {2, n}, {2, chunk}, /*seed=*/42);
  const auto inside = da::count_nonzero(da::sum(da::square(pts), 0) < 1.0);
  const std::int64_t m = inside.compute({.scheduler = da::Scheduler::sync}).item();
  const double pi = 4.0 * double(m) / double(n);
  const std::chrono::duration<double, std::milli> elapsed =
      std::chrono::steady_clock::now() - start;

  std::printf("pi ≈ %.6f  (n = %lld, %lld blocks, sync, %.1f ms)\n", pi, static_cast<long long>(n),
              static_cast<long long>(pts.num_blocks()), elapsed.count());
  return 0;
} catch (const std::exception& e) {
  std::fprintf(stderr, "error: %s\n", e.what());
  return 1;
}
