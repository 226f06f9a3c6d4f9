// Soak: many computes in one process. Resident memory stays flat over tens of thousands of
// small threaded computes (each reuses its thread count's arena), and a task failing in every
// compute ends each one with the right TaskError, without a hang or a leaked block.

#include <catch2/catch.hpp>

#include <unistd.h>

#include <atomic>
#include <fstream>
#include <stdexcept>

#include "test_support.hpp"

namespace {

std::int64_t resident_bytes() {
  std::ifstream statm("/proc/self/statm");
  std::int64_t pages = 0;
  std::int64_t resident = 0;
  statm >> pages >> resident;
  return resident * sysconf(_SC_PAGESIZE);
}

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
constexpr bool kSanitized = true;  // the sanitizers' own shadow memory grows as it likes
#else
constexpr bool kSanitized = false;
#endif

std::atomic<std::int64_t> failing_block{-1};

}  // namespace

TEST_CASE("50,000 small threaded computes keep resident memory flat", "[soak]") {
  if (kSanitized) {
    WARN("skipped under a sanitizer, whose shadow memory grows with every allocation");
    return;
  }
  const auto x = da::sum(da::arange(64, 8));
  for (int i = 0; i < 1000; ++i) REQUIRE(x.compute({.num_threads = 2}).item() == 2016);
  const auto warm = resident_bytes();
  for (int i = 0; i < 50'000; ++i) REQUIRE(x.compute({.num_threads = 2 + i % 2}).item() == 2016);
  const auto grown = resident_bytes() - warm;
  // An arena made per compute grew about 20 MB over as many computes.
  CHECK(grown < 8 * 1024 * 1024);
  CHECK(double(grown) <= 0.05 * double(warm));
}

TEST_CASE("200 computes with one failing task among 10,000 each end with its TaskError", "[soak]") {
  const auto x = da::arange(10'000, 1);  // 10,000 blocks of one element
  const auto y = da::map_blocks(
      [](const da::NDArray<std::int64_t>& b) {
        if (b.data()[0] == failing_block.load()) throw std::runtime_error("block refused");
        return b + std::int64_t{1};
      },
      x);
  const auto total = da::sum(y);
  const auto before = da::core::Buffer::stats().live;
  for (int run = 0; run < 200; ++run) {
    const std::int64_t block = (run * 7919) % 10'000;
    failing_block = block;
    const da::ComputeOptions options{.num_threads = 2, .optimize = run % 2 == 0};
    try {
      (void)total.compute(options);
      FAIL("compute " << run << " did not throw");
    } catch (const da::TaskError& e) {
      CHECK_THAT(e.cause(), Catch::Matchers::Contains("block refused"));
      CHECK_THAT(e.key(), Catch::Matchers::EndsWith(", " + std::to_string(block) + ")"));
    }
    REQUIRE(da::core::Buffer::stats().live == before);  // every block released
  }
  failing_block = -1;
  CHECK(total.compute().item() == 10'000LL * 10'001 / 2);
}
