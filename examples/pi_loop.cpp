// pi_loop: estimating π by Monte Carlo, one sample at a time.
//
// The lesson's first version. Draw n points uniformly in the square [-1, 1]², count the m that
// fall inside the unit circle, and π ≈ 4m/n (the circle covers π/4 of the square). It is the
// easiest version to read and the baseline every other example is measured against; the
// library is not used at all, so the cost of the plain loop stays visible.
//
// Usage: example_pi_loop [n]    (n = 10'000'000 samples by default)

#include <dagarray/dagarray.hpp>  // unused here: included so every example builds alike

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <random>
#include <stdexcept>
#include <string>

namespace da = dagarray;

int main(int argc, char** argv) try {
  const std::int64_t n = argc > 1 ? std::stoll(argv[1]) : 10'000'000;
  if (n <= 0) throw std::invalid_argument("n = " + std::to_string(n) + " must be positive");

  const auto start = std::chrono::steady_clock::now();
  std::mt19937_64 engine(42);
  std::uniform_real_distribution<double> coordinate(-1.0, 1.0);
  std::int64_t inside = 0;
  for (std::int64_t i = 0; i < n; ++i) {
    const double x = coordinate(engine);
    const double y = coordinate(engine);
    if (x * x + y * y < 1.0) ++inside;
  }
  const double pi = 4.0 * double(inside) / double(n);
  const std::chrono::duration<double, std::milli> elapsed =
      std::chrono::steady_clock::now() - start;

  std::printf("pi ≈ %.6f  (n = %lld, loop, %.1f ms)\n", pi, static_cast<long long>(n),
              elapsed.count());
  return 0;
} catch (const std::exception& e) {
  std::fprintf(stderr, "error: %s\n", e.what());
  return 1;
}
