// Arrays made from a shape or from an NDArray, and NDArray itself: element access, item(),
// reshape, value semantics.

#include <catch2/catch.hpp>

#include <limits>

#include "test_support.hpp"

namespace {

using test::Shape;

/// NumPy's arange by a plain loop.
da::NDArray<std::int64_t> arange_loop(std::int64_t start, std::int64_t stop, std::int64_t step) {
  std::vector<std::int64_t> values;
  for (auto v = start; step > 0 ? v < stop : v > stop; v += step) values.push_back(v);
  return da::NDArray<std::int64_t>({static_cast<std::int64_t>(values.size())}, values);
}

}  // namespace

TEST_CASE("arange counts from start by step up to stop", "[creation]") {
  const auto [start, stop, step] =
      GENERATE(std::tuple{0, 10, 1}, std::tuple{3, 10, 1}, std::tuple{3, 10, 3},
               std::tuple{-5, 6, 4}, std::tuple{10, 0, -1}, std::tuple{10, -3, -4},
               std::tuple{5, 5, 1}, std::tuple{5, 0, 1}, std::tuple{0, 5, -1});
  INFO("arange(" << start << ", " << stop << ", " << step << ")");
  const auto expected = arange_loop(start, stop, step);
  CHECK(test::difference(da::eager::arange(start, stop, step), expected) == "");
  for (std::int64_t chunk : {1, 2, 3}) {
    const auto lazy = da::arange(start, stop, step, chunk);
    CHECK(lazy.shape() == expected.shape());
    CHECK(lazy.dtype() == "int64");
    CHECK(test::difference(lazy.compute(), expected) == "");
  }
  CHECK(test::difference(da::arange(7, 3).compute(), da::eager::arange(0, 7, 1)) == "");
}

TEST_CASE("arange spanning the whole int64 range", "[creation]") {
  // numpy.arange(-2**63, 2**63 - 1, 2**62) == [-2**63, -2**62, 0, 2**62]; element i is
  // start + i * step, whose product alone overflows although the element does not.
  constexpr auto min = std::numeric_limits<std::int64_t>::min();
  constexpr auto max = std::numeric_limits<std::int64_t>::max();
  constexpr std::int64_t step = std::int64_t{1} << 62;
  const da::NDArray<std::int64_t> expected({4}, {min, -step, 0, step});
  CHECK(test::difference(da::eager::arange(min, max, step), expected) == "");
  CHECK(test::difference(da::arange(min, max, step, 1).compute(), expected) == "");
  CHECK(test::difference(da::arange(max, min, -step, 3).compute(),
                         da::NDArray<std::int64_t>({4}, {max, max - step, -1, -step - 1})) == "");
}

TEMPLATE_TEST_CASE("zeros ones and full hold their value and dtype", "[creation]", double, float,
                   std::int64_t, bool) {
  using T = TestType;
  const auto c = GENERATE(from_range(test::chunkings()));
  INFO(test::describe(c));
  const auto all = [](const da::NDArray<T>& a, T v) {
    return std::all_of(a.begin(), a.end(), [&](T x) { return x == v; });
  };
  const auto zeros = da::zeros<T>(c.shape, c.chunks);
  const auto ones = da::ones<T>(c.shape, c.chunks);
  const auto full = da::full(c.shape, static_cast<T>(1), c.chunks);
  CHECK(zeros.dtype() == da::dtype_name_of<T>());
  CHECK(ones.shape() == c.shape);
  CHECK(full.dtype() == da::dtype_name_of<da::element_for<T>>());
  CHECK(all(zeros.compute(), T(0)));
  CHECK(all(ones.compute(), T(1)));
  CHECK(all(full.compute(), T(1)));
  CHECK(all(da::eager::zeros<T>(c.shape), T(0)));
  CHECK(all(da::eager::ones<T>(c.shape), T(1)));
  CHECK(zeros.compute().shape() == c.shape);
}

TEST_CASE("full takes NumPy's dtype from its value", "[creation]") {
  STATIC_REQUIRE(std::is_same_v<decltype(da::full({2}, 3, {1})), da::Array<std::int64_t>>);
  STATIC_REQUIRE(std::is_same_v<decltype(da::full({2}, 3.5, {1})), da::Array<double>>);
  STATIC_REQUIRE(std::is_same_v<decltype(da::full({2}, 3.5f, {1})), da::Array<float>>);
  STATIC_REQUIRE(std::is_same_v<decltype(da::full({2}, true, {1})), da::Array<bool>>);
  STATIC_REQUIRE(std::is_same_v<decltype(da::zeros({2}, {1})), da::Array<double>>);
  CHECK(test::difference(da::full({5}, -7, {2}).compute(), da::eager::full({5}, -7)) == "");
  CHECK(test::difference(da::full({2, 3}, 2.5, {1, 2}).compute(),
                         da::NDArray<double>({2, 3}, {2.5, 2.5, 2.5, 2.5, 2.5, 2.5})) == "");
  CHECK(da::eager::full({3}, 2.5f).dtype() == "float32");
}

