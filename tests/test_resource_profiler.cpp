// The resource profiler: samples at a compute's start, during it and at its end, in time
// order, with the memory the compute holds.

#include <catch2/catch.hpp>

#include <stdexcept>
#include <thread>

#include "test_support.hpp"

TEST_CASE("the resource profiler samples during a compute and sees its memory", "[resources]") {
  da::ResourceProfiler resources(std::chrono::milliseconds(2));
  // 25 million doubles (200 MB) held as the output until the compute returns.
  const auto x = da::full({25'000'000}, 1.0, {5'000'000});
  const auto out = x.compute({.num_threads = 2, .observers = {&resources}});
  CHECK(out.size() == 25'000'000);
  const auto samples = resources.results();
  REQUIRE(samples.size() >= 2);  // at least the start and the end
  for (std::size_t i = 1; i < samples.size(); ++i) {
    CHECK(samples[i - 1].time <= samples[i].time);
    CHECK(samples[i].cpu_percent >= 0);
  }
  CHECK(samples.front().cpu_percent == 0);  // nothing to compare the first sample with
  CHECK(samples.front().rss_bytes > 0);
  // The last sample is taken with every block (200 MB, all written) still held.
  CHECK(samples.back().rss_bytes >= 200'000'000);
}

TEST_CASE("the resource profiler samples at its interval while a compute runs", "[resources]") {
  da::ResourceProfiler resources(std::chrono::milliseconds(5));
  const auto x = da::map_blocks(
      [](const da::NDArray<std::int64_t>& b) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        return b;
      },
      da::arange(10, 1));
  x.compute({.scheduler = da::Scheduler::sync, .observers = {&resources}});
  // 200 ms of compute at a 5 ms interval: far more than the start and end samples, however
  // loaded the machine.
  CHECK(resources.results().size() >= 5);
  CHECK(resources.results().back().time >= 0.2);
}

TEST_CASE("the resource profiler checks its interval", "[resources]") {
  CHECK_THROWS_WITH(da::ResourceProfiler(std::chrono::seconds(0)), Catch::Contains("interval = 0"));
  CHECK_THROWS_AS(da::ResourceProfiler(std::chrono::duration<double>(-1.0)), std::invalid_argument);
  // Past a day (1e30 s would overflow the nanosecond count), or below a microsecond.
  CHECK_THROWS_WITH(da::ResourceProfiler(std::chrono::duration<double>(1e30)),
                    Catch::Contains("interval = 1e+30 s must be in [1e-06, 86400] s"));
  CHECK_THROWS_WITH(da::ResourceProfiler(std::chrono::duration<double>(1e-300)),
                    Catch::Contains("interval = 1e-300 s"));
  CHECK_NOTHROW(
      da::ResourceProfiler(std::chrono::duration<double>(da::ResourceProfiler::kMaxInterval)));
}
