// pad: NumPy's values for each mode, lazy and eager against a plain loop over many chunkings
// and widths (wider than the axis too), the chunks a lazy pad gets, and bad input.

#include <catch2/catch.hpp>

#include "test_support.hpp"

namespace {

using Catch::Matchers::Contains;
using Kind = da::Boundary::Kind;
using test::Shape;

const std::vector<da::Boundary>& pad_boundaries() {
  static const std::vector<da::Boundary> all = {da::Boundary::constant(-7),
                                                da::Boundary::periodic(), da::Boundary::reflect(),
                                                da::Boundary::nearest()};
  return all;
}

/// Per position of an axis of length n padded by (before, after), the position it reads (-1:
/// the constant), found by filling a vector step by step as numpy.pad does: symmetric mirrors
/// the filled window about its edges, by at most the window's length each time; wrap repeats
/// the axis (NumPy >= 1.25; 1.24 misaligned unequal widths wider than the axis, numpy#22575).
std::vector<std::int64_t> padded_positions(std::int64_t n, std::int64_t before, std::int64_t after,
                                           Kind kind) {
  std::vector<std::int64_t> v(static_cast<std::size_t>(before + n + after), -1);
  const auto at = [&](std::int64_t i) -> std::int64_t& { return v[static_cast<std::size_t>(i)]; };
  for (std::int64_t i = 0; i < n; ++i) at(before + i) = i;
  for (std::int64_t i = 0; i < before + n + after && n > 0; ++i) {
    if (kind == Kind::nearest && (i < before || i >= before + n)) at(i) = i < before ? 0 : n - 1;
    if (kind == Kind::periodic) at(i) = ((i - before) % n + n) % n;
  }
  if (kind == Kind::reflect) {
    std::int64_t low = before, high = before + n, left = before, right = after;
    while (left > 0 || right > 0) {
      const auto window = high - low;
      const auto l = std::min(window, left), r = std::min(window, right);
      for (std::int64_t k = 0; k < l; ++k) at(low - 1 - k) = at(low + k);
      for (std::int64_t k = 0; k < r; ++k) at(high + k) = at(high - 1 - k);
      low -= l;
      left -= l;
      high += r;
      right -= r;
    }
  }
  return v;
}

/// np.pad by a plain loop over the result's elements.
template <class T>
da::NDArray<T> pad_loop(const da::NDArray<T>& x, const da::PadWidths& w, const da::Boundary& b) {
  const auto ndim = x.ndim();
  Shape shape = x.shape();
  for (std::size_t a = 0; a < ndim; ++a) shape[a] += w[a].first + w[a].second;
  std::vector<std::vector<std::int64_t>> positions;
  for (std::size_t a = 0; a < ndim; ++a) {
    positions.push_back(padded_positions(x.shape()[a], w[a].first, w[a].second, b.kind()));
  }
  da::NDArray<T> out(shape);
  for (std::int64_t i = 0; i < out.size(); ++i) {
    std::int64_t rest = i, src = 0, scale = 1;
    bool constant = false;
    for (std::size_t a = ndim; a-- > 0;) {
      const auto q = positions[a][static_cast<std::size_t>(rest % shape[a])];
      rest /= shape[a];
      constant = constant || q < 0;
      src += q * scale;
      scale *= x.shape()[a];
    }
    out.data()[i] = constant ? b.value<T>() : x.data()[src];
  }
  return out;
}

da::NDArray<std::int64_t> ints(const Shape& shape, std::vector<std::int64_t> values) {
  return da::NDArray<std::int64_t>(shape, std::span<const std::int64_t>(values));
}

}  // namespace

