// map_overlap: Dask's values, lazy and eager against a plain loop for every boundary, depth and
// chunking (depths of 0, of a whole chunk, beyond a chunk and beyond the array), the blocks the
// function sees, a heat-equation step against the same step written with slices, and bad input.

#include <catch2/catch.hpp>

#include <algorithm>
#include <mutex>

#include "test_support.hpp"

namespace {

using Catch::Matchers::Contains;
using Kind = da::Boundary::Kind;
using test::Shape;

const std::vector<da::Boundary>& all_boundaries() {
  static const std::vector<da::Boundary> all = {da::Boundary::none(), da::Boundary::constant(-3),
                                                da::Boundary::periodic(), da::Boundary::reflect(),
                                                da::Boundary::nearest()};
  return all;
}

/// Row-major strides of `shape`.
Shape strides_of(const Shape& shape) {
  Shape strides(shape.size(), 1);
  for (std::size_t a = shape.size(); a-- > 1;) strides[a - 1] = strides[a] * shape[a];
  return strides;
}

constexpr double kMissing = -1000;  // where the stencil does not fit in what the function got

/// A weighted cross-shaped stencil of reach depths[a] along each axis a, with weights that tell
/// every offset and axis apart; kMissing where the cross leaves the block it is given.
struct Cross {
  std::vector<std::int64_t> depths;

  static double weight(std::size_t axis, std::int64_t offset) {
    return 1.0 + static_cast<double>(axis) + 3.0 * static_cast<double>(offset + 4);
  }

  da::NDArray<double> operator()(const da::NDArray<double>& b) const {
    da::NDArray<double> out(b.shape());
    const auto strides = strides_of(b.shape());
    for (std::int64_t i = 0; i < b.size(); ++i) {
      double sum = b.data()[i];
      bool fits = true;
      for (std::size_t a = 0; a < b.ndim() && fits; ++a) {
        const auto at = (i / strides[a]) % b.shape()[a];
        fits = at - depths[a] >= 0 && at + depths[a] < b.shape()[a];
        for (auto k = -depths[a]; fits && k <= depths[a]; ++k) {
          if (k != 0) sum += weight(a, k) * b.data()[i + k * strides[a]];
        }
      }
      out.data()[i] = fits ? sum : kMissing;
    }
    return out;
  }
};

/// Where position p of an axis of length n reads through the boundary, by stepping as by hand;
/// -1: the constant; -2: nothing there (none).
std::int64_t source_position(std::int64_t p, std::int64_t n, Kind kind) {
  if (p >= 0 && p < n) return p;
  switch (kind) {
    case Kind::periodic:
      while (p < 0) p += n;
      while (p >= n) p -= n;
      return p;
    case Kind::nearest:
      return p < 0 ? 0 : n - 1;
    case Kind::reflect:  // equal widths on both sides: numpy's steps are the plain mirror
      while (p < 0 || p >= n) p = p < 0 ? -p - 1 : 2 * n - 1 - p;
      return p;
    case Kind::constant:
      return -1;
    default:
      return -2;
  }
}

/// The Cross applied to x through the boundary by a plain loop over the elements.
da::NDArray<double> cross_loop(const da::NDArray<double>& x,
                               const std::vector<std::int64_t>& depths, const da::Boundary& b) {
  da::NDArray<double> out(x.shape());
  const auto strides = strides_of(x.shape());
  for (std::int64_t i = 0; i < x.size(); ++i) {
    double sum = x.data()[i];
    bool fits = true;
    for (std::size_t a = 0; a < x.ndim() && fits; ++a) {
      const auto at = (i / strides[a]) % x.shape()[a];
      for (auto k = -depths[a]; fits && k <= depths[a]; ++k) {
        if (k == 0) continue;
        const auto q = source_position(at + k, x.shape()[a], b.kind());
        fits = q != -2;
        const double v = q == -1 ? b.value<double>()
                         : fits  ? x.data()[i + (q - at) * strides[a]]
                                 : 0;
        sum += Cross::weight(a, k) * v;
      }
    }
    out.data()[i] = fits ? sum : kMissing;
  }
  return out;
}

/// out[i] = b[i-1] + 2 b[i] + 3 b[i+1] inside the block, b[i] at its two ends.
da::NDArray<double> three_point(const da::NDArray<double>& b) {
  auto out = b;
  for (std::int64_t i = 1; i + 1 < b.size(); ++i) {
    out.data()[i] = b.data()[i - 1] + 2 * b.data()[i] + 3 * b.data()[i + 1];
  }
  return out;
}

da::NDArray<double> doubles(const Shape& shape, std::vector<double> values) {
  return da::NDArray<double>(shape, std::span<const double>(values));
}

/// One explicit step of the 2-D heat equation inside the block: u + alpha * (up + down + left +
/// right - 4u), the block's rim (its overlap) given back unchanged, to be trimmed.
da::NDArray<double> heat_step(const da::NDArray<double>& u) {
  constexpr double alpha = 0.25;  // a power of two: every step is exact on integer data
  auto out = u;
  const auto rows = u.shape()[0], cols = u.shape()[1];
  for (std::int64_t i = 1; i + 1 < rows; ++i) {
    for (std::int64_t j = 1; j + 1 < cols; ++j) {
      out(i, j) =
          u(i, j) + alpha * (u(i - 1, j) + u(i + 1, j) + u(i, j - 1) + u(i, j + 1) - 4.0 * u(i, j));
    }
  }
  return out;
}

/// The same step written with slices of the padded array, as one writes it in NumPy.
template <class X>
X heat_step_slices(const X& u, const da::Boundary& boundary) {
  const auto p = da::pad(u, 1, boundary);
  const auto inner = da::slice{1, -1};
  const auto up = da::view(p, da::slice{{}, -2}, inner);
  const auto down = da::view(p, da::slice{2, {}}, inner);
  const auto left = da::view(p, inner, da::slice{{}, -2});
  const auto right = da::view(p, inner, da::slice{2, {}});
  return u + 0.25 * (up + down + left + right - 4.0 * u);
}

}  // namespace

