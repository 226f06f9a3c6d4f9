// Instruction-set levels (isa.hpp): the levels this CPU has are found and named, a level it
// lacks or a wrong name is refused, and every available level draws bitwise the same random
// numbers, so that the π count, a float sum and other operations come out the same at each.

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "test_support.hpp"

namespace {

using da::Isa;

/// Sets a level for one scope and restores the one before.
class LevelForScope {
 public:
  explicit LevelForScope(Isa isa) : _before(da::active_isa()) { da::set_isa(isa); }
  ~LevelForScope() { da::set_isa(_before); }
  LevelForScope(const LevelForScope&) = delete;
  LevelForScope& operator=(const LevelForScope&) = delete;

 private:
  Isa _before;
};

template <class T>
bool same_bits(const std::vector<T>& a, const std::vector<T>& b) {
  // Empty vectors may hold null, which memcmp must not be given even for no bytes.
  return a.size() == b.size() &&
         (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(T)) == 0);
}

// Rows at offsets and lengths that leave vector remainders, from counters low and near 2^64.
struct Row {
  std::uint64_t first;
  std::int64_t count;
};
const Row kRows[] = {{0, 0},
                     {0, 1},
                     {12'345, 1'001},
                     {(std::uint64_t{1} << 63) + 7, 333},
                     {std::numeric_limits<std::uint64_t>::max() - 100, 101}};

}  // namespace

TEST_CASE("isa: baseline is always available, levels are listed lowest first", "[isa]") {
  const auto levels = da::available_isas();
  REQUIRE_FALSE(levels.empty());
  CHECK(levels.front() == Isa::baseline);
  CHECK(std::is_sorted(levels.begin(), levels.end()));
  CHECK(std::find(levels.begin(), levels.end(), da::active_isa()) != levels.end());
  if (!da::isa_forced_by_environment()) CHECK(da::active_isa() == levels.back());
}

TEST_CASE("isa: names parse both ways and a wrong name is refused with it", "[isa]") {
  for (const auto isa : {Isa::baseline, Isa::avx2, Isa::avx512}) {
    CHECK(da::parse_isa(da::isa_name(isa)) == isa);
  }
  CHECK_THROWS_WITH(da::parse_isa("sse9"),
                    Catch::Contains("\"sse9\"") && Catch::Contains("baseline, avx2, avx512"));
  CHECK_THROWS_AS(da::parse_isa("AVX2"), std::invalid_argument);
  CHECK_THROWS_AS(da::isa_name(static_cast<Isa>(7)), std::invalid_argument);
  CHECK_THROWS_AS(da::set_isa(static_cast<Isa>(7)), std::invalid_argument);
}

TEST_CASE("isa: a level this CPU lacks is refused, naming the ones it has", "[isa]") {
  const auto levels = da::available_isas();
  for (const auto isa : {Isa::avx2, Isa::avx512}) {
    if (std::find(levels.begin(), levels.end(), isa) != levels.end()) continue;
    CHECK_THROWS_WITH(da::set_isa(isa),
                      Catch::Contains(std::string(da::isa_name(isa))) && Catch::Contains("lacks"));
    CHECK_THROWS_AS(da::detail::random_kernels(isa), std::invalid_argument);
  }
  SUCCEED("levels here: " << levels.size());
}

