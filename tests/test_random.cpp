// random::uniform: values in [low, high), bitwise independent of chunking and equal to the eager
// twin, seeds that select distinct streams, and a sanity check of the distribution.

#include <catch2/catch.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

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

// ---- normal and integers --------------------------------------------------------------------

namespace {

constexpr std::int64_t kMin = std::numeric_limits<std::int64_t>::min();
constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();

/// The test chunkings (ranks 0 to 4, even and uneven), plus empty arrays and one big enough
/// that the eager twin is cut into several parallel pieces.
std::vector<test::Chunking> random_chunkings() {
  auto all = test::chunkings();
  all.push_back({{0}, {1}});
  all.push_back({{3, 0, 2}, {2, 1, 2}});
  all.push_back({{300, 700}, {64, 100}});
  return all;
}

/// `lazy`, computed with every scheduler option and through a fused elementwise chain (which
/// fills tile by tile), equals `eager` bit for bit.
template <class T>
void check_equals_eager(const da::Array<T>& lazy, const da::NDArray<T>& eager) {
  for (const auto& options : test::all_options()) {
    INFO(test::describe(options));
    CHECK(test::bitwise_equal(lazy.compute(options), eager));
    CHECK(test::bitwise_equal(da::negative(lazy).compute(options), da::negative(eager)));
  }
}

std::uint64_t offset_from(std::int64_t x, std::int64_t low) {
  return static_cast<std::uint64_t>(x) - static_cast<std::uint64_t>(low);
}

}  // namespace

TEMPLATE_TEST_CASE("lazy normal is bitwise the eager twin for every chunking and scheduler",
                   "[random]", double, float) {
  using T = TestType;
  for (const auto& c : random_chunkings()) {
    INFO(test::describe(c));
    // A mean and stddev that are not powers of two, so any difference in rounding shows.
    const auto eager = da::eager::random::normal<T>(0.3, 1.7, c.shape, 11);
    check_equals_eager(da::random::normal<T>(0.3, 1.7, c.shape, c.chunks, 11), eager);
  }
}

TEST_CASE("lazy integers are bitwise the eager twin for every chunking and scheduler", "[random]") {
  // Widths 6, 2^63 + 1 (nearly half the draws rejected and redrawn) and the whole int64 range.
  const auto [low, high] = GENERATE(std::pair{std::int64_t{-2}, std::int64_t{4}},
                                    std::pair{kMin, std::int64_t{1}}, std::pair{kMin, kMax});
  INFO("low " << low << " high " << high);
  for (const auto& c : random_chunkings()) {
    INFO(test::describe(c));
    const auto eager = da::eager::random::integers(low, high, c.shape, 5);
    check_equals_eager(da::random::integers(low, high, c.shape, c.chunks, 5), eager);
  }
}