TEST_CASE("map_overlap gives Dask's values for each boundary", "[map_overlap]") {
  // x = np.arange(10.) ** 2 % 7; the step on np.pad(x, 1, mode); boundary="none" leaves the
  // array's two ends to the function, which gives them back unchanged.
  const auto a = doubles({10}, {0, 1, 4, 2, 2, 4, 1, 0, 1, 4});
  const std::vector<std::pair<da::Boundary, std::vector<double>>> cases = {
      {da::Boundary::none(), {0, 14, 15, 14, 18, 13, 6, 4, 14, 4}},
      {da::Boundary::constant(-3), {0, 14, 15, 14, 18, 13, 6, 4, 14, 0}},
      {da::Boundary::periodic(), {7, 14, 15, 14, 18, 13, 6, 4, 14, 9}},
      {da::Boundary::reflect(), {3, 14, 15, 14, 18, 13, 6, 4, 14, 21}},
      {da::Boundary::nearest(), {3, 14, 15, 14, 18, 13, 6, 4, 14, 21}},
  };
  for (const auto& [boundary, values] : cases) {
    INFO(boundary.name());
    const auto expected = doubles({10}, values);
    CHECK(test::difference(da::map_overlap(three_point, a, 1, boundary), expected) == "");
    for (const Shape& chunks : {Shape{1}, Shape{3}, Shape{4}, Shape{10}}) {
      INFO("chunks " << da::detail::to_string(chunks));
      const auto y = da::map_overlap(three_point, da::from_ndarray(a, chunks), 1, boundary);
      CHECK(test::difference(y.compute(), expected) == "");
    }
  }
  // Depth 2, reflect: p = np.pad(x, 2, "symmetric"); p[:-4] + p[4:]
  const auto two_apart = [](const da::NDArray<double>& b) {
    auto out = b;
    for (std::int64_t i = 2; i + 2 < b.size(); ++i)
      out.data()[i] = b.data()[i - 2] + b.data()[i + 2];
    return out;
  };
  const auto expected = doubles({10}, {5, 2, 2, 5, 5, 2, 3, 8, 5, 1});
  for (const Shape& chunks : {Shape{1}, Shape{2}, Shape{3}, Shape{10}}) {
    INFO("chunks " << da::detail::to_string(chunks));
    const auto y =
        da::map_overlap(two_apart, da::from_ndarray(a, chunks), 2, da::Boundary::reflect());
    CHECK(test::difference(y.compute(), expected) == "");
  }
  // 2-D periodic, depth (1, 2): p = np.pad(np.arange(12.).reshape(3, 4), ((1, 1), (2, 2)),
  // "wrap"); p[:-2, 2:-2] + p[2:, 2:-2] + p[1:-1, :-4] + p[1:-1, 4:]
  const auto plus = [](const da::NDArray<double>& b) {
    auto out = b;
    for (std::int64_t i = 1; i + 1 < b.shape()[0]; ++i) {
      for (std::int64_t j = 2; j + 2 < b.shape()[1]; ++j) {
        out(i, j) = b(i - 1, j) + b(i + 1, j) + b(i, j - 2) + b(i, j + 2);
      }
    }
    return out;
  };
  const auto grid = test::generate<double>({3, 4}, [](std::int64_t i) { return i; });
  const auto wrapped = doubles({3, 4}, {16, 20, 16, 20, 20, 24, 20, 24, 24, 28, 24, 28});
  CHECK(test::difference(da::map_overlap(plus, grid, da::Depth{1, 2}, da::Boundary::periodic()),
                         wrapped) == "");
  for (const Shape& chunks : {Shape{1, 1}, Shape{2, 3}, Shape{3, 4}}) {
    const auto y = da::map_overlap(plus, da::from_ndarray(grid, chunks), da::Depth{1, 2},
                                   da::Boundary::periodic());
    CHECK(test::difference(y.compute(), wrapped) == "");
  }
}

