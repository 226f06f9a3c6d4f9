// roll: NumPy's values, lazy and eager against a plain loop for many shifts and chunkings,
// several axes at once, the flattened form, and bad input.

#include <catch2/catch.hpp>

#include "test_support.hpp"

namespace {

using Catch::Matchers::Contains;
using test::Shape;

da::NDArray<std::int64_t> ints(const Shape& shape, std::vector<std::int64_t> values) {
  return da::NDArray<std::int64_t>(shape, std::span<const std::int64_t>(values));
}

/// np.roll along one axis by a plain loop: out[..., (i + shift) mod n, ...] = x[..., i, ...].
template <class T>
da::NDArray<T> roll_loop(const da::NDArray<T>& x, std::int64_t shift, std::size_t axis) {
  da::NDArray<T> out(x.shape());
  const auto n = x.shape()[axis];
  std::int64_t inner = 1;
  for (std::size_t a = axis + 1; a < x.ndim(); ++a) inner *= x.shape()[a];
  for (std::int64_t i = 0; i < x.size(); ++i) {
    const auto along = (i / inner) % n;
    auto to = along + shift % n;
    if (to < 0) to += n;
    if (to >= n) to -= n;
    out.data()[i + (to - along) * inner] = x.data()[i];
  }
  return out;
}

}  // namespace

TEST_CASE("roll gives numpy.roll's values", "[roll]") {
  const auto r = ints({10}, {0, 1, 2, 3, 4, 5, 6, 7, 8, 9});
  const auto m = ints({3, 4}, {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11});
  // np.roll(np.arange(10), -13), np.roll(np.arange(10), 23)
  const auto back = ints({10}, {3, 4, 5, 6, 7, 8, 9, 0, 1, 2});
  const auto forward = ints({10}, {7, 8, 9, 0, 1, 2, 3, 4, 5, 6});
  // np.roll(m, (1, -5), (0, 1)); np.roll(m, 5); np.roll(m, -1, axis=(0, 1));
  // np.roll(m, (1, 2), axis=(1, 1))
  const auto both = ints({3, 4}, {9, 10, 11, 8, 1, 2, 3, 0, 5, 6, 7, 4});
  const auto flat = ints({3, 4}, {7, 8, 9, 10, 11, 0, 1, 2, 3, 4, 5, 6});
  const auto one_shift = ints({3, 4}, {5, 6, 7, 4, 9, 10, 11, 8, 1, 2, 3, 0});
  const auto repeated = ints({3, 4}, {1, 2, 3, 0, 5, 6, 7, 4, 9, 10, 11, 8});

  CHECK(test::difference(da::roll(r, -13, 0), back) == "");
  CHECK(test::difference(da::roll(r, 23, 0), forward) == "");
  CHECK(test::difference(da::roll(r, 23), forward) == "");
  CHECK(test::difference(da::roll(m, {1, -5}, {0, 1}), both) == "");
  CHECK(test::difference(da::roll(m, 5), flat) == "");
  CHECK(test::difference(da::roll(m, -1, da::Axes{0, 1}), one_shift) == "");
  CHECK(test::difference(da::roll(m, {1, 2}, {1, 1}), repeated) == "");
  for (const Shape& chunks : {Shape{1, 1}, Shape{2, 3}, Shape{3, 4}}) {
    INFO("chunks " << da::detail::to_string(chunks));
    const auto x = da::from_ndarray(m, chunks);
    const auto y = da::roll(x, {1, -5}, {0, 1});
    CHECK(y.chunks() == x.chunks());
    CHECK(test::difference(y.compute(), both) == "");
    CHECK(test::difference(da::roll(x, 5).compute(), flat) == "");
    CHECK(test::difference(da::roll(x, -1, da::Axes{0, 1}).compute(), one_shift) == "");
    CHECK(test::difference(da::roll(x, {1, 2}, {1, 1}).compute(), repeated) == "");
  }
  for (const Shape& chunks : {Shape{1}, Shape{3}, Shape{10}}) {
    const auto x = da::from_ndarray(r, chunks);
    CHECK(test::difference(da::roll(x, -13, 0).compute(), back) == "");
    CHECK(test::difference(da::roll(x, 23, -1).compute(), forward) == "");
    CHECK(test::difference(da::roll(x, 23).compute(), forward) == "");
  }
}

TEST_CASE("roll, lazy and eager, equals a plain loop for every shift and chunking", "[roll]") {
  const std::vector<test::Chunking> chunkings = {
      {{7, 5}, {3, 2}},       {{7, 5}, {7, 5}},       {{10}, {3}}, {{10}, {1}}, {{10}, {10}},
      {{2, 3, 4}, {1, 2, 3}}, {{4, 1, 3}, {4, 1, 1}},
  };
  const auto c = GENERATE_REF(from_range(chunkings));
  INFO(test::describe(c));
  const auto a = test::sample<std::int64_t>(c.shape, 2);
  const auto x = da::from_ndarray(a, c.chunks);
  for (const std::int64_t shift : {-23, -7, -1, 0, 1, 3, 5, 10, 31}) {
    for (std::size_t axis = 0; axis < c.shape.size(); ++axis) {
      INFO("shift " << shift << " axis " << axis);
      const auto expected = roll_loop(a, shift, axis);
      CHECK(test::difference(da::roll(a, shift, static_cast<int>(axis)), expected) == "");
      CHECK(test::difference(da::roll(x, shift, static_cast<int>(axis)).compute(), expected) == "");
    }
    // All axes at once is one axis after another.
    auto expected = a;
    std::vector<std::int64_t> shifts;
    da::Axes axes;
    for (std::size_t axis = 0; axis < c.shape.size(); ++axis) {
      expected = roll_loop(expected, shift + static_cast<std::int64_t>(axis), axis);
      shifts.push_back(shift + static_cast<std::int64_t>(axis));
      axes.push_back(static_cast<int>(axis));
    }
    CHECK(test::difference(da::roll(a, shifts, axes), expected) == "");
    CHECK(test::difference(da::roll(x, shifts, axes).compute(), expected) == "");
    // The flattened form.
    const auto flat = da::reshape(roll_loop(da::ravel(a), shift, 0), c.shape);
    CHECK(test::difference(da::roll(a, shift), flat) == "");
    CHECK(test::difference(da::roll(x, shift).compute(), flat) == "");
  }
}

TEST_CASE("roll by nothing is the array itself, and an empty axis rolls to itself", "[roll]") {
  const auto x = da::arange(10, 3);
  CHECK(da::roll(x, 0, 0).name() == x.name());
  CHECK(da::roll(x, 20, 0).name() == x.name());
  CHECK(da::roll(x, 3, 0).name() != x.name());
  CHECK(da::roll(x, 3, 0).name() == da::roll(x, -7, 0).name());  // the same roll, shared
  const auto empty = da::zeros<double>({0, 3}, {1, 3});
  CHECK(da::roll(empty, 5, 0).compute().shape() == Shape{0, 3});
  CHECK(da::roll(empty, 5).compute().shape() == Shape{0, 3});
}

TEST_CASE("roll refuses bad axes and shifts", "[roll]") {
  const auto x = da::ones({4, 5}, {2, 2});
  CHECK_THROWS_WITH(da::roll(x, 1, 2), Contains("roll: axis = 2") && Contains("ndim 2"));
  CHECK_THROWS_WITH(da::roll(x.compute(), 1, -3), Contains("roll: axis = -3"));
  CHECK_THROWS_WITH(da::roll(x, {1, 2, 3}, {0, 1}),
                    Contains("roll: shift = (1, 2, 3)") && Contains("3 shifts for 2 axes"));
}
