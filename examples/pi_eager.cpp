// pi_eager: estimating π with whole-array (NumPy-style) operations.
//
// The lesson's NumPy version, written with dagarray's eager twins: every call runs at once
// over the whole array (split over all cores with oneTBB), like numpy:
//
//   pts = np.random.uniform(-1, 1, (2, n))
//   m = np.count_nonzero((pts ** 2).sum(axis=0) < 1)
//
// It shows vectorised code: no per-sample loop in sight. In Python that is what makes it fast,
// since the loop pays the interpreter for every sample; in C++ the loop of pi_loop is already
// compiled code (as under the lesson's Numba), so time both before believing either is faster.
// The price is memory: all 2n coordinates (16n bytes) and every intermediate array exist at
// once, and the computation is one monolithic block. pi_lazy removes both limits.
//
// Usage: example_pi_eager [n]    (n = 10'000'000 samples by default)

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
  if (n <= 0) throw std::invalid_argument("n = " + std::to_string(n) + " must be positive");

  const auto start = std::chrono::steady_clock::now();
  // Row 0 holds the x coordinates, row 1 the y coordinates.
  const auto pts = da::eager::random::uniform(-1.0, 1.0, {2, n}, /*seed=*/42);
  const auto r2 = da::sum(da::square(pts), 0);  // x² + y², shape (n,)
  const std::int64_t inside = da::count_nonzero(r2 < 1.0).item();
  const double pi = 4.0 * double(inside) / double(n);
  const std::chrono::duration<double, std::milli> elapsed =
      std::chrono::steady_clock::now() - start;

  std::printf("pi ≈ %.6f  (n = %lld, eager, %.1f ms)\n", pi, static_cast<long long>(n),
              elapsed.count());
  return 0;
} catch (const std::exception& e) {
  std::fprintf(stderr, "error: %s\n", e.what());
  return 1;
}