TEST_CASE("map_overlap, lazy and eager, equals a plain loop for every boundary, depth, chunking",
          "[map_overlap]") {
  const std::vector<test::Chunking> chunkings = {
      {{10}, {3}},      {{10}, {1}},      {{10}, {10}},           {{7, 5}, {3, 2}},
      {{7, 5}, {7, 5}}, {{6, 4}, {1, 4}}, {{2, 3, 4}, {1, 2, 3}}, {{5, 4, 3}, {2, 3, 1}},
  };
  const auto c = GENERATE_REF(from_range(chunkings));
  const auto& boundary = GENERATE(from_range(all_boundaries()));
  INFO(test::describe(c) << ", " << boundary.name());
  const auto a = test::sample<double>(c.shape, 4);
  const auto x = da::from_ndarray(a, c.chunks);
  // 0; a whole chunk; beyond one chunk (chunk 1, or the last chunk of an uneven axis); beyond
  // the whole axis; a different depth per axis.
  for (const std::int64_t d : {0, 1, 2, 3, 11}) {
    for (const bool per_axis : {false, true}) {
      std::vector<std::int64_t> depths(c.shape.size(), d);
      if (per_axis) {
        for (std::size_t k = 0; k < depths.size(); ++k) depths[k] = (d + 2 * k) % 4;
      }
      const auto depth = per_axis ? da::Depth(depths) : da::Depth(d);
      INFO("depths " << da::detail::to_string(depths));
      const Cross cross{depths};
      const auto expected = cross_loop(a, depths, boundary);
      CHECK(test::difference(da::map_overlap(cross, a, depth, boundary), expected) == "");
      const auto y = da::map_overlap(cross, x, depth, boundary);
      CHECK(y.chunks() == x.chunks());
      CHECK(test::difference(y.compute(), expected) == "");
    }
  }
}

