// ComputeOptions::memory_limit: the threads scheduler keeps the bytes of the blocks it holds
// under the budget where running tasks can free some first, gives the same result, still
// finishes a graph that must hold more, and refuses a budget smaller than one block.

#include <catch2/catch.hpp>

#include <oneapi/tbb/global_control.h>

#include <algorithm>
#include <chrono>
#include <mutex>
#include <thread>
#include <vector>

#include "test_support.hpp"

namespace {

using Catch::Matchers::Contains;

/// Follows the bytes of the blocks a compute holds, from the task events alone: a task's block
/// counts from the moment it starts, and goes when the last task that reads it has ended
/// (outputs stay to the end).
class HeldBytes : public da::Observer {
 public:
  void compute_started(const da::ComputeStart& start) override {
    _graph = &start.graph;
    const auto n = start.graph.size();
    _bytes.assign(n, 0);
    _readers.assign(n, 0);
    _output.assign(n, false);
    for (da::core::TaskId t = 0; t < n; ++t) {
      const auto& layer = start.graph.layer(t);
      _bytes[t] = da::core::shape_size(layer.block_shape(start.graph.block(t))) *
                  static_cast<std::int64_t>(da::core::dtype_size(layer.dtype()));
      _readers[t] = start.graph.dependents(t).size();
    }
    for (auto t : start.graph.output_tasks()) _output[t] = true;
    _held = _peak = 0;
  }
  void task_started(const da::TaskEvent& event) noexcept override {
    std::lock_guard lock(_mutex);
    _held += _bytes[event.task];
    _peak = std::max(_peak, _held);
  }
  void task_finished(const da::TaskEvent& event) noexcept override {
    std::lock_guard lock(_mutex);
    for (auto dep : _graph->dependencies(event.task)) {
      if (--_readers[dep] == 0 && !_output[dep]) _held -= _bytes[dep];
    }
  }
  std::int64_t peak() const { return _peak; }

 private:
  const da::core::Graph* _graph = nullptr;
  std::vector<std::int64_t> _bytes;
  std::vector<std::size_t> _readers;
  std::vector<bool> _output;
  std::mutex _mutex;
  std::int64_t _held = 0;
  std::int64_t _peak = 0;
};

constexpr std::int64_t kBlock = std::int64_t{1} << 17;  // doubles: 1 MiB a block
constexpr std::int64_t kMiB = std::int64_t{1} << 20;

/// 128 blocks of 1 MiB, each held for 5 ms by a slow task, then summed: sixteen threads hold
/// sixteen blocks at once.
da::Array<double> slow_total() {
  const auto x = da::random::uniform(0.0, 1.0, {128 * kBlock}, {kBlock}, 7);
  const auto slow = da::map_blocks(
      [](const da::NDArray<double>& b) {
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
        return b * 2.0;
      },
      x);
  return da::sum(slow);
}

}  // namespace

TEST_CASE("a memory limit keeps the held blocks under it, with the same result", "[memory]") {
  // More threads than this machine's cores, so that many blocks are in flight at once.
  tbb::global_control parallelism(tbb::global_control::max_allowed_parallelism, 16);
  const auto total = slow_total();
  HeldBytes unlimited;
  // Unfused, so that each 1 MiB block is a task's output, which the budget counts.
  const auto expected =
      total.compute({.num_threads = 16, .optimize = false, .observers = {&unlimited}}).item();
  constexpr std::int64_t limit = 4 * kMiB;
  REQUIRE(unlimited.peak() > limit);  // the graph would exceed the limit without it
  HeldBytes limited;
  const auto within = total.compute(
      {.num_threads = 16, .optimize = false, .observers = {&limited}, .memory_limit = limit});
  CHECK(within.item() == expected);
  CHECK(limited.peak() <= limit);
  CHECK(limited.peak() >= kMiB);
}

TEST_CASE("a graph that must hold more than the limit still finishes", "[memory]") {
  // Every block of x is read by the mean and by the subtraction, so all are held at once.
  const auto x = da::random::uniform(0.0, 1.0, {64 * 1024}, {1024}, 3);
  const auto centred = da::sum(da::square(x - da::mean(x)));
  const auto expected = centred.compute().item();
  for (auto scheduler : {da::Scheduler::threads, da::Scheduler::sync}) {
    CHECK(centred.compute({.scheduler = scheduler, .memory_limit = 8 * 1024}).item() ==
          Approx(expected).epsilon(1e-12));
  }
}

TEST_CASE("a memory limit below one block's bytes, or below zero, is refused", "[memory]") {
  const auto x = da::sum(da::ones<double>({4096}, {1024}));  // blocks of 8192 bytes
  for (auto scheduler : {da::Scheduler::threads, da::Scheduler::sync}) {
    const da::ComputeOptions unfused{.scheduler = scheduler, .optimize = false};
    auto options = unfused;
    options.memory_limit = 1000;
    CHECK_THROWS_WITH(x.compute(options),
                      Contains("memory_limit = 1000") && Contains("8192 bytes"));
    options.memory_limit = -1;
    CHECK_THROWS_WITH(x.compute(options), Contains("memory_limit = -1"));
    options.memory_limit = 8192;
    CHECK(x.compute(options).item() == 4096.0);
  }
}
