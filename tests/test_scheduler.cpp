// The schedulers: the π pipeline gives one answer everywhere, intermediates are released, a
// failing task surfaces as TaskError, large graphs run, and work shared by outputs runs once.

#include <catch2/catch.hpp>

#include <atomic>

#include "test_support.hpp"

namespace {

using Catch::Matchers::Contains;

/// The lesson's π estimate, written once for lazy and eager arrays alike.
const auto pi_count = [](auto pts) { return da::count_nonzero(da::sum(da::square(pts), 0) < 1.0); };

std::atomic<bool> fail_on_twelve{false};
std::atomic<int> calls{0};

/// Doubles a block; while fail_on_twelve is set, throws on the block that starts with 12.
da::NDArray<std::int64_t> double_unless_twelve(const da::NDArray<std::int64_t>& block) {
  if (fail_on_twelve && block.size() > 0 && block.data()[0] == 12) {
    throw std::runtime_error("refusing block twelve");
  }
  return block * 2;
}

std::int64_t live_buffers() {
  return da::core::Buffer::stats().live;
}

/// Most chunk buffers alive at once while `x` is computed, beyond those alive before.
template <class T>
std::int64_t peak_buffers(const da::Array<T>& x, const da::ComputeOptions& options) {
  const auto before = live_buffers();
  da::core::Buffer::reset_peak();
  { const auto result = x.compute(options); }
  CHECK(live_buffers() == before);  // nothing leaked
  return da::core::Buffer::stats().peak - before;
}

}  // namespace

TEST_CASE("the pi pipeline counts the same points on every chunking and thread count and scheduler",
          "[scheduler]") {
  constexpr std::int64_t n = 3000;
  const auto pts = da::eager::random::uniform(-1.0, 1.0, {2, n}, 42);
  // The loop adds the squares as the library's separate kernels round them (no fused
  // multiply-add), so the counts match exactly.
  const auto squares = da::square(pts);
  std::int64_t loop = 0;
  for (std::int64_t i = 0; i < n; ++i) loop += squares(0, i) + squares(1, i) < 1.0;
  const auto eager = pi_count(pts);
  STATIC_REQUIRE(std::is_same_v<decltype(eager), const da::NDArray<std::int64_t>>);
  REQUIRE(eager.item() == loop);
  CHECK(4.0 * double(loop) / n == Approx(3.14159).margin(0.15));
  for (std::int64_t chunk : {std::int64_t{1}, std::int64_t{7}, n / 3, n}) {
    const auto lazy = pi_count(da::random::uniform(-1.0, 1.0, {2, n}, {2, chunk}, 42));
    STATIC_REQUIRE(std::is_same_v<decltype(lazy), const da::Array<std::int64_t>>);
    for (const auto& options : test::all_options()) {
      INFO("chunk " << chunk << ", " << test::describe(options));
      CHECK(lazy.compute(options).item() == loop);
    }
  }
}

TEST_CASE("both schedulers give bitwise identical results", "[scheduler]") {
  // Non-integer samples, so a different combination order would change the rounding.
  const auto x = da::random::uniform(-1.0, 1.0, {40, 30}, {7, 4}, 3);
  const auto y = da::rechunk(x, {10, 30}) * 3.0 - x;
  const auto reference =
      da::compute({.scheduler = da::Scheduler::sync}, da::sum(x), da::mean(y, 1), da::max(x, 0), y);
  for (const auto& options : test::all_options()) {
    INFO(test::describe(options));
    const auto [s, m, mx, all] = da::compute(options, da::sum(x), da::mean(y, 1), da::max(x, 0), y);
    CHECK(test::bitwise_equal(s, std::get<0>(reference)));
    CHECK(test::bitwise_equal(m, std::get<1>(reference)));
    CHECK(test::bitwise_equal(mx, std::get<2>(reference)));
    CHECK(test::bitwise_equal(all, std::get<3>(reference)));
  }
}

TEST_CASE("intermediate blocks are released as soon as their readers have run", "[scheduler]") {
  // 200 chunks: over 1000 tasks, each making a buffer; without release over 800 would be alive
  // at the end. With release, what is alive is the chains in flight and, at each level of the
  // count's reduction tree, the partial results still waiting for the rest of their group: about
  // 3 levels x (kReductionFanIn - 1) per active thread.
  const auto pi = pi_count(da::random::uniform(-1.0, 1.0, {2, 200 * 64}, {2, 64}, 1));
  const da::core::LayerPtr outputs[] = {pi.layer()};
  REQUIRE(da::core::Graph::from_layers(outputs).size() > 1000);
  constexpr auto fan_in = da::kReductionFanIn;
  CHECK(peak_buffers(pi, {.scheduler = da::Scheduler::sync}) <= 3 * fan_in);
  CHECK(peak_buffers(pi, {.scheduler = da::Scheduler::threads, .num_threads = 1}) <= 3 * fan_in);
  CHECK(peak_buffers(pi, {.scheduler = da::Scheduler::threads, .num_threads = 2}) <= 6 * fan_in);
  // A long chain on one block holds a couple of buffers, not one per operation.
  auto chain = da::ones({1000}, {1000});
  for (int i = 0; i < 100; ++i) chain = chain * 1.5 - 0.25;
  CHECK(peak_buffers(chain, {.scheduler = da::Scheduler::sync}) <= 3);
  CHECK(peak_buffers(chain, {.scheduler = da::Scheduler::threads, .num_threads = 2}) <= 3);
}