TEST_CASE("map_overlap hands each block its neighbours' elements, fewer at the edges for none",
          "[map_overlap]") {
  const auto x = da::arange(10, 3) * 1.0;  // chunks (3, 3, 3, 1)
  std::mutex mutex;
  std::vector<Shape> seen;
  const auto record = [&](const da::NDArray<double>& b) {
    std::lock_guard lock(mutex);
    seen.push_back(b.shape());
    return b;
  };
  const auto shapes = [&](const da::Depth& depth, const da::Boundary& boundary) {
    seen.clear();
    const auto y = da::map_overlap(record, x, depth, boundary).compute();
    CHECK(test::difference(y, x.compute()) == "");
    std::sort(seen.begin(), seen.end());
    return seen;
  };
  using Shapes = std::vector<Shape>;
  CHECK(shapes(1, da::Boundary::none()) == Shapes{{2}, {4}, {5}, {5}});
  // Depth 2 reaches past the last block of one element into the block before it.
  CHECK(shapes(2, da::Boundary::none()) == Shapes{{3}, {5}, {6}, {7}});
  CHECK(shapes(1, da::Boundary::reflect()) == Shapes{{3}, {5}, {5}, {5}});
  CHECK(shapes(0, da::Boundary::periodic()) == Shapes{{1}, {3}, {3}, {3}});
  CHECK(shapes(20, da::Boundary::none()) == Shapes{{10}, {10}, {10}, {10}});
}

TEST_CASE("map_overlap is one task per block reading at most its neighbours", "[map_overlap]") {
  const auto x = da::from_ndarray(test::sample<double>({9, 8}, 1), {3, 2});
  const auto y = da::map_overlap(Cross{{1, 2}}, x, da::Depth{1, 2}, da::Boundary::reflect());
  CHECK(y.layer()->op() == "map_overlap");
  CHECK(y.layer()->inputs().size() == 1);
  CHECK(y.layer()->inputs()[0] == x.layer());  // no rechunk, no intermediate arrays
  CHECK(y.num_blocks() == x.num_blocks());
  std::size_t most = 0;
  for (std::int64_t b = 0; b < y.num_blocks(); ++b) {
    std::vector<da::core::BlockRef> refs;
    y.layer()->block_inputs(b, refs);
    most = std::max(most, refs.size());
  }
  CHECK(most == 9);  // an interior block and its 8 neighbours
  // A depth beyond a neighbouring chunk reads the blocks beyond it too, nothing more.
  const auto ones = da::from_ndarray(test::sample<double>({9}, 1), {1});
  const auto z = da::map_overlap(Cross{{2}}, ones, 2, da::Boundary::none());
  std::vector<da::core::BlockRef> refs;
  z.layer()->block_inputs(4, refs);
  CHECK(refs.size() == 5);
}

TEST_CASE("map_overlap: one heat-equation step equals the step written with slices",
          "[map_overlap]") {
  const auto u0 = test::sample<double>({12, 10}, 5);
  for (const auto& boundary : {da::Boundary::constant(0.0), da::Boundary::periodic(),
                               da::Boundary::reflect(), da::Boundary::nearest()}) {
    INFO(boundary.name());
    auto eager = u0;
    for (int step = 0; step < 3; ++step) eager = heat_step_slices(eager, boundary);
    CHECK(test::difference(da::map_overlap(heat_step, heat_step_slices(u0, boundary), 1, boundary),
                           heat_step_slices(heat_step_slices(u0, boundary), boundary)) == "");
    for (const Shape& chunks : {Shape{5, 4}, Shape{1, 10}, Shape{12, 10}, Shape{3, 1}}) {
      INFO("chunks " << da::detail::to_string(chunks));
      const auto x = da::from_ndarray(u0, chunks);
      auto stencil = x, sliced = x;
      for (int step = 0; step < 3; ++step) {
        stencil = da::map_overlap(heat_step, stencil, 1, boundary);
        sliced = heat_step_slices(sliced, boundary);
      }
      const auto [s, l] = da::compute(stencil, sliced);
      CHECK(test::difference(s, eager) == "");
      CHECK(test::difference(l, eager) == "");
    }
  }
}