TEST_CASE(
    "integers lie from low up to but not including high for widths from 1 to the whole int64 range",
    "[random]") {
  const auto [low, high] = GENERATE(
      std::pair{std::int64_t{7}, std::int64_t{8}}, std::pair{std::int64_t{-1}, std::int64_t{1}},
      std::pair{kMax - 1, kMax}, std::pair{kMin, kMin + 1}, std::pair{kMin, std::int64_t{0}},
      std::pair{-(std::int64_t{1} << 62), std::int64_t{1} << 62}, std::pair{kMin, kMax});
  INFO("low " << low << " high " << high);
  const auto width = offset_from(high, low);
  const auto x = da::eager::random::integers(low, high, {20'000}, 9);
  CHECK(test::bitwise_equal(da::random::integers(low, high, {20'000}, {3'000}, 9).compute(), x));
  CHECK(std::all_of(x.begin(), x.end(), [&](std::int64_t v) { return low <= v && v < high; }));
  if (width == 1) {
    CHECK(std::all_of(x.begin(), x.end(), [&](std::int64_t v) { return v == low; }));
  } else {
    // Both halves of the range are hit, about equally (std of a half's count ~ 71).
    const auto lower = std::count_if(x.begin(), x.end(), [&](std::int64_t v) {
      return offset_from(v, low) < width - width / 2;
    });
    CHECK(lower == Approx(10'000).margin(600));
  }
}

TEST_CASE("integers hit every value of a small range equally often", "[random]") {
  const auto [low, high] = GENERATE(
      std::pair{std::int64_t{0}, std::int64_t{6}}, std::pair{std::int64_t{-3}, std::int64_t{4}},
      std::pair{std::int64_t{1}, std::int64_t{2}} /* width 1: one bin */);
  INFO("low " << low << " high " << high);
  constexpr std::int64_t n = 600'000;
  const auto x = da::eager::random::integers(low, high, {n}, 2024);
  std::vector<std::int64_t> counts(static_cast<std::size_t>(high - low), 0);
  for (auto v : x) ++counts.at(static_cast<std::size_t>(v - low));
  const double expected = double(n) / double(counts.size());
  double chi2 = 0;
  for (auto count : counts) chi2 += (count - expected) * (count - expected) / expected;
  // At most 6 degrees of freedom: P(chi2 > 45) < 1e-7, so this never flakes by chance, while
  // one value of [0, 6) drawn 2.5 % too often gives chi2 ~ 75.
  CHECK(chi2 < 45);
}

TEST_CASE("integers stay unbiased where a plain multiply-shift would not", "[random]") {
  // Width 3 * 2^62: the high word of bits * width maps four draws onto three values, doubling
  // every value whose offset is a multiple of 3. Rejecting the 2^64 mod width = 2^62 extra
  // draws (a quarter of all) restores 1/3 for each residue.
  const std::int64_t low = kMin, high = std::int64_t{1} << 62;
  constexpr std::int64_t n = 300'000;
  const auto x = da::eager::random::integers(low, high, {n}, 17);
  std::array<std::int64_t, 3> residues{};
  for (auto v : x) ++residues.at(offset_from(v, low) % 3);
  // Standard deviation of a residue's count: sqrt(n * 2/9) ~ 258.
  for (auto count : residues) CHECK(count == Approx(n / 3).margin(2'000));
}

TEMPLATE_TEST_CASE("a million normal samples have the moments of the distribution", "[random]",
                   double, float) {
  using T = TestType;
  constexpr double mean = 2.0, stddev = 3.0;
  constexpr std::int64_t n = 1'000'000;
  const auto x = da::eager::random::normal<T>(mean, stddev, {n}, 99);
  double sum = 0, sum_sq = 0, sum_4 = 0;
  std::int64_t within_one = 0;
  for (T v : x) {
    const double z = (double(v) - mean) / stddev;
    sum += z;
    sum_sq += z * z;
    sum_4 += z * z * z * z;
    within_one += std::abs(z) < 1;
  }
  // Standard errors for n = 10^6: mean 0.001, variance 0.0014, fourth moment 0.0098, the
  // fraction within one stddev 0.00047; allow about 6 of each.
  CHECK(sum / n == Approx(0).margin(0.006));
  CHECK(sum_sq / n == Approx(1).margin(0.009));
  CHECK(sum_4 / n == Approx(3).margin(0.06));
  CHECK(double(within_one) / n == Approx(0.682689).margin(0.003));
  CHECK(std::all_of(x.begin(), x.end(), [](T v) { return std::isfinite(v); }));
}

TEST_CASE("normal with stddev 0 is the mean everywhere, and scales a standard normal", "[random]") {
  const auto flat = da::random::normal(1.25, 0.0, {40}, {7}, 3).compute();
  CHECK(std::all_of(flat.begin(), flat.end(), [](double v) { return v == 1.25; }));
  const auto standard = da::eager::random::normal(0.0, 1.0, {1000}, 3);
  const auto scaled = da::eager::random::normal(-4.0, 0.5, {1000}, 3);
  for (std::int64_t i = 0; i < 1000; ++i) {
    CHECK(scaled.data()[i] == Approx(-4.0 + 0.5 * standard.data()[i]).epsilon(1e-15).margin(1e-15));
  }
  // float rounds the double sample once.
  const auto single = da::eager::random::normal<float>(-4.0, 0.5, {1000}, 3);
  for (std::int64_t i = 0; i < 1000; ++i) CHECK(single.data()[i] == float(scaled.data()[i]));
}

TEST_CASE("normal and integers: the seed selects the stream, apart from uniform's", "[random]") {
  const auto a = da::eager::random::normal(0.0, 1.0, {1000}, 1);
  CHECK(test::bitwise_equal(a, da::eager::random::normal(0.0, 1.0, {1000}, 1)));
  const auto b = da::eager::random::normal(0.0, 1.0, {1000}, 2);
  std::int64_t same = 0;
  for (std::int64_t i = 0; i < 1000; ++i) same += a.data()[i] == b.data()[i];
  CHECK(same == 0);
  // The default seed is a seed like any other.
  CHECK(test::bitwise_equal(da::random::normal(0.0, 1.0, {50}, {7}).compute(),
                            da::eager::random::normal(0.0, 1.0, {50}, 0)));
  CHECK(test::bitwise_equal(da::random::integers(0, 9, {50}, {7}).compute(),
                            da::eager::random::integers(0, 9, {50}, 0)));
  const auto i1 = da::eager::random::integers(kMin, kMax, {1000}, 1);
  const auto i2 = da::eager::random::integers(kMin, kMax, {1000}, 2);
  same = 0;
  for (std::int64_t i = 0; i < 1000; ++i) same += i1.data()[i] == i2.data()[i];
  CHECK(same == 0);
  // Over the whole int64 range an integer is nearly its draw's bits; a uniform sample is its
  // draw's top 53 bits. Were the two streams one, they would agree to 2^-53.
  const auto u = da::eager::random::uniform(0.0, 1.0, {1000}, 1);
  same = 0;
  for (std::int64_t i = 0; i < 1000; ++i) {
    same += std::abs(double(offset_from(i1.data()[i], kMin)) * 0x1.0p-64 - u.data()[i]) < 1e-9;
  }
  CHECK(same == 0);
}

TEST_CASE("random layer names are deterministic and depend on every parameter", "[random]") {
  const auto ref = da::random::normal(0.0, 1.0, {10}, {5}, 1).name();
  CHECK(da::random::normal(0.0, 1.0, {10}, {5}, 1).name() == ref);
  CHECK(da::random::normal(0.5, 1.0, {10}, {5}, 1).name() != ref);
  CHECK(da::random::normal(0.0, 2.0, {10}, {5}, 1).name() != ref);
  CHECK(da::random::normal(0.0, 1.0, {10}, {5}, 2).name() != ref);
  CHECK(da::random::normal(0.0, 1.0, {10}, {2}, 1).name() != ref);
  CHECK(da::random::normal<float>(0.0, 1.0, {10}, {5}, 1).name() != ref);
  CHECK(da::random::uniform(0.0, 1.0, {10}, {5}, 1).name() != ref);
  const auto ints = da::random::integers(0, 6, {10}, {5}, 1).name();
  CHECK(da::random::integers(0, 6, {10}, {5}, 1).name() == ints);
  CHECK(da::random::integers(1, 6, {10}, {5}, 1).name() != ints);
  CHECK(da::random::integers(0, 7, {10}, {5}, 1).name() != ints);
  CHECK(da::random::integers(0, 6, {10}, {5}, 2).name() != ints);
}

TEST_CASE("normal and integers reject bad arguments, naming them", "[random]") {
  using Catch::Matchers::Contains;
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  const auto throws = [](auto make, const std::string& text) {
    try {
      make();
    } catch (const std::invalid_argument& e) {
      CHECK_THAT(e.what(), Contains(text));
      return;
    }
    FAIL("no std::invalid_argument; expected: " << text);
  };
  throws([] { return da::random::integers(5, 5, {4}, {2}); },
         "random::integers: low = 5 must be less than high = 5");
  throws([] { return da::random::integers(6, -1, {4}, {2}); }, "low = 6");
  throws([] { return da::eager::random::integers(kMax, kMin, {4}); },
         "eager::random::integers: low = 9223372036854775807 must be less than high = "
         "-9223372036854775808");
  throws([&] { return da::random::normal(nan, 1.0, {4}, {2}); },
         "random::normal: mean = nan must be finite");
  throws([&] { return da::random::normal(-inf, 1.0, {4}, {2}); }, "mean = -inf");
  throws([] { return da::random::normal(0.0, -1.0, {4}, {2}); },
         "random::normal: stddev = -1 must be >= 0");
  throws([&] { return da::random::normal<float>(0.0, inf, {4}, {2}); },
         "stddev = inf must be finite");
  throws([&] { return da::eager::random::normal(0.0, nan, {4}); },
         "eager::random::normal: stddev = nan");
  throws([] { return da::eager::random::normal<float>(0.0, -0.5, {4}); }, "stddev = -0.5");
  throws([] { return da::random::normal(0.0, 1.0, {10}, {0}); }, "random::normal: chunks[0] = 0");
  throws(
      [] {
        return da::random::integers(0, 2, {3, -4}, {1, 1});
      },
      "random::integers: shape[1] = -4");
  throws([] { return da::eager::random::integers(0, 2, {-1}); },
         "eager::random::integers: shape[0] = -1");
  throws(
      [] {
        return da::eager::random::normal(0.0, 1.0, {2, -3});
      },
      "eager::random::normal: shape[1] = -3");
}

TEST_CASE("the streams are pinned: a seed gives the same numbers in every build", "[random]") {
  // Values from a -march=native build, which every build reproduces: no compiler choice of
  // contraction is left in the formulas. Normal samples go through libm's log and cos, whose
  // last bit could differ between C libraries, so they are pinned to 1e-14 only.
  const auto u = da::eager::random::uniform(0.1, 7.3, {3}, 42);
  CHECK(u.data()[0] == 0x1.692271f58a21cp+2);
  CHECK(u.data()[1] == 0x1.82c693670976ep-1);
  CHECK(u.data()[2] == 0x1.1d5e1dd64858p+2);
  const auto n = da::eager::random::normal(0.3, 1.7, {3}, 42);
  CHECK(n.data()[0] == Approx(0x1.11af4da0e4ebp+1).epsilon(1e-14));
  CHECK(n.data()[1] == Approx(0x1.096132746f624p+2).epsilon(1e-14));
  CHECK(n.data()[2] == Approx(-0x1.039e0c228899p+2).epsilon(1e-14));
  const auto small = da::eager::random::integers(-5, 1000, {3}, 42);
  CHECK(std::vector<std::int64_t>(small.begin(), small.end()) ==
        std::vector<std::int64_t>{982, 589, 157});
  // Width 2^63 + 1, where about half of all draws are rejected and redrawn.
  const auto wide = da::eager::random::integers(kMin, 1, {6}, 42);
  CHECK(std::vector<std::int64_t>(wide.begin(), wide.end()) ==
        std::vector<std::int64_t>{-158273722676686419, -2673478982866171114, -7728523033341529309,
                                  -6997701855812190226, -1913200172276356181,
                                  -2216009685764951634});
}

TEST_CASE("uniform spans bounds whose difference overflows, and refuses bounds beyond the dtype",
          "[random]") {
  // high - low is 3.4e308, past the largest double: each sample is then made from halves.
  const double low = -1.7e308;
  const double high = 1.7e308;
  const auto eager = da::eager::random::uniform(low, high, {4000}, 5);
  double below_zero = 0;
  for (double v : eager) {
    REQUIRE(std::isfinite(v));
    REQUIRE(v >= low);
    REQUIRE(v <= high);
    below_zero += v < 0;
  }
  CHECK(below_zero == Approx(2000).margin(200));
  const auto lazy = da::random::uniform(low, high, {4000}, {300}, 5).compute();
  CHECK(std::equal(eager.begin(), eager.end(), lazy.begin()));
  const auto wide_float = da::eager::random::uniform<float>(-3e38, 3e38, {100}, 5);
  for (float v : wide_float) REQUIRE(std::isfinite(v));
  // A range that fits keeps its pinned bits (the previous case): halving is only for overflow.
  const auto throws = [](auto make, const std::string& text) {
    CHECK_THROWS_WITH(make(), Catch::Matchers::Contains(text));
  };
  throws([] { return da::eager::random::uniform<float>(-1e39, 1.0, {2}); },
         "eager::random::uniform: low = -1e+39 is out of range for float32");
  throws([] { return da::random::uniform<float>(0.0, 1e300, {2}, {1}); },
         "random::uniform: high = 1e+300 is out of range for float32");
}
