// map_blocks: a user function on every block, its result dtype, shape errors, and names that
// are shared only when the function can be compared.

#include <catch2/catch.hpp>

#include <algorithm>
#include <mutex>

#include "test_support.hpp"

namespace {

using Catch::Matchers::Contains;
using test::Shape;

da::Array<double> add_one_stateless(const da::Array<double>& a) {
  return da::map_blocks([](const da::NDArray<double>& b) { return b + 1.0; }, a);
}

da::Array<double> add_capturing(const da::Array<double>& a, double k) {
  return da::map_blocks([k](const da::NDArray<double>& b) { return b + k; }, a);
}

da::NDArray<double> halve(const da::NDArray<double>& b) {
  return b / 2.0;
}

da::NDArray<double> third(const da::NDArray<double>& b) {
  return b / 3.0;
}

}  // namespace

TEST_CASE("map_blocks applies the function once to every block with the block's shape",
          "[map_blocks]") {
  const auto c = GENERATE(from_range(test::chunkings()));
  INFO(test::describe(c));
  const auto a = test::sample<double>(c.shape, 1);
  const auto x = da::from_ndarray(a, c.chunks);
  std::mutex mutex;
  std::vector<Shape> seen;
  const auto y = da::map_blocks(
      [&](const da::NDArray<double>& block) {
        std::lock_guard lock(mutex);
        seen.push_back(block.shape());
        return block * 10.0 - 1.0;
      },
      x);
  CHECK(y.chunks() == x.chunks());
  CHECK(test::difference(y.compute(), a * 10.0 - 1.0) == "");
  std::vector<Shape> expected;
  for (std::int64_t b = 0; b < x.num_blocks(); ++b) expected.push_back(x.layer()->block_shape(b));
  std::sort(seen.begin(), seen.end());
  std::sort(expected.begin(), expected.end());
  CHECK(seen == expected);
}

TEST_CASE("map_blocks takes its dtype from the function's result", "[map_blocks]") {
  const auto x = da::arange(-4, 6, 1, 3);
  const auto positive = da::map_blocks([](const da::NDArray<std::int64_t>& b) { return b > 0; }, x);
  const auto roots =
      da::map_blocks([](const da::NDArray<std::int64_t>& b) { return da::sqrt(b); }, x);
  STATIC_REQUIRE(std::is_same_v<decltype(positive), const da::Array<bool>>);
  STATIC_REQUIRE(std::is_same_v<decltype(roots), const da::Array<double>>);
  CHECK(positive.dtype() == "bool");
  CHECK(roots.dtype() == "float64");
  const auto eager = da::eager::arange(-4, 6, 1);
  CHECK(test::difference(positive.compute(), eager > 0) == "");
  CHECK(test::difference(roots.compute(), da::sqrt(eager)) == "");
}

TEST_CASE("a result of the wrong shape is a TaskError caused by invalid_argument", "[map_blocks]") {
  const auto x = da::ones({10}, {4});
  const auto wrong =
      da::map_blocks([](const da::NDArray<double>&) { return da::NDArray<double>({1}); }, x);
  for (const auto& options : test::all_options()) {
    INFO(test::describe(options));
    try {
      wrong.compute(options);
      FAIL("compute() did not throw");
    } catch (const da::TaskError& error) {
      CHECK_THAT(error.key(), Contains(wrong.name()));
      try {
        std::rethrow_if_nested(error);
        FAIL("no nested exception");
      } catch (const std::invalid_argument& cause) {
        CHECK_THAT(cause.what(), Contains("result shape") && Contains("(1,)"));
      }
    }
  }
}

TEST_CASE("map_blocks names are shared only for functions that can be compared", "[map_blocks]") {
  const auto x = da::arange(12, 5) * 1.0;
  CHECK(add_one_stateless(x).name() == add_one_stateless(x).name());
  CHECK(add_one_stateless(x).name() != add_one_stateless(x + 1.0).name());
  CHECK(add_capturing(x, 1.0).name() != add_capturing(x, 1.0).name());
  CHECK(da::map_blocks(halve, x).name() == da::map_blocks(halve, x).name());
  CHECK(da::map_blocks(halve, x).name() != da::map_blocks(third, x).name());
  // Two different stateless lambdas are different functions.
  const auto f = [](const da::NDArray<double>& b) { return b + 1.0; };
  const auto g = [](const da::NDArray<double>& b) { return b + 2.0; };
  CHECK(da::map_blocks(f, x).name() != da::map_blocks(g, x).name());
  // Each capturing lambda computes with its own state.
  const auto eager = da::eager::arange(0, 12, 1) * 1.0;
  CHECK(test::difference(add_capturing(x, 2.0).compute(), eager + 2.0) == "");
  CHECK(test::difference(add_capturing(x, 5.0).compute(), eager + 5.0) == "");
  const auto [two, five] = da::compute(add_capturing(x, 2.0), add_capturing(x, 5.0));
  CHECK(test::difference(two, eager + 2.0) == "");
  CHECK(test::difference(five, eager + 5.0) == "");
  CHECK(test::difference(da::map_blocks(halve, x).compute(), eager / 2.0) == "");
}