TEMPLATE_TEST_CASE("from_ndarray then compute gives the array back", "[creation]", double, float,
                   std::int64_t, bool) {
  const auto c = GENERATE(from_range(test::chunkings()), test::Chunking{{0, 3}, {1, 2}},
                          test::Chunking{{3, 4, 5, 2}, {2, 3, 2, 1}});
  INFO(test::describe(c));
  const auto a = test::sample<TestType>(c.shape, 4);
  const auto x = da::from_ndarray(a, c.chunks);
  CHECK(x.shape() == c.shape);
  CHECK(x.ndim() == c.shape.size());
  CHECK(x.size() == a.size());
  CHECK(test::bitwise_equal(x.compute(), a));
  CHECK(test::bitwise_equal(x.compute({.scheduler = da::Scheduler::sync}), a));
}

TEST_CASE("from_ndarray copies: later changes to the source do not leak in", "[creation]") {
  da::NDArray<double> a({4}, {1, 2, 3, 4});
  const auto x = da::from_ndarray(a, {2});
  a(0) = 100;
  CHECK(x.compute()(0) == 1.0);
}

TEST_CASE("chunks are Dask's: equal blocks and a smaller last one", "[creation]") {
  const auto x = da::zeros({7, 5}, {3, 2});
  CHECK(x.chunks() == da::core::Chunks{{3, 3, 1}, {2, 2, 1}});
  CHECK(x.numblocks() == Shape{3, 3});
  CHECK(x.num_blocks() == 9);
  CHECK(da::zeros({0, 4}, {1, 2}).chunks() == da::core::Chunks{{0}, {2, 2}});
  CHECK(da::zeros({}, {}).num_blocks() == 1);
}

TEST_CASE("NDArray element access and item() and reshape", "[creation]") {
  da::NDArray<double> a({2, 3}, {1, 2, 3, 4, 5, 6});
  CHECK(a(0, 0) == 1);
  CHECK(a(1, 2) == 6);
  CHECK(a(1, 0) == 4);
  a(0, 1) = 20;
  CHECK(a.data()[1] == 20);
  CHECK(a.ndim() == 2);
  CHECK(a.size() == 6);
  CHECK(a.nbytes() == 48);
  const da::NDArray<std::int64_t> scalar({}, {42});
  CHECK(scalar() == 42);
  CHECK(scalar.item() == 42);
  CHECK(da::NDArray<bool>({1, 1}, {true}).item());
  const auto r = a.reshape({3, 2});
  CHECK(r.shape() == Shape{3, 2});
  CHECK(r(2, 1) == 6);
  CHECK(r(0, 1) == 20);
  CHECK(test::difference(a.reshape({6}), da::NDArray<double>({6}, {1, 20, 3, 4, 5, 6})) == "");
  // reshape copies: the original is unchanged by writes to the result.
  auto r2 = a.reshape({6});
  r2(0) = -1;
  CHECK(a(0, 0) == 1);
  const da::NDArray<double> empty;
  CHECK(empty.shape() == Shape{0});
  CHECK(da::NDArray<double>({2, 2}).data()[3] == 0.0);
}

TEST_CASE("copying an NDArray is deep", "[creation]") {
  da::NDArray<double> a({3}, {1, 2, 3});
  auto b = a;
  b(0) = 10;
  CHECK(a(0) == 1);
  da::NDArray<double> c;
  c = a;
  c(1) = 20;
  CHECK(a(1) == 2);
  CHECK(b(1) == 2);
  auto moved = std::move(b);
  CHECK(moved(0) == 10);
}

TEST_CASE("computing the same array twice gives independent results", "[creation]") {
  const auto x = da::arange(6, GENERATE(2, 6));  // several blocks, and a single one
  auto [first, second] = da::compute(x, x);
  first(0) = 100;
  CHECK(second(0) == 0);
  auto third = x.compute();
  third(1) = 100;
  CHECK(x.compute()(1) == 1);
  auto [p, q] = da::compute(x + 1, x + 1);
  p(2) = -5;
  CHECK(q(2) == 3);
}

TEST_CASE("an empty shape whose other extents overflow is refused as NumPy refuses it",
          "[creation]") {
  constexpr std::int64_t big = std::int64_t{1} << 40;
  CHECK_THROWS_WITH(da::zeros<double>({0, big, big}, {1, big, big}),
                    Catch::Matchers::Contains("has no elements, but its nonzero extents"));
  CHECK_THROWS_WITH(da::eager::zeros<double>({0, big, big}),
                    Catch::Matchers::Contains("(NumPy refuses it too)"));
  CHECK(da::zeros<double>({0, big}, {1, big}).compute().size() == 0);
}
