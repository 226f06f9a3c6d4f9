// sum_range_eager: summing 0, 1, ..., n - 1 as an array, NumPy-style.
//
// The lesson's np.arange(n).sum(): first materialise all n numbers (8n bytes), then reduce
// them. da::eager::arange builds the whole array at once and da::sum runs over it in
// parallel; the result is a 0-d array whose item() is the number. Writing the array costs
// memory and a pass over it, which the plain loop of sum_range_loop never pays.
//
// Usage: example_sum_range_eager [n]    (n = 10'000'000 by default; the sum is n(n - 1)/2)

#include <dagarray/dagarray.hpp>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <string>

namespace da = dagarray;

int main(int argc, char** argv) try {
  const std::int64_t n = argc > 1 ? std::stoll(argv[1]) : 10'000'000;

  const auto start = std::chrono::steady_clock::now();
  const std::int64_t total = da::sum(da::eager::arange(n)).item();
  const std::chrono::duration<double, std::milli> elapsed =
      std::chrono::steady_clock::now() - start;

  std::printf("sum = %lld  (n = %lld, eager, %.3f ms)\n", static_cast<long long>(total),
              static_cast<long long>(n), elapsed.count());
  return 0;
} catch (const std::exception& e) {
  std::fprintf(stderr, "error: %s\n", e.what());
  return 1;
}