TEST_CASE("map_overlap, pad and roll give the same values under every scheduler", "[map_overlap]") {
  const auto a = test::sample<double>({9, 7}, 6);
  const auto x = da::from_ndarray(a, {2, 3});
  const Cross cross{{2, 1}};
  const auto expected = cross_loop(a, {2, 1}, da::Boundary::reflect());
  const auto y = da::map_overlap(cross, x, da::Depth{2, 1}, da::Boundary::reflect());
  const auto padded = da::pad(a, {{3, 1}, {0, 4}}, da::Boundary::periodic());
  const auto rolled = da::roll(a, {-4, 9}, {0, 1});
  for (const auto& options : test::all_options()) {
    INFO(test::describe(options));
    CHECK(test::difference(y.compute(options), expected) == "");
    CHECK(test::difference(da::pad(x, {{3, 1}, {0, 4}}, da::Boundary::periodic()).compute(options),
                           padded) == "");
    CHECK(test::difference(da::roll(x, {-4, 9}, {0, 1}).compute(options), rolled) == "");
  }
}

TEST_CASE("map_overlap takes its dtype from the function and names like map_blocks",
          "[map_overlap]") {
  const auto x = da::arange(-4, 6, 1, 3);
  const auto rising = da::map_overlap(
      [](const da::NDArray<std::int64_t>& b) {
        da::NDArray<bool> out(b.shape());
        for (std::int64_t i = 0; i < b.size(); ++i) {
          out.data()[i] = i > 0 && b.data()[i] > b.data()[i - 1];
        }
        return out;
      },
      x, 1, da::Boundary::nearest());
  STATIC_REQUIRE(std::is_same_v<decltype(rising), const da::Array<bool>>);
  const auto r = rising.compute();
  CHECK(r.shape() == Shape{10});
  CHECK((!r.data()[0] && r.data()[1] && r.data()[2] && r.data()[9]));
  const auto f = [](const da::NDArray<double>& b) { return b * 2.0; };
  const auto y = x * 1.0;
  CHECK(da::map_overlap(f, y, 1).name() == da::map_overlap(f, y, 1).name());
  CHECK(da::map_overlap(f, y, 1).name() != da::map_overlap(f, y, 2).name());
  CHECK(da::map_overlap(f, y, 1).name() !=
        da::map_overlap(f, y, 1, da::Boundary::reflect()).name());
  CHECK(da::map_overlap(f, y, 1, da::Boundary::constant(1)).name() !=
        da::map_overlap(f, y, 1, da::Boundary::constant(2)).name());
  // 0-d: the one element is the whole array.
  const auto scalar = da::from_ndarray(da::NDArray<double>({}, {3.0}), {});
  CHECK(da::map_overlap(f, scalar, 0).compute().item() == 6.0);
}

TEST_CASE("map_overlap reports a result of the wrong shape and the function's exceptions",
          "[map_overlap]") {
  const auto x = da::ones({12}, {4});
  const auto trimmed = da::map_overlap(
      [](const da::NDArray<double>& b) {
        return da::view(b, da::slice{1, -1});
      },
      x, 1, da::Boundary::reflect());
  try {
    trimmed.compute();
    FAIL("compute() did not throw");
  } catch (const da::TaskError& error) {
    CHECK_THAT(error.key(), Contains(trimmed.name()));
    try {
      std::rethrow_if_nested(error);
      FAIL("no nested exception");
    } catch (const std::invalid_argument& cause) {
      CHECK_THAT(cause.what(),
                 Contains("map_overlap: the function's result shape = (4,)") && Contains("(6,)"));
    }
  }
  const auto throwing = da::map_overlap(
      [](const da::NDArray<double>& b) -> da::NDArray<double> {
        if (b.size() == 6) throw std::runtime_error("too wide");
        return b;
      },
      x, 1, da::Boundary::none());
  CHECK_THROWS_AS(throwing.compute(), da::TaskError);
  CHECK_THROWS_WITH(da::map_overlap([](const da::NDArray<double>& b) { return da::sum(b, 0); },
                                    x.compute(), 1, da::Boundary::nearest()),
                    Contains("result shape = ()"));
}

