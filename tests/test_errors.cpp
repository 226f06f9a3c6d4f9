// Bad arguments fail at once with std::invalid_argument naming the argument and its value; the
// N = 0 edge of the π pipeline is not an error.

#include <catch2/catch.hpp>

#include <limits>

#include "test_support.hpp"

namespace {

using Catch::Matchers::Contains;
using test::Shape;

}  // namespace

/// The expression throws std::invalid_argument whose what() matches the matcher.
#define CHECK_INVALID(expr, matcher)              \
  do {                                            \
    CHECK_THROWS_AS(expr, std::invalid_argument); \
    CHECK_THROWS_WITH(expr, matcher);             \
  } while (false)

TEST_CASE("chunk sizes must be positive and fit their axis", "[errors]") {
  CHECK_INVALID(da::zeros({7, 5}, {3, 0}), Contains("chunks[1] = 0") && Contains("positive"));
  CHECK_INVALID(da::ones({7, 5}, {-2, 2}), Contains("chunks[0] = -2"));
  CHECK_INVALID(da::zeros({7, 5}, {3, 6}), Contains("chunks[1] = 6") && Contains("5"));
  CHECK_INVALID(da::random::uniform(0.0, 1.0, {10}, {0}), Contains("chunks[0] = 0"));
  CHECK_INVALID(da::arange(10, 0), Contains("chunks[0] = 0"));
  CHECK_INVALID(da::arange(10, 11), Contains("chunks[0] = 11"));
  const auto x = da::ones({4, 4}, {2, 2});
  CHECK_INVALID(da::rechunk(x, {0, 2}), Contains("chunks[0] = 0"));
  CHECK_INVALID(da::rechunk(x, {2, 5}), Contains("chunks[1] = 5"));
  // -1 is the whole axis, as in Dask; other negative sizes are refused.
  CHECK(da::zeros({7, 5}, {3, -1}).chunks() == da::Chunks{{3, 3, 1}, {5}});
  CHECK(da::rechunk(x, {-1, 2}).chunks() == da::Chunks{{4}, {2, 2}});
  CHECK_INVALID(da::zeros({7, 5}, {-1, -3}), Contains("chunks[1] = -3") && Contains("-1"));
}

TEST_CASE("chunks need one size per axis", "[errors]") {
  CHECK_INVALID(da::zeros({7, 5}, {3}), Contains("chunks = (3,)") && Contains("(7, 5)"));
  CHECK_INVALID(da::full({7}, 1.0, {3, 3}), Contains("chunks = (3, 3)") && Contains("(7,)"));
  CHECK_INVALID(da::from_ndarray(da::NDArray<double>({2, 2}), {1}), Contains("chunks = (1,)"));
  CHECK_INVALID(da::rechunk(da::ones({4}, {2}), {2, 2}), Contains("chunks = (2, 2)"));
}

TEST_CASE("shapes must not be negative", "[errors]") {
  CHECK_INVALID(da::zeros({-1, 5}, {1, 1}), Contains("shape[0] = -1"));
  CHECK_INVALID(da::random::uniform(0.0, 1.0, {3, -4}, {1, 1}), Contains("shape[1] = -4"));
  CHECK_INVALID(da::NDArray<double>({2, -3}), Contains("shape[1] = -3"));
  CHECK_INVALID(da::eager::zeros({-2}), Contains("shape[0] = -2"));
  CHECK_INVALID(da::NDArray<double>({6}).reshape({-1, 6}), Contains("shape[0] = -1"));
}

TEST_CASE("axis must be within -ndim .. ndim - 1", "[errors]") {
  const auto x = da::ones({3, 4}, {2, 2});
  const da::NDArray<double> a({3, 4});
  for (int axis : {2, -3, 100}) {
    const auto value = "axis = " + std::to_string(axis);
    CHECK_INVALID(da::sum(x, axis), Contains(value) && Contains("ndim 2"));
    CHECK_INVALID(da::mean(x, axis), Contains(value));
    CHECK_INVALID(da::min(x, axis), Contains(value));
    CHECK_INVALID(da::max(x, axis), Contains(value));
    CHECK_INVALID(da::count_nonzero(x, axis), Contains(value));
    CHECK_INVALID(da::sum(a, axis), Contains(value));
    CHECK_INVALID(da::mean(a, axis), Contains(value));
  }
  CHECK_INVALID(da::sum(da::ones({}, {}), 0), Contains("axis = 0") && Contains("ndim 0"));
}

TEST_CASE("operands must have shapes that broadcast", "[errors]") {
  const auto x = da::ones({3}, {1});
  const auto y = da::ones({4}, {2});
  CHECK_INVALID(x + y, Contains("shapes") && Contains("(3,)") && Contains("(4,)"));
  CHECK_INVALID(x < y, Contains("(3,) and (4,)"));
  CHECK_INVALID(da::ones({3, 4}, {1, 1}) * da::ones({4, 3}, {1, 1}), Contains("(3, 4) and (4, 3)"));
  CHECK_INVALID(da::NDArray<double>({3}) - da::NDArray<double>({2, 2}),
                Contains("(3,) and (2, 2)"));
  // (2,) with (2, 1) broadcasts to (2, 2), as in NumPy.
  CHECK((da::NDArray<double>({2}) - da::NDArray<double>({2, 1})).shape() == da::Shape{2, 2});
}

