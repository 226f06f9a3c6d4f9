// sum_range_loop: summing 0, 1, ..., n - 1 with a plain loop.
//
// The lesson's second example, sum(range(10**7)), in its first form. In Python the loop costs
// a bytecode dispatch per number; in C++ it compiles to machine code, and an optimising
// compiler may even replace the loop by the closed form n(n - 1)/2, just as the lesson's
// Numba version does. Compare the time with sum_range_eager and sum_range_lazy: measuring is
// knowing, and here the simplest code is hard to beat.
//
// Usage: example_sum_range_loop [n]    (n = 10'000'000 by default; the sum is n(n - 1)/2)

#include <dagarray/dagarray.hpp>  // unused here: included so every example builds alike

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <string>

namespace da = dagarray;

int main(int argc, char** argv) try {
  const std::int64_t n = argc > 1 ? std::stoll(argv[1]) : 10'000'000;

  const auto start = std::chrono::steady_clock::now();
  std::int64_t total = 0;
  for (std::int64_t i = 0; i < n; ++i) total += i;
  const std::chrono::duration<double, std::milli> elapsed =
      std::chrono::steady_clock::now() - start;

  std::printf("sum = %lld  (n = %lld, loop, %.3f ms)\n", static_cast<long long>(total),
              static_cast<long long>(n), elapsed.count());
  return 0;
} catch (const std::exception& e) {
  std::fprintf(stderr, "error: %s\n", e.what());
  return 1;
}