TEST_CASE("map_overlap refuses bad depths and boundaries it cannot apply", "[map_overlap]") {
  const auto x = da::ones({4, 5}, {2, 2});
  const auto f = [](const da::NDArray<double>& b) { return b; };
  CHECK_THROWS_WITH(da::map_overlap(f, x, da::Depth{1, -1}),
                    Contains("map_overlap: depth[1] = -1 must be >= 0"));
  CHECK_THROWS_WITH(da::map_overlap(f, x, -2), Contains("map_overlap: depth = -2 must be >= 0"));
  CHECK_THROWS_WITH(da::map_overlap(f, x, da::Depth{1}),
                    Contains("map_overlap: depth = (1,)") && Contains("(4, 5)"));
  CHECK_THROWS_WITH(da::map_overlap(f, x.compute(), da::Depth{1, 2, 3}),
                    Contains("map_overlap: depth = (1, 2, 3)"));
  const auto empty = da::zeros<double>({0, 3}, {1, 3});
  CHECK_THROWS_WITH(da::map_overlap(f, empty, 1, da::Boundary::periodic()),
                    Contains("map_overlap: boundary = periodic") && Contains("axis 0"));
  CHECK(da::map_overlap(f, empty, 1).compute().shape() == Shape{0, 3});
  CHECK(da::map_overlap(f, empty, 1, da::Boundary::constant(1)).compute().shape() == Shape{0, 3});
}

TEST_CASE("map_overlap takes the issue's call form: Depth{1, 1} and Boundary::reflect()",
          "[overlap]") {
  // A 3 x 3 box sum; NumPy: np.pad(a, 1, "symmetric"), then each element and its 8 neighbours.
  const auto box = [](const da::NDArray<double>& b) {
    auto out = b;
    const auto rows = b.shape()[0], cols = b.shape()[1];
    for (std::int64_t i = 1; i + 1 < rows; ++i) {
      for (std::int64_t j = 1; j + 1 < cols; ++j) {
        double total = 0;
        for (int di = -1; di <= 1; ++di) {
          for (int dj = -1; dj <= 1; ++dj) total += b(i + di, j + dj);
        }
        out(i, j) = total;
      }
    }
    return out;
  };
  const auto a = test::sample<double>({7, 5}, 3);
  const auto padded = da::pad(a, {{1, 1}, {1, 1}}, da::Boundary::reflect());
  da::NDArray<double> expected({7, 5});
  const auto whole = box(padded);
  for (std::int64_t i = 0; i < 7; ++i) {
    for (std::int64_t j = 0; j < 5; ++j) expected(i, j) = whole(i + 1, j + 1);
  }
  const auto x = da::from_ndarray(a, {3, 2});
  const auto y = da::map_overlap(box, x, da::Depth{1, 1}, da::Boundary::reflect());
  CHECK(test::difference(y.compute(), expected) == "");
  CHECK(test::difference(da::map_overlap(box, a, da::Depth{1, 1}, da::Boundary::reflect()),
                         expected) == "");
  // The corner sees its mirrored self: a(0,0) counted four times, a(0,1) and a(1,0) twice.
  CHECK(expected(0, 0) == 4 * a(0, 0) + 2 * a(0, 1) + 2 * a(1, 0) + a(1, 1));
}