TEST_CASE("pad gives numpy.pad's values for each mode", "[pad]") {
  const auto x = ints({2, 3}, {1, 2, 3, 4, 5, 6});
  struct Case {
    da::PadWidths widths;
    da::Boundary boundary;
    da::NDArray<std::int64_t> expected;
  };
  // np.pad(np.arange(1, 7).reshape(2, 3), widths, mode)
  const std::vector<Case> cases = {
      {{{1, 2}, {2, 1}}, da::Boundary::constant(9), ints({5, 6}, {9, 9, 9, 9, 9, 9, 9, 9, 1, 2,
                                                                  3, 9, 9, 9, 4, 5, 6, 9, 9, 9,
                                                                  9, 9, 9, 9, 9, 9, 9, 9, 9, 9})},
      {{{3, 1}, {2, 4}},
       da::Boundary::reflect(),  // mode="symmetric"
       ints({6, 9},
            {5, 4, 4, 5, 6, 6, 5, 4, 4, 5, 4, 4, 5, 6, 6, 5, 4, 4, 2, 1, 1, 2, 3, 3, 2, 1, 1,
             2, 1, 1, 2, 3, 3, 2, 1, 1, 5, 4, 4, 5, 6, 6, 5, 4, 4, 5, 4, 4, 5, 6, 6, 5, 4, 4})},
      {{{2, 3}, {4, 1}},
       da::Boundary::periodic(),  // mode="wrap", NumPy >= 1.25 (numpy#22575)
       ints({7, 8},
            {3, 1, 2, 3, 1, 2, 3, 1, 6, 4, 5, 6, 4, 5, 6, 4, 3, 1, 2, 3, 1, 2, 3, 1, 6, 4, 5, 6,
             4, 5, 6, 4, 3, 1, 2, 3, 1, 2, 3, 1, 6, 4, 5, 6, 4, 5, 6, 4, 3, 1, 2, 3, 1, 2, 3, 1})},
      {{{1, 1}, {2, 2}},
       da::Boundary::nearest(),  // mode="edge"
       ints({4, 7},
            {1, 1, 1, 2, 3, 3, 3, 1, 1, 1, 2, 3, 3, 3, 4, 4, 4, 5, 6, 6, 6, 4, 4, 4, 5, 6, 6, 6})},
  };
  for (const auto& c : cases) {
    INFO(c.boundary.name());
    CHECK(test::difference(da::pad(x, c.widths, c.boundary), c.expected) == "");
    for (const Shape& chunks : {Shape{1, 1}, Shape{2, 3}, Shape{1, 2}}) {
      INFO("chunks " << da::detail::to_string(chunks));
      const auto lazy = da::pad(da::from_ndarray(x, chunks), c.widths, c.boundary);
      CHECK(test::difference(lazy.compute(), c.expected) == "");
    }
  }
}

TEST_CASE("pad wider than the axis repeats as numpy.pad does", "[pad]") {
  const auto x = ints({3}, {1, 2, 3});
  // np.pad([1, 2, 3], 7, "symmetric" / "wrap"), np.pad([1, 2, 3], (7, 2), "edge")
  const auto symmetric = ints({17}, {1, 1, 2, 3, 3, 2, 1, 1, 2, 3, 3, 2, 1, 1, 2, 3, 3});
  const auto wrap = ints({17}, {3, 1, 2, 3, 1, 2, 3, 1, 2, 3, 1, 2, 3, 1, 2, 3, 1});
  const auto edge = ints({12}, {1, 1, 1, 1, 1, 1, 1, 1, 2, 3, 3, 3});
  // Unequal widths: NumPy mirrors the window it has filled so far, which is then no longer a
  // whole number of periods: np.pad([1, 2, 3], (1, 11), "symmetric") ends 2, 1, 1, 1.
  const auto uneven = ints({15}, {1, 1, 2, 3, 3, 2, 1, 1, 2, 3, 3, 2, 1, 1, 1});
  const auto uneven_left = ints({15}, {3, 3, 3, 2, 1, 1, 2, 3, 3, 2, 1, 1, 2, 3, 3});
  for (const Shape& chunks : {Shape{1}, Shape{2}, Shape{3}}) {
    const auto lazy = da::from_ndarray(x, chunks);
    CHECK(test::difference(da::pad(lazy, 7, da::Boundary::reflect()).compute(), symmetric) == "");
    CHECK(test::difference(da::pad(lazy, 7, da::Boundary::periodic()).compute(), wrap) == "");
    CHECK(test::difference(da::pad(lazy, {{7, 2}}, da::Boundary::nearest()).compute(), edge) == "");
    CHECK(test::difference(da::pad(lazy, {{1, 11}}, da::Boundary::reflect()).compute(), uneven) ==
          "");
    CHECK(test::difference(da::pad(lazy, {{11, 1}}, da::Boundary::reflect()).compute(),
                           uneven_left) == "");
  }
  CHECK(test::difference(da::pad(x, {{1, 11}}, da::Boundary::reflect()), uneven) == "");
  CHECK(test::difference(da::pad(x, {{11, 1}}, da::Boundary::reflect()), uneven_left) == "");
  CHECK(test::difference(da::pad(x, 7, da::Boundary::reflect()), symmetric) == "");
  CHECK(test::difference(da::pad(x, 7, da::Boundary::periodic()), wrap) == "");
  CHECK(test::difference(da::pad(x, {{7, 2}}, da::Boundary::nearest()), edge) == "");
}