TEST_CASE("isa: every level's random kernels give the formula's bits", "[isa]") {
  namespace dd = da::detail;
  const auto uniform_key = dd::stream_key(42, dd::Distribution::uniform);
  const auto normal_key = dd::stream_key(42, dd::Distribution::normal);
  const auto integers_key = dd::stream_key(42, dd::Distribution::integers);
  // A narrow range, and one wider than 2^63, where nearly half the first draws are rejected.
  const dd::IntegerRange ranges[] = {
      dd::integer_range(1, 7),
      dd::integer_range(std::numeric_limits<std::int64_t>::min(), std::int64_t{1})};
  for (const auto isa : da::available_isas()) {
    const auto& kernels = dd::random_kernels(isa);
    for (const auto [first, count] : kRows) {
      INFO("level " << da::isa_name(isa) << ", first " << first << ", count " << count);
      const auto n = static_cast<std::size_t>(count);
      std::vector<double> doubles(n), want_doubles(n);
      std::vector<float> floats(n), want_floats(n);
      for (const bool halved : {false, true}) {
        kernels.uniform_double(doubles.data(), uniform_key, first, count, -1.0, 2.0, halved);
        kernels.uniform_float(floats.data(), uniform_key, first, count, 0.5F, 3.0F, halved);
        for (std::size_t j = 0; j < n; ++j) {
          const double u = dd::uniform_at(uniform_key, first + j, -1.0, 2.0);
          const float v = dd::uniform_at(uniform_key, first + j, 0.5F, 3.0F);
          want_doubles[j] = halved ? 2 * u : u;
          want_floats[j] = halved ? 2 * v : v;
        }
        CHECK(same_bits(doubles, want_doubles));
        CHECK(same_bits(floats, want_floats));
      }
      kernels.normal_double(doubles.data(), normal_key, first, count, 3.0, 0.25);
      kernels.normal_float(floats.data(), normal_key, first, count, 3.0, 0.25);
      for (std::size_t j = 0; j < n; ++j) {
        want_doubles[j] = dd::normal_at<double>(normal_key, first + j, 3.0, 0.25);
        want_floats[j] = dd::normal_at<float>(normal_key, first + j, 3.0, 0.25);
      }
      CHECK(same_bits(doubles, want_doubles));
      CHECK(same_bits(floats, want_floats));
      for (const auto& range : ranges) {
        std::vector<std::int64_t> integers(n), want_integers(n);
        kernels.integers(integers.data(), integers_key, first, count, range);
        for (std::size_t j = 0; j < n; ++j) {
          want_integers[j] = dd::integer_at(integers_key, first + j, range);
        }
        CHECK(same_bits(integers, want_integers));
      }
    }
  }
}

TEST_CASE("isa: pi, a float sum and array operations are bitwise equal at every level", "[isa]") {
  struct Results {
    std::int64_t inside = 0;
    float float_sum = 0;
    std::vector<double> operations;
  };
  const auto run = [] {
    Results out;
    const std::int64_t n = 300'000;
    const auto points = da::random::uniform(-1.0, 1.0, {2, n}, {2, 70'001}, 42);
    out.inside = da::count_nonzero(da::sum(da::square(points), 0) < 1.0).compute().item();
    out.float_sum =
        da::sum(da::random::uniform<float>(0.0, 1.0, {1000, 301}, {128, 64}, 3)).compute().item();
    const auto noise = da::random::normal(0.0, 2.0, {120, 90}, {50, 40}, 9);
    const auto dice = da::random::integers(1, 7, {10'000}, {999}, 5);
    const auto a = da::random::uniform(-1.0, 1.0, {64, 48}, {32, 20}, 11);
    const auto push = [&](const auto& array) {
      const auto values = array.compute();
      for (const auto x : values) out.operations.push_back(static_cast<double>(x));
    };
    push(da::mean(da::sqrt(da::abs(noise)), 0));
    push(da::var(noise, 1));  // Welford's combine: a * b + c that a level with FMA could fuse
    push(da::stddev(noise));
    push(noise * da::random::uniform(0.5, 2.0, {90}, {40}, 21) - 1.0);  // broadcast over rows
    push(da::cumsum(dice));
    push(da::matmul(a, da::transpose(a)));
    for (const auto x : da::eager::random::normal<float>(1.0, 0.5, {777}, 13)) {
      out.operations.push_back(static_cast<double>(x));
    }
    return out;
  };
  const auto levels = da::available_isas();
  Results reference;
  {
    const LevelForScope level(Isa::baseline);
    reference = run();
  }
  CHECK(reference.inside > 0);
  for (const auto isa : levels) {
    INFO("level " << da::isa_name(isa));
    const LevelForScope level(isa);
    CHECK(da::active_isa() == isa);
    const auto got = run();
    CHECK(got.inside == reference.inside);
    CHECK(std::memcmp(&got.float_sum, &reference.float_sum, sizeof(float)) == 0);
    CHECK(same_bits(got.operations, reference.operations));
  }
}
