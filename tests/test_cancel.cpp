// Cancelling a compute through ComputeOptions::stop: nothing starts once the stop is asked
// for, running tasks finish, every block is released, compute() throws da::Cancelled, and the
// same Array computes again afterwards.

#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <stop_token>
#include <thread>

#include "test_support.hpp"

namespace {

/// Counts the tasks that start, and those that start after `stopping` was raised.
class StartCounter : public da::Observer {
 public:
  void task_started(const da::TaskEvent& /*event*/) noexcept override {
    ++started;
    if (stopping.load()) ++started_after_stop;
  }
  std::atomic<int> started{0};
  std::atomic<int> started_after_stop{0};
  std::atomic<bool> stopping{false};
};

std::int64_t live_buffers() {
  return da::core::Buffer::stats().live;
}

/// `blocks` blocks of 1,000 elements, each taking about 2 ms to compute, summed.
da::Array<double> slow_sum(std::int64_t blocks) {
  const auto x = da::ones<double>({blocks * 1000}, {1000});
  const auto slow = da::map_blocks(
      [](const da::NDArray<double>& b) {
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
        return b * 2.0;
      },
      x);
  return da::sum(slow);
}

}  // namespace

TEST_CASE("a stop requested before compute runs no task and throws Cancelled", "[cancel]") {
  const auto total = da::sum(da::arange(100, 10));
  std::stop_source source;
  source.request_stop();
  for (auto scheduler : {da::Scheduler::threads, da::Scheduler::sync}) {
    StartCounter counter;
    CHECK_THROWS_AS(
        total.compute(
            {.scheduler = scheduler, .observers = {&counter}, .stop = source.get_token()}),
        da::Cancelled);
    CHECK(counter.started == 0);
  }
  CHECK(total.compute().item() == 4950);  // a token that was never asked changes nothing
}

TEST_CASE("a stop during a threaded compute starts no new task and releases every block",
          "[cancel]") {
  constexpr std::int64_t blocks = 2000;  // about 2 s of work on two threads
  const auto total = slow_sum(blocks);
  const auto before = live_buffers();
  StartCounter counter;
  std::stop_source source;
  std::thread stopper([&] {
    while (counter.started < 20) std::this_thread::yield();
    counter.stopping = true;
    source.request_stop();
  });
  CHECK_THROWS_AS(
      total.compute({.num_threads = 2, .observers = {&counter}, .stop = source.get_token()}),
      da::Cancelled);
  stopper.join();
  // Only a task already past its check when the stop came may start: one per thread at most.
  CHECK(counter.started_after_stop <= 2);
  CHECK(counter.started < blocks);
  CHECK(live_buffers() == before);
  // The same Array, computed again without a stop, is whole and right.
  CHECK(total.compute().item() == 2.0 * blocks * 1000);
}

TEST_CASE("a stop asked for by a task of a sync compute ends it before the next task", "[cancel]") {
  std::stop_source source;
  std::atomic<int> calls{0};
  const auto x = da::ones<double>({10}, {1});
  const auto y = da::map_blocks(
      [&](const da::NDArray<double>& b) {
        if (++calls == 3) source.request_stop();
        return b + 1.0;
      },
      x);
  StartCounter counter;
  try {
    (void)y.compute({.scheduler = da::Scheduler::sync,
                     .optimize = false,
                     .observers = {&counter},
                     .stop = source.get_token()});
    FAIL("compute did not throw");
  } catch (const da::Cancelled& e) {
    CHECK_THAT(e.what(), Catch::Matchers::Contains("cancelled"));
  }
  CHECK(calls == 3);
  // The ones() blocks of the graph run as tasks too; none runs after the third map task.
  CHECK(counter.started <= 6);
}

TEST_CASE("Cancelled is a runtime_error, apart from TaskError", "[cancel]") {
  STATIC_REQUIRE(std::is_base_of_v<std::runtime_error, da::Cancelled>);
  STATIC_REQUIRE(!std::is_base_of_v<da::TaskError, da::Cancelled>);
}
