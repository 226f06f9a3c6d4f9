// pi_lazy: estimating π with lazy, chunked arrays run as a task graph (Dask-style).
//
// The lesson's Dask version. The expression is the one pi_eager computes, but building it runs
// nothing: each call adds a layer of tasks, one per block, to a graph. compute() then runs the
// graph on oneTBB's work-stealing scheduler. This shows the two things chunking buys:
//   - parallelism without writing any: the blocks are independent tasks (data parallelism);
//   - bounded memory: each block is freed as soon as the last task reading it has run, so only
//     the blocks in flight are in memory, never all 2n coordinates at once.
// The random numbers are counter-based, so the result is bitwise the same as pi_eager's for
// the same n and seed, whatever the chunk size.
//
// Usage: example_pi_lazy [n] [chunk]    (n = 10'000'000 samples, chunk = 1'000'000 by default)

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
  // Blocks of shape (2, chunk): each holds both coordinates of `chunk` points.
  const auto pts = da::random::uniform(-1.0, 1.0, {2, n}, {2, chunk}, /*seed=*/42);
  const auto inside = da::count_nonzero(da::sum(da::square(pts), 0) < 1.0);  // nothing run yet
  const std::int64_t m = inside.compute().item();  // runs the graph on all cores
  const double pi = 4.0 * double(m) / double(n);
  const std::chrono::duration<double, std::milli> elapsed =
      std::chrono::steady_clock::now() - start;

  std::printf("pi ≈ %.6f  (n = %lld, %lld blocks, threads, %.1f ms)\n", pi,
              static_cast<long long>(n), static_cast<long long>(pts.num_blocks()), elapsed.count());
  return 0;
} catch (const std::exception& e) {
  std::fprintf(stderr, "error: %s\n", e.what());
  return 1;
}