TEST_CASE("pad, lazy and eager, equals a plain loop for every mode and chunking", "[pad]") {
  const std::vector<test::Chunking> chunkings = {
      {{7, 5}, {3, 2}},       {{7, 5}, {7, 5}},       {{10}, {3}}, {{10}, {1}}, {{10}, {10}},
      {{2, 3, 4}, {1, 2, 3}}, {{4, 1, 3}, {4, 1, 1}},
  };
  const auto c = GENERATE_REF(from_range(chunkings));
  const auto& b = GENERATE(from_range(pad_boundaries()));
  INFO(test::describe(c) << ", " << b.name());
  const auto a = test::sample<double>(c.shape, 3);
  for (const da::PadWidths& widths : {da::PadWidths{{0, 0}}, da::PadWidths{{1, 2}},
                                      da::PadWidths{{3, 0}}, da::PadWidths{{12, 9}}}) {
    INFO("widths (" << widths[0].first << ", " << widths[0].second << ")");
    da::PadWidths per_axis(c.shape.size(), widths[0]);
    const auto expected = pad_loop(a, per_axis, b);
    CHECK(test::difference(da::pad(a, widths, b), expected) == "");
    const auto lazy = da::pad(da::from_ndarray(a, c.chunks), widths, b);
    CHECK(lazy.shape() == expected.shape());
    CHECK(test::difference(lazy.compute(), expected) == "");
  }
  // Different widths per axis.
  da::PadWidths mixed;
  for (std::size_t d = 0; d < c.shape.size(); ++d) {
    mixed.emplace_back(static_cast<std::int64_t>(d) + 1, 2 * static_cast<std::int64_t>(d));
  }
  const auto expected = pad_loop(a, mixed, b);
  CHECK(test::difference(da::pad(a, mixed, b), expected) == "");
  CHECK(test::difference(da::pad(da::from_ndarray(a, c.chunks), mixed, b).compute(), expected) ==
        "");
}

TEST_CASE("pad keeps the blocks and adds ones no larger than the largest chunk", "[pad]") {
  const auto x = da::from_ndarray(test::sample<double>({7, 5}, 1), {3, 5});
  const auto y = da::pad(x, {{7, 1}, {0, 2}}, da::Boundary::reflect());
  CHECK(y.chunks() == da::core::Chunks{{1, 3, 3, 3, 3, 1, 1}, {5, 2}});
  // One task per block: the graph has no other layers than the input's and pad's.
  CHECK(y.layer()->op() == "pad");
  CHECK(y.layer()->inputs().at(0) == x.layer());
  CHECK(da::pad(x, {{1, 1}}).name() == da::pad(x, {{1, 1}}).name());
  CHECK(da::pad(x, {{1, 1}}).name() != da::pad(x, {{1, 1}}, da::Boundary::constant(1)).name());
  CHECK(da::pad(x, {{1, 1}}).name() != da::pad(x, {{1, 1}}, da::Boundary::constant(0.5)).name());
}