TEST_CASE("uniform needs finite low < high", "[errors]") {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  CHECK_INVALID(da::random::uniform(1.0, 1.0, {4}, {2}),
                Contains("low = 1") && Contains("high = 1"));
  CHECK_INVALID(da::random::uniform(2.0, 1.0, {4}, {2}),
                Contains("low = 2") && Contains("high = 1"));
  CHECK_INVALID(da::random::uniform(nan, 1.0, {4}, {2}), Contains("low = nan"));
  CHECK_INVALID(da::random::uniform(-inf, 1.0, {4}, {2}), Contains("low = -inf"));
  CHECK_INVALID(da::random::uniform(0.0, inf, {4}, {2}), Contains("high = inf"));
  CHECK_INVALID(da::eager::random::uniform(3.0, -3.0, {4}), Contains("low = 3"));
  CHECK_INVALID(da::eager::random::uniform<float>(nan, 0.0, {4}), Contains("low = nan"));
}

TEST_CASE("item() needs exactly one element", "[errors]") {
  CHECK_INVALID(da::NDArray<double>({2, 3}).item(), Contains("size = 6"));
  CHECK_INVALID(da::NDArray<double>({0}).item(), Contains("size = 0"));
  CHECK_INVALID(da::ones({3}, {1}).compute().item(), Contains("size = 3"));
}

TEST_CASE("NDArray indices must be in range and one per axis", "[errors]") {
  const da::NDArray<double> a({2, 3});
  CHECK_INVALID(a(2, 0), Contains("index[0] = 2") && Contains("length 2"));
  CHECK_INVALID(a(0, 3), Contains("index[1] = 3") && Contains("length 3"));
  CHECK_INVALID(a(0, -1), Contains("index[1] = -1"));
  CHECK_INVALID(a(1), Contains("number of indices = 1") && Contains("ndim 2"));
  CHECK_INVALID(da::NDArray<double>({2}, {1.0, 2.0, 3.0}), Contains("values.size() = 3"));
  CHECK_INVALID(da::NDArray<double>({6}).reshape({4}), Contains("shape = (4,)") && Contains("6"));
}

TEST_CASE("compute rejects a negative thread count", "[errors]") {
  const auto x = da::ones({4}, {2});
  CHECK_INVALID(x.compute({.num_threads = -1}), Contains("num_threads = -1"));
  CHECK_INVALID(da::compute({.num_threads = -3}, x, x + 1.0), Contains("num_threads = -3"));
}

TEST_CASE("compute rejects an unknown scheduler", "[errors]") {
  const auto x = da::ones({4}, {2});
  CHECK_INVALID(x.compute({.scheduler = static_cast<da::Scheduler>(7)}), Contains("scheduler = 7"));
}

TEST_CASE("arrays and graphs reject layers that do not fit", "[errors]") {
  const auto doubles = da::ones({4}, {2});
  CHECK_INVALID(da::Array<float>(doubles.layer()),
                Contains("layer dtype = float64") && Contains("float32"));
  CHECK_INVALID(da::Array<double>(nullptr), Contains("layer = null"));
  const da::core::LayerPtr outputs[] = {doubles.layer(), nullptr};
  CHECK_THROWS_AS(da::core::Graph::from_layers(outputs), std::invalid_argument);
  const auto ints = da::core::Buffer::allocate(da::core::DType::int64, {2});
  CHECK_INVALID(da::NDArray<double>::from_buffer(ints), Contains("buffer.dtype = int64"));
}

TEST_CASE("arange rejects a zero step", "[errors]") {
  CHECK_INVALID(da::arange(0, 10, 0, 2), Contains("step = 0"));
  CHECK_INVALID(da::eager::arange(0, 10, 0), Contains("step = 0"));
}

TEST_CASE("N = 0 points is no error: nothing is inside and the sum is 0 as in NumPy", "[errors]") {
  const auto pts = da::random::uniform(-1.0, 1.0, {2, 0}, {2, 1});
  CHECK(pts.shape() == Shape{2, 0});
  const auto inside = da::count_nonzero(da::sum(da::square(pts), 0) < 1.0);
  CHECK(inside.compute().item() == 0);
  CHECK(inside.compute({.scheduler = da::Scheduler::sync}).item() == 0);
  CHECK(da::sum(pts).compute().item() == 0.0);
  CHECK(da::sum(pts, 0).compute().shape() == Shape{0});
  CHECK(da::sum(pts, 1).compute().shape() == Shape{2});
  const auto eager = da::eager::random::uniform(-1.0, 1.0, {2, 0});
  CHECK(da::count_nonzero(da::sum(da::square(eager), 0) < 1.0).item() == 0);
  CHECK(da::sum(eager).item() == 0.0);
}
