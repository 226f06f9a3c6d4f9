// rechunk: values preserved between any two chunkings, only overlapping blocks read, and
// operands of equal shape but different chunks aligned automatically.

#include <catch2/catch.hpp>

#include "test_support.hpp"

namespace {

using test::Shape;

/// Every (from, to) pair of the given chunk sizes, on an array of `shape`.
void check_all_pairs(const Shape& shape, const std::vector<Shape>& chunkings) {
  const auto a = test::sample<double>(shape, 3);
  for (const auto& from : chunkings) {
    for (const auto& to : chunkings) {
      INFO("shape " << da::detail::to_string(shape) << ": " << da::detail::to_string(from) << " -> "
                    << da::detail::to_string(to));
      const auto y = da::rechunk(da::from_ndarray(a, from), to);
      CHECK(y.chunks() == da::zeros(shape, to).chunks());
      CHECK(test::bitwise_equal(y.compute(), a));
    }
  }
}

}  // namespace

TEST_CASE("rechunk preserves values between any two chunkings", "[rechunk]") {
  check_all_pairs({10}, {{1}, {2}, {3}, {4}, {7}, {10}});
  check_all_pairs({7, 5}, {{1, 1}, {2, 3}, {3, 2}, {7, 5}, {4, 5}, {7, 1}, {5, 4}});
  check_all_pairs({4, 5, 6}, {{1, 2, 3}, {4, 5, 6}, {3, 1, 4}, {2, 5, 1}});
  check_all_pairs({2, 3, 2, 3}, {{1, 1, 1, 1}, {2, 2, 2, 2}, {1, 3, 2, 2}});
  check_all_pairs({}, std::vector<Shape>{Shape{}});
  check_all_pairs({0, 3}, {{1, 1}, {1, 3}, {2, 2}});
}

TEST_CASE("rechunk keeps the dtype and works on every element type", "[rechunk]") {
  const auto b = test::sample<bool>({9, 4}, 1);
  const auto i = test::sample<std::int64_t>({9, 4}, 2);
  const auto f = test::sample<float>({9, 4}, 3);
  CHECK(test::bitwise_equal(da::rechunk(da::from_ndarray(b, {2, 3}), {4, 1}).compute(), b));
  CHECK(test::bitwise_equal(da::rechunk(da::from_ndarray(i, {2, 3}), {9, 2}).compute(), i));
  CHECK(test::bitwise_equal(da::rechunk(da::from_ndarray(f, {2, 3}), {5, 4}).compute(), f));
}

TEST_CASE("rechunk to the current chunks is the same array", "[rechunk]") {
  const auto x = da::arange(10, 3);
  CHECK(da::rechunk(x, {3}).name() == x.name());
  CHECK(da::rechunk(x, {4}).name() == da::rechunk(x, {4}).name());
  CHECK(da::rechunk(x, {4}).name() != da::rechunk(x, {5}).name());
}

TEST_CASE("a rechunked block reads only the old blocks it overlaps", "[rechunk]") {
  // Old blocks [0,3) [3,6) [6,9) [9,10); new blocks [0,5) [5,10).
  const auto y = da::rechunk(da::arange(10, 3), {5});
  const da::core::LayerPtr outputs[] = {y.layer()};
  const auto g = da::core::Graph::from_layers(outputs);
  const auto first = g.first_task(g.output_layers()[0]);
  const auto blocks_read = [&](da::core::TaskId t) {
    std::vector<std::int64_t> out;
    for (auto d : g.dependencies(t)) out.push_back(g.block(d));
    return out;
  };
  CHECK(blocks_read(first) == std::vector<std::int64_t>{0, 1});
  CHECK(blocks_read(first + 1) == std::vector<std::int64_t>{1, 2, 3});
}

TEST_CASE("operands of equal shape but different chunks are aligned", "[rechunk]") {
  const auto a = test::sample<double>({7, 5}, 1);
  const auto b = test::sample<double>({7, 5}, 2);
  const auto x = da::from_ndarray(a, {3, 2});
  const auto y = da::from_ndarray(b, {2, 5});
  const auto sum_xy = x + y;
  const auto prod_yx = y * x;
  CHECK(sum_xy.chunks() == x.chunks());  // as Dask: the result follows the first operand
  CHECK(prod_yx.chunks() == y.chunks());
  CHECK(test::difference(sum_xy.compute(), a + b) == "");
  CHECK(test::difference(prod_yx.compute(), b * a) == "");
  CHECK(test::difference((x < y).compute(), a < b) == "");
  const auto z = da::from_ndarray(test::sample<std::int64_t>({7, 5}, 3), {7, 1});
  CHECK(test::difference((x + y - z).compute(), a + b - test::sample<std::int64_t>({7, 5}, 3)) ==
        "");
  CHECK(test::difference(da::sum(x * y, 1).compute(), da::sum(a * b, 1)) == "");
}