TEST_CASE("pad converts the constant to the element type", "[pad]") {
  const auto i = da::arange(1, 4, 1, 2);
  CHECK(test::difference(da::pad(i, 1, da::Boundary::constant(-2)).compute(),
                         ints({5}, {-2, 1, 2, 3, -2})) == "");
  const auto big = std::int64_t{1} << 60;  // beyond double's 53 bits: kept exactly
  CHECK(da::pad(i, 1, da::Boundary::constant(big)).compute().data()[0] == big);
  const auto flags = da::from_ndarray(da::NDArray<bool>({2}, {true, false}), {1});
  const auto padded = da::pad(flags, {{1, 0}}, da::Boundary::constant(true)).compute();
  CHECK(padded.shape() == Shape{3});
  CHECK((padded.data()[0] && padded.data()[1] && !padded.data()[2]));
  const auto f = da::pad(da::ones<float>({2}, {1}), 1, da::Boundary::constant(0.5)).compute();
  CHECK((f.data()[0] == 0.5f && f.data()[1] == 1.0f && f.data()[3] == 0.5f));
}

TEST_CASE("pad of an empty axis: a constant fills it, other modes are refused", "[pad]") {
  const auto empty = da::zeros<double>({0, 3}, {1, 3});
  const auto y = da::pad(empty, {{1, 1}, {0, 0}}, da::Boundary::constant(4.0));
  CHECK(y.shape() == Shape{2, 3});
  CHECK(test::difference(y.compute(), da::eager::full({2, 3}, 4.0)) == "");
  CHECK(da::pad(empty, {{0, 0}, {1, 1}}, da::Boundary::reflect()).shape() == Shape{0, 5});
  CHECK_THROWS_WITH(da::pad(empty, {{1, 0}, {0, 0}}, da::Boundary::reflect()),
                    Contains("pad: boundary = reflect") && Contains("axis 0") && Contains("empty"));
  CHECK_THROWS_AS(da::pad(da::eager::zeros<double>({3, 0}), 1, da::Boundary::periodic()),
                  std::invalid_argument);
}

TEST_CASE("pad refuses bad widths and boundary none", "[pad]") {
  const auto x = da::ones({4, 5}, {2, 2});
  CHECK_THROWS_WITH(da::pad(x, {{1, 1}}, da::Boundary::none()),
                    Contains("pad: boundary = none") && Contains("no meaning"));
  CHECK_THROWS_WITH(da::pad(x, {{1, 1}, {-1, 0}}),
                    Contains("pad: pad_width[1] = (-1, 0)") && Contains("negative"));
  CHECK_THROWS_WITH(da::pad(x, {{1, 1}, {1, 0}, {0, 0}}),
                    Contains("pad: pad_width = [(1, 1), (1, 0), (0, 0)]") && Contains("(4, 5)"));
  CHECK_THROWS_WITH(da::pad(x.compute(), -2), Contains("pad_width[0] = (-2, -2)"));
}

TEST_CASE("pad takes the issue's call form: one pair per axis and Boundary::constant(0.0)",
          "[pad]") {
  const auto a = test::sample<double>({2, 3}, 1);
  const auto p = da::pad(a, {{1, 0}, {0, 2}}, da::Boundary::constant(0.0));
  REQUIRE(p.shape() == Shape{3, 5});
  // np.pad(a, ((1, 0), (0, 2))): a row of zeros above, two columns of zeros on the right.
  for (std::int64_t i = 0; i < 3; ++i) {
    for (std::int64_t j = 0; j < 5; ++j) {
      CHECK(p(i, j) == (i >= 1 && j < 3 ? a(i - 1, j) : 0.0));
    }
  }
  const auto lazy =
      da::pad(da::from_ndarray(a, {1, 2}), {{1, 0}, {0, 2}}, da::Boundary::constant(0.0));
  CHECK(test::difference(lazy.compute(), p) == "");
}
