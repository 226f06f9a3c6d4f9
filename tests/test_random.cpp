// random::uniform: values in [low, high), bitwise independent of chunking and equal to the eager
// twin, seeds that select distinct streams, and a sanity check of the distribution.

#include <catch2/catch.hpp>

#include <algorithm>
#include <array>

#include "test_support.hpp"

namespace {

template <class T>
bool all_within(const da::NDArray<T>& a, double low, double high) {
  return std::all_of(a.begin(), a.end(), [&](T x) { return low <= x && x < high; });
}

}  // namespace

TEMPLATE_TEST_CASE("uniform samples lie between low included and high excluded", "[random]", double,
                   float) {
  using T = TestType;
  const auto [low, high] = GENERATE(std::pair{-1.0, 1.0}, std::pair{0.0, 1.0}, std::pair{2.5, 7.25},
                                    std::pair{-3.0, -2.0});
  INFO("low " << low << " high " << high);
  const auto lazy = da::random::uniform<T>(low, high, {300, 70}, {64, 16}, 7).compute();
  const auto eager = da::eager::random::uniform<T>(low, high, {300, 70}, 7);
  CHECK(all_within(lazy, low, high));
  CHECK(all_within(eager, low, high));
  // Both ends of the interval are approached: the samples span it.
  const auto [lo, hi] = std::minmax_element(eager.begin(), eager.end());
  CHECK(*lo < low + 0.01 * (high - low));
  CHECK(*hi > high - 0.01 * (high - low));
}

TEMPLATE_TEST_CASE("lazy uniform is bitwise the eager twin for every chunking", "[random]", double,
                   float) {
  using T = TestType;
  const auto c = GENERATE(test::Chunking{{1000}, {1}}, test::Chunking{{1000}, {7}},
                          test::Chunking{{1000}, {1000}}, test::Chunking{{13, 11}, {1, 1}},
                          test::Chunking{{13, 11}, {4, 3}}, test::Chunking{{13, 11}, {13, 11}},
                          test::Chunking{{13, 11}, {13, 2}}, test::Chunking{{5, 6, 7}, {2, 6, 3}},
                          test::Chunking{{3, 2, 4, 5}, {2, 1, 3, 5}}, test::Chunking{{}, {}});
  INFO(test::describe(c));
  // Bounds whose scale is not a power of two, so any difference in rounding shows.
  const auto eager = da::eager::random::uniform<T>(0.1, 7.3, c.shape, 42);
  const auto lazy = da::random::uniform<T>(0.1, 7.3, c.shape, c.chunks, 42);
  CHECK(test::bitwise_equal(lazy.compute(), eager));
  CHECK(test::bitwise_equal(lazy.compute({.scheduler = da::Scheduler::sync}), eager));
}

TEST_CASE("the seed selects the stream", "[random]") {
  const auto a = da::eager::random::uniform(-1.0, 1.0, {1000}, 1);
  const auto again = da::eager::random::uniform(-1.0, 1.0, {1000}, 1);
  const auto b = da::eager::random::uniform(-1.0, 1.0, {1000}, 2);
  CHECK(test::bitwise_equal(a, again));
  CHECK_FALSE(test::bitwise_equal(a, b));
  // Different seeds do not merely shift the stream: few elements coincide anywhere.
  std::int64_t same = 0;
  for (std::int64_t i = 0; i < a.size(); ++i) same += a.data()[i] == b.data()[i];
  CHECK(same < 5);
  const auto lazy1 = da::random::uniform(-1.0, 1.0, {1000}, {100}, 1).compute();
  const auto lazy2 = da::random::uniform(-1.0, 1.0, {1000}, {100}, 2).compute();
  CHECK(test::bitwise_equal(lazy1, a));
  CHECK(test::bitwise_equal(lazy2, b));
  // The default seed is a seed like any other.
  CHECK(test::bitwise_equal(da::random::uniform(0.0, 1.0, {50}, {7}).compute(),
                            da::eager::random::uniform(0.0, 1.0, {50}, 0)));
}

TEMPLATE_TEST_CASE("a million uniform samples have the mean and spread of the distribution",
                   "[random]", double, float) {
  using T = TestType;
  constexpr double low = -1.0, high = 3.0;
  constexpr std::int64_t n = 1'000'000;
  const auto x = da::eager::random::uniform<T>(low, high, {n}, 2024);
  double sum = 0, sum_sq = 0;
  std::array<std::int64_t, 10> bins{};
  for (T v : x) {
    sum += v;
    sum_sq += double(v) * double(v);
    ++bins.at(static_cast<std::size_t>((v - low) / (high - low) * 10));
  }
  const double mean = sum / n;
  const double variance = sum_sq / n - mean * mean;
  // Standard error of the mean: (high - low) / sqrt(12 n) ~ 0.0012; allow ~8 of them.
  CHECK(mean == Approx((low + high) / 2).margin(0.01));
  CHECK(variance == Approx((high - low) * (high - low) / 12).epsilon(0.02));
  // Each tenth of the interval holds a tenth of the samples (std of a bin ~ 300).
  for (auto count : bins) CHECK(count == Approx(n / 10).margin(5000));
  // The library's own reductions agree.
  const auto lazy_mean = da::mean(da::random::uniform<T>(low, high, {n}, {100'000}, 2024));
  CHECK(double(lazy_mean.compute().item()) == Approx(mean).margin(1e-3));
}
