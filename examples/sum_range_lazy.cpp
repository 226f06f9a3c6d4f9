// sum_range_lazy: summing 0, 1, ..., n - 1 as a lazy, chunked array.
//
// The Dask form of the lesson's second example: da.arange(n, chunks=chunk).sum().compute().
// Each block of numbers is made, summed and freed by its own tasks, and the partial sums are
// combined up a tree (up to da::kReductionFanIn of them per task), so memory stays at a few
// blocks however large n is. For a job this cheap the graph's overhead is visible: compare
// the times with sum_range_loop and sum_range_eager.
//
// Usage: example_sum_range_lazy [n] [chunk]    (n = 10'000'000, chunk = 1'000'000 by default)

#include <dagarray/dagarray.hpp>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <string>

namespace da = dagarray;

int main(int argc, char** argv) try {
  const std::int64_t n = argc > 1 ? std::stoll(argv[1]) : 10'000'000;
  const std::int64_t chunk = argc > 2 ? std::stoll(argv[2]) : 1'000'000;

  const auto start = std::chrono::steady_clock::now();
  const auto numbers = da::arange(n, chunk);  // lazy: nothing is made yet
  const std::int64_t total = da::sum(numbers).compute().item();
  const std::chrono::duration<double, std::milli> elapsed =
      std::chrono::steady_clock::now() - start;

  std::printf("sum = %lld  (n = %lld, %lld blocks, threads, %.3f ms)\n",
              static_cast<long long>(total), static_cast<long long>(n),
              static_cast<long long>(numbers.num_blocks()), elapsed.count());
  return 0;
} catch (const std::exception& e) {
  std::fprintf(stderr, "error: %s\n", e.what());
  return 1;
}