TEST_CASE("map_blocks on an NDArray is the function applied to it", "[map_blocks]") {
  const auto a = test::sample<double>({3, 4}, 2);
  const auto r = da::map_blocks(halve, a);
  STATIC_REQUIRE(std::is_same_v<decltype(r), const da::NDArray<double>>);
  CHECK(test::difference(r, a / 2.0) == "");
  // The same generic function works on both kinds of array.
  const auto plus_square = [](const auto& b) { return b + da::square(b); };
  CHECK(test::difference(da::map_blocks(plus_square, da::from_ndarray(a, {2, 3})).compute(),
                         da::map_blocks(plus_square, a)) == "");
}

TEST_CASE("map_blocks leaves its input's blocks untouched", "[map_blocks]") {
  // A block is handed to the function as a read-only view; a copy the function makes is its own.
  const auto a = test::sample<double>({6}, 1);
  const auto x = da::from_ndarray(a, {2});
  const auto y = da::map_blocks(
      [](const da::NDArray<double>& b) {
        auto copy = b;
        for (auto& v : copy) v = -100;
        return copy;
      },
      x);
  const auto [xs, ys] = da::compute(x, y);
  CHECK(test::difference(xs, a) == "");
  CHECK(std::all_of(ys.begin(), ys.end(), [](double v) { return v == -100; }));
}

TEST_CASE("map_blocks of several arrays broadcasts them as elementwise operations do",
          "[map_blocks]") {
  const auto x = test::sample<double>({6, 4}, 1);
  const auto row = test::sample<double>({4}, 2);
  const auto lx = da::from_ndarray(x, {4, 3});
  const auto lrow = da::from_ndarray(row, {2});  // rechunked to x's columns
  auto f = [](const da::NDArray<double>& a, const da::NDArray<double>& b) { return a * b + a; };
  const auto lazy = da::map_blocks(f, lx, lrow);
  CHECK(lazy.chunks() == da::Chunks{{4, 2}, {3, 1}});
  const auto expected = x * row + x;
  CHECK(test::bitwise_equal(da::map_blocks(f, x, row), expected));
  for (const auto& options : test::all_options()) {
    INFO(test::describe(options));
    CHECK(test::bitwise_equal(lazy.compute(options), expected));
  }
  const auto other = da::from_ndarray(test::sample<double>({5}), {5});
  CHECK_THROWS_WITH(da::map_blocks(f, lx, other), Catch::Contains("(6, 4) and (5,)"));
}

TEST_CASE("map_blocks hands a function that asks for it each block's BlockInfo", "[map_blocks]") {
  const auto lx = da::from_ndarray(test::sample<std::int64_t>({5, 7}), {2, 3});
  const auto located = da::map_blocks(
      [](const da::NDArray<std::int64_t>& b, const da::BlockInfo& info) {
        // Each element becomes its global flat index, from where its block sits.
        auto out = da::NDArray<std::int64_t>::empty(b.shape());
        for (std::int64_t i = 0; i < b.shape()[0]; ++i) {
          for (std::int64_t j = 0; j < b.shape()[1]; ++j) {
            out(i, j) = (info.offset[0] + i) * info.array_shape[1] + info.offset[1] + j;
          }
        }
        CHECK(info.shape == b.shape());
        CHECK(info.index[0] == info.offset[0] / 2);
        CHECK(info.index[1] == info.offset[1] / 3);
        return out;
      },
      lx);
  const auto values = located.compute();
  for (std::int64_t i = 0; i < values.size(); ++i) CHECK(values.data()[i] == i);
  const auto eager = da::map_blocks(
      [](const da::NDArray<std::int64_t>& b, const da::BlockInfo& info) {
        CHECK(info.offset == da::Shape{0, 0});
        CHECK(info.array_shape == b.shape());
        return b;
      },
      test::sample<std::int64_t>({5, 7}));
  CHECK(eager.shape() == da::Shape{5, 7});
}