TEST_CASE("a throwing task ends compute with TaskError naming its key", "[scheduler]") {
  const auto x = da::map_blocks(double_unless_twelve, da::arange(40, 4));
  const auto total = da::sum(x);  // the failing task is then an intermediate one
  const auto key = da::core::block_key(*x.layer(), 3);
  CHECK(key == "('" + x.name() + "', 3)");
  CHECK(x.name().rfind("map_blocks-", 0) == 0);
  for (const auto& options : test::all_options()) {
    INFO(test::describe(options));
    const auto before = live_buffers();
    fail_on_twelve = true;
    for (bool intermediate : {false, true}) {
      try {
        if (intermediate) {
          total.compute(options);
        } else {
          x.compute(options);
        }
        FAIL("compute() did not throw");
      } catch (const da::TaskError& error) {
        CHECK(error.key() == key);
        CHECK_THAT(error.what(), Contains(key) && Contains("refusing block twelve"));
        try {
          std::rethrow_if_nested(error);
          FAIL("TaskError does not nest its cause");
        } catch (const da::TaskError&) {
          FAIL("the nested exception is a TaskError, not the original");
        } catch (const std::runtime_error& cause) {
          CHECK(std::string(cause.what()) == "refusing block twelve");
        }
      }
    }
    CHECK(live_buffers() == before);  // a failed compute frees what it made
    fail_on_twelve = false;
    const auto doubled = x.compute(options);
    CHECK(test::difference(doubled, da::eager::arange(0, 80, 2)) == "");
    CHECK(total.compute(options).item() == 2 * 780);
  }
}

TEST_CASE("TaskError keys name every block index of a 2-d block", "[scheduler]") {
  // Blocks of (4, 6) in chunks (2, 2) form a 2 x 3 grid; block (1, 2) starts at element (2, 4),
  // whose value is 2 * 6 + 4 = 16.
  const auto fails_on_16 = [](const da::NDArray<std::int64_t>& b) {
    if (b.data()[0] == 16) throw std::invalid_argument("sixteen");
    return b;
  };
  const auto x = da::map_blocks(
      fails_on_16, da::from_ndarray(da::eager::arange(0, 24, 1).reshape({4, 6}), {2, 2}));
  for (const auto& options : test::all_options()) {
    INFO(test::describe(options));
    try {
      x.compute(options);
      FAIL("compute() did not throw");
    } catch (const da::TaskError& error) {
      CHECK(error.key() == "('" + x.name() + "', 1, 2)");
      CHECK_THROWS_AS(std::rethrow_if_nested(error), std::invalid_argument);
    }
  }
}

TEST_CASE("graphs of many tasks complete", "[scheduler]") {
  const auto x = da::arange(10'000, 1);  // 10,000 blocks of one element
  const auto doubled = x * 2;
  for (const auto& options : test::all_options()) {
    INFO(test::describe(options));
    CHECK(da::sum(x).compute(options).item() == 49'995'000);
    const auto all = doubled.compute(options);
    CHECK(test::difference(all, da::eager::arange(0, 20'000, 2)) == "");
  }
}

TEST_CASE("compute runs on one thread when asked", "[scheduler]") {
  const auto x = da::ones({100}, {10});
  CHECK(da::sum(x).compute({.num_threads = 1}).item() == 100.0);
  CHECK(da::sum(x).compute({.scheduler = da::Scheduler::threads, .num_threads = 1}).item() ==
        100.0);
}

TEST_CASE("compute of x and y runs the work they share once", "[scheduler]") {
  const auto counted = [](const da::NDArray<double>& b) {
    ++calls;
    return b + 1.0;
  };
  const auto x = da::map_blocks(counted, da::ones({12}, {3}));  // 4 blocks
  for (const auto& options : test::all_options()) {
    INFO(test::describe(options));
    calls = 0;
    const auto [p, q] = da::compute(options, x + 1.0, x * 2.0);
    CHECK(calls == 4);
    CHECK(test::difference(p, da::eager::full({12}, 3.0)) == "");
    CHECK(test::difference(q, da::eager::full({12}, 4.0)) == "");
    // The same expression built again has the same names, so it is shared too.
    calls = 0;
    const auto x_again = da::map_blocks(counted, da::ones({12}, {3}));
    const auto [r, s] = da::compute(options, x + 1.0, x_again * 2.0);
    CHECK(calls == 4);
    CHECK(test::difference(r, p) == "");
    // Separate computes share nothing: nothing is cached between them.
    calls = 0;
    (void)(x + 1.0).compute(options);
    (void)(x * 2.0).compute(options);
    CHECK(calls == 8);
  }
}

TEST_CASE("compute of several arrays returns each with its own dtype", "[scheduler]") {
  const auto x = da::arange(10, 3);
  const auto [s, m, b] = da::compute(da::sum(x), da::mean(x), x < 5);
  STATIC_REQUIRE(std::is_same_v<std::decay_t<decltype(s)>, da::NDArray<std::int64_t>>);
  STATIC_REQUIRE(std::is_same_v<std::decay_t<decltype(m)>, da::NDArray<double>>);
  STATIC_REQUIRE(std::is_same_v<std::decay_t<decltype(b)>, da::NDArray<bool>>);
  CHECK(s.item() == 45);
  CHECK(m.item() == 4.5);
  CHECK(da::count_nonzero(b).item() == 5);
}
