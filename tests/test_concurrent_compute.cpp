// Computing shared Arrays from several threads at once is supported: an Array is an immutable
// graph of layers, and each compute has a scheduler run of its own (ThreadSanitizer runs this
// file too, in run-tests.sh).

#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <thread>
#include <vector>

#include "test_support.hpp"

TEST_CASE("four threads computing the same Arrays at once all get the right results",
          "[scheduler][concurrent]") {
  const auto x = da::random::uniform(0.0, 1.0, {64, 64}, {16, 16}, 11);
  const auto total = da::sum(x);
  const auto centred = da::sum(da::square(x - da::mean(x, 0)), 1);
  const auto expected_total = total.compute({.scheduler = da::Scheduler::sync}).item();
  const auto expected_centred = centred.compute({.scheduler = da::Scheduler::sync});
  std::atomic<int> right{0};
  constexpr int kThreads = 4;
  constexpr int kComputes = 50;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kComputes; ++i) {
        const da::ComputeOptions options{.num_threads = 1 + (t + i) % 3, .optimize = i % 2 == 0};
        // Fused and unfused kernels may round the last bit differently.
        const auto close = [](double a, double b) {
          return std::abs(a - b) <= 1e-12 * std::abs(b);
        };
        const bool total_right = close(total.compute(options).item(), expected_total);
        const auto c = centred.compute(options);
        const bool centred_right = std::equal(c.begin(), c.end(), expected_centred.begin(), close);
        right += total_right && centred_right;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  CHECK(right == kThreads * kComputes);
}
