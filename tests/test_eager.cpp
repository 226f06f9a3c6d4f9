// Eager NDArray operations on arrays large enough to run in parallel pieces: they match plain
// loops, give the same bits on any number of threads, and never touch their inputs.

#include <catch2/catch.hpp>

#include <oneapi/tbb/global_control.h>

#include "test_support.hpp"

namespace {

using test::Shape;

/// More elements than four parallel pieces of scheduler::kParallelGrain.
constexpr std::int64_t kLarge = 4 * da::scheduler::kParallelGrain + 12'345;

template <class F>
auto on_one_thread(F f) {
  const tbb::global_control one(tbb::global_control::max_allowed_parallelism, 1);
  return f();
}

}  // namespace

TEST_CASE("large eager elementwise operations match a loop", "[eager]") {
  const auto a = test::sample<double>({kLarge}, 1);
  const auto b = test::sample<double>({kLarge}, 2);
  const auto i = test::sample<std::int64_t>({kLarge}, 3);
  const auto r = (a * b - 2.0) / (i + 10) < da::square(a);
  const auto expected = test::generate<bool>({kLarge}, [&](std::int64_t k) {
    return (a.data()[k] * b.data()[k] - 2.0) / double(i.data()[k] + 10) < a.data()[k] * a.data()[k];
  });
  CHECK(test::difference(r, expected) == "");
  const auto s = da::sqrt(da::abs(-i));
  CHECK(test::difference(s, test::generate<double>({kLarge}, [&](std::int64_t k) {
                           return std::sqrt(double(std::abs(i.data()[k])));
                         })) == "");
}

TEMPLATE_TEST_CASE("large eager reductions match a loop over every axis", "[eager]", double, float,
                   std::int64_t, bool) {
  using T = TestType;
  using S = std::conditional_t<std::is_floating_point_v<T>, T, std::int64_t>;
  // Long rows, long columns, and a square: each layout takes a different parallel split.
  const auto shape =
      GENERATE(Shape{kLarge}, Shape{3, kLarge / 3}, Shape{kLarge / 3, 3}, Shape{600, 600});
  INFO("shape " << da::detail::to_string(shape));
  const auto a = test::sample<T>(shape, 1);
  std::vector<std::optional<int>> axes{std::nullopt};
  for (int axis = 0; axis < static_cast<int>(shape.size()); ++axis) axes.push_back(axis);
  for (const auto ax : axes) {
    INFO("axis " << (ax ? std::to_string(*ax) : "None"));
    const auto sum = test::reduce_loop<S>(
        a, ax, S(0), [](T x) { return S(x); }, [](S acc, T x) { return S(acc + S(x)); });
    const auto count = test::reduce_loop<std::int64_t>(
        a, ax, 0, [](T x) -> std::int64_t { return x != T(0); },
        [](std::int64_t acc, T x) -> std::int64_t { return acc + (x != T(0)); });
    const auto min = test::reduce_loop<T>(
        a, ax, T(0), [](T x) { return x; }, [](T acc, T x) { return x < acc ? x : acc; });
    const auto max = test::reduce_loop<T>(
        a, ax, T(0), [](T x) { return x; }, [](T acc, T x) { return x > acc ? x : acc; });
    CHECK(test::difference(ax ? da::sum(a, *ax) : da::sum(a), sum) == "");
    CHECK(test::difference(ax ? da::count_nonzero(a, *ax) : da::count_nonzero(a), count) == "");
    CHECK(test::difference(ax ? da::min(a, *ax) : da::min(a), min) == "");
    CHECK(test::difference(ax ? da::max(a, *ax) : da::max(a), max) == "");
  }
}

TEST_CASE("eager reductions give the same bits on one thread and on all", "[eager]") {
  // Non-integer samples: any change in the order of additions would change the rounding.
  const auto x = da::eager::random::uniform<float>(-1.0, 1.0, {kLarge}, 11);
  const auto y = da::eager::random::uniform(-1.0, 1.0, {700, 700}, 12);
  const auto parallel = std::tuple{da::sum(x), da::mean(y), da::sum(y, 0), da::mean(y, 1)};
  const auto serial = on_one_thread([&] {
    return std::tuple{da::sum(x), da::mean(y), da::sum(y, 0), da::mean(y, 1)};
  });
  CHECK(test::bitwise_equal(std::get<0>(parallel), std::get<0>(serial)));
  CHECK(test::bitwise_equal(std::get<1>(parallel), std::get<1>(serial)));
  CHECK(test::bitwise_equal(std::get<2>(parallel), std::get<2>(serial)));
  CHECK(test::bitwise_equal(std::get<3>(parallel), std::get<3>(serial)));
  const auto sample =
      on_one_thread([] { return da::eager::random::uniform(0.0, 1.0, {kLarge}, 5); });
  CHECK(test::bitwise_equal(sample, da::eager::random::uniform(0.0, 1.0, {kLarge}, 5)));
}

TEST_CASE("large eager uniform equals the lazy one chunked across pieces", "[eager]") {
  const auto eager = da::eager::random::uniform(-2.0, 5.0, {kLarge}, 77);
  const auto lazy =
      da::random::uniform(-2.0, 5.0, {kLarge}, {da::scheduler::kParallelGrain + 3}, 77);
  CHECK(test::bitwise_equal(lazy.compute(), eager));
}

TEST_CASE("eager operations leave their operands untouched", "[eager]") {
  const auto a = test::sample<double>({5, 4}, 1);
  const auto original = a;
  auto b = a * 3.0 + 1.0;
  auto c = -a;
  auto s = da::sum(a, 0);
  b(0, 0) = 1000;
  c(1, 1) = 1000;
  CHECK(test::bitwise_equal(a, original));
  CHECK(s.shape() == Shape{4});
  // A 0-d operand broadcasts; two 0-d operands give a 0-d result.
  const da::NDArray<double> two({}, {2.0});
  CHECK(test::difference(a * two, a * 2.0) == "");
  CHECK((two * two).shape() == Shape{});
  CHECK((two * two).item() == 4.0);
}

TEST_CASE("the generic pi expression runs eagerly", "[eager]") {
  const auto pi = [](auto pts) { return da::count_nonzero(da::sum(da::square(pts), 0) < 1.0); };
  const auto pts = da::eager::random::uniform(-1.0, 1.0, {2, kLarge}, 3);
  const auto squares =
      da::square(pts);  // rounded as the pipeline rounds them: no fused multiply-add
  std::int64_t inside = 0;
  for (std::int64_t i = 0; i < kLarge; ++i) inside += squares(0, i) + squares(1, i) < 1.0;
  CHECK(pi(pts).item() == inside);
  CHECK(pi(da::random::uniform(-1.0, 1.0, {2, kLarge}, {2, 100'000}, 3)).compute().item() ==
        inside);
  CHECK(4.0 * double(inside) / double(kLarge) == Approx(3.14159).margin(0.02));
}
