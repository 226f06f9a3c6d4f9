// Shape operations: reshape, ravel, concatenate, stack and flip. Lazy == eager == a plain loop
// for every chunking of test::chunkings() and every dtype; the chunks each lazy form makes
// (reshape rechunks only where row-major order demands it); promotion of mixed operands; and
// every bad input.

#include <catch2/catch.hpp>

#include <functional>
#include <set>

#include "test_support.hpp"

namespace {

using test::Shape;

Shape unravel(std::int64_t flat, const Shape& shape) {
  Shape index(shape.size());
  for (std::size_t d = shape.size(); d-- > 0;) {
    index[d] = flat % shape[d];
    flat /= shape[d];
  }
  return index;
}

std::int64_t ravel_index(const Shape& index, const Shape& shape) {
  std::int64_t flat = 0;
  for (std::size_t d = 0; d < shape.size(); ++d) flat = flat * shape[d] + index[d];
  return flat;
}

template <da::Element T>
da::Array<T> lazy(const da::NDArray<T>& a, const Shape& chunks) {
  return da::from_ndarray(a, chunks);
}

/// Every op name in the graph of `array`, inputs included.
std::multiset<std::string> ops_of(const da::core::LayerPtr& layer) {
  std::multiset<std::string> ops{layer->op()};
  for (const auto& input : layer->inputs()) ops.merge(ops_of(input));
  return ops;
}

/// Chunk sizes cut from a shape: every chunk `size` long but the last, one block where 0.
Shape clamp_chunks(const Shape& shape, std::int64_t size) {
  Shape chunks;
  for (auto extent : shape) chunks.push_back(std::max<std::int64_t>(1, std::min(extent, size)));
  return chunks;
}

/// Plain loop: the parts one after another along `axis`; each element converted to R.
template <da::Element R, da::Element... T>
da::NDArray<R> concatenate_loop(std::size_t axis, const da::NDArray<T>&... parts) {
  std::vector<std::function<R(const Shape&)>> at;
  std::vector<Shape> shapes;
  (at.push_back([&parts](const Shape& i) {
    return static_cast<R>(parts.data()[ravel_index(i, parts.shape())]);
  }),
   ...);
  (shapes.push_back(parts.shape()), ...);
  auto shape = shapes[0];
  shape[axis] = 0;
  for (const auto& s : shapes) shape[axis] += s[axis];
  return test::generate<R>(shape, [&](std::int64_t flat) {
    auto index = unravel(flat, shape);
    std::size_t k = 0;
    while (index[axis] >= shapes[k][axis]) index[axis] -= shapes[k++][axis];
    return at[k](index);
  });
}

/// Plain loop: element `index` of the stack is element `index` without `axis` of part index[axis].
template <da::Element T>
da::NDArray<T> stack_loop(std::size_t axis, const std::vector<da::NDArray<T>>& parts) {
  auto shape = parts[0].shape();
  shape.insert(shape.begin() + static_cast<std::ptrdiff_t>(axis),
               static_cast<std::int64_t>(parts.size()));
  return test::generate<T>(shape, [&](std::int64_t flat) {
    auto index = unravel(flat, shape);
    const auto& part = parts[static_cast<std::size_t>(index[axis])];
    index.erase(index.begin() + static_cast<std::ptrdiff_t>(axis));
    return part.data()[ravel_index(index, part.shape())];
  });
}

/// Plain loop: element `index` of the result is element `index` mirrored on `flipped` axes.
template <da::Element T>
da::NDArray<T> flip_loop(const da::NDArray<T>& a, const std::vector<bool>& flipped) {
  return test::generate<T>(a.shape(), [&](std::int64_t flat) {
    auto index = unravel(flat, a.shape());
    for (std::size_t d = 0; d < index.size(); ++d) {
      if (flipped[d]) index[d] = a.shape()[d] - 1 - index[d];
    }
    return a.data()[ravel_index(index, a.shape())];
  });
}

/// Shapes every chunking's array can be reshaped to: flat, -1, reversed, with 1s, split.
std::vector<Shape> reshape_targets(const Shape& shape) {
  const auto size = da::core::shape_size(shape);
  std::vector<Shape> out = {{size}, {-1}, {1, size, 1}, Shape(shape.rbegin(), shape.rend())};
  if (size == 1) out.push_back({});
  for (std::int64_t f = 2; f < size; ++f) {
    if (size % f == 0) {
      out.push_back({f, -1});
      out.push_back({-1, f});
    }
  }
  if (size % 6 == 0) out.push_back({2, -1, 3});
  return out;
}

/// The call throws std::invalid_argument and its message holds `words`.
void check_message(const std::function<void()>& call, const std::string& words) {
  try {
    call();
    FAIL("no exception for " << words);
  } catch (const std::invalid_argument& e) {
    CHECK_THAT(e.what(), Catch::Contains(words));
  }
}

}  // namespace

// ---- reshape and ravel ---------------------------------------------------------------------

TEMPLATE_TEST_CASE("reshape keeps the row-major elements for every chunking and target",
                   "[shape][reshape]", double, float, std::int64_t, bool) {
  using T = TestType;
  for (const auto& c : test::chunkings()) {
    const auto a = test::sample<T>(c.shape, 1);
    const auto x = lazy(a, c.chunks);
    for (const auto& target : reshape_targets(c.shape)) {
      INFO(test::describe(c) << " to " << da::detail::to_string(target));
      const auto lazy_result = da::reshape(x, target);
      const auto eager_result = da::reshape(a, target);
      STATIC_REQUIRE(std::is_same_v<decltype(lazy_result), const da::Array<T>>);
      const auto expected =
          test::generate<T>(lazy_result.shape(), [&](std::int64_t i) { return a.data()[i]; });
      CHECK(test::difference(lazy_result.compute(), expected) == "");
      CHECK(test::difference(eager_result, expected) == "");
    }
  }
}

TEMPLATE_TEST_CASE("ravel flattens every chunking in row-major order", "[shape][reshape]", double,
                   float, std::int64_t, bool) {
  using T = TestType;
  for (const auto& c : test::chunkings()) {
    INFO(test::describe(c));
    const auto a = test::sample<T>(c.shape, 5);
    const auto expected =
        test::generate<T>({a.size()}, [&](std::int64_t i) { return a.data()[i]; });
    CHECK(test::difference(da::ravel(lazy(a, c.chunks)).compute(), expected) == "");
    CHECK(test::difference(da::ravel(a), expected) == "");
  }
}

TEST_CASE("reshape infers -1, goes to and from 0-d and handles empty arrays", "[shape][reshape]") {
  const auto a = test::sample<double>({2, 3, 4}, 3);
  CHECK(da::reshape(lazy(a, {1, 3, 2}), {-1, 4}).shape() == Shape{6, 4});
  CHECK(da::reshape(a, {4, -1}).shape() == Shape{4, 6});

  const auto scalar = test::sample<std::int64_t>({}, 1);
  const auto up = da::reshape(lazy(scalar, {}), {1, 1});
  CHECK(up.chunks() == da::Chunks{{1}, {1}});
  CHECK(up.compute()(0, 0) == scalar.item());
  CHECK(da::reshape(up, {}).compute().item() == scalar.item());
  CHECK(da::reshape(da::reshape(scalar, {1, -1}), {}).shape() == Shape{});

  const auto empty = test::sample<float>({0, 3}, 1);
  const auto x = da::reshape(lazy(empty, {1, 2}), {3, -1, 1});
  CHECK(x.shape() == Shape{3, 0, 1});
  CHECK(x.compute().shape() == Shape{3, 0, 1});
  CHECK(da::reshape(empty, {-1, 3}).shape() == Shape{0, 3});
  CHECK(da::ravel(lazy(empty, {1, 2})).compute().shape() == Shape{0});
}

TEST_CASE("reshape that merges trailing axes inside blocks needs no rechunk", "[shape][reshape]") {
  const auto a = test::sample<double>({6, 4, 5}, 1);
  const auto x = lazy(a, {2, 4, 5});
  for (const Shape& target : {Shape{6, 20}, Shape{120}, Shape{3, 2, 20}, Shape{6, 1, 4, 5}}) {
    INFO(da::detail::to_string(target));
    const auto y = da::reshape(x, target);
    CHECK(ops_of(y.layer()).count("rechunk") == 0);
    CHECK(y.num_blocks() == x.num_blocks());
    CHECK(test::bitwise_equal(y.compute(), da::reshape(a, target)));
  }
  CHECK(da::reshape(x, {6, 20}).chunks() == da::Chunks{{2, 2, 2}, {20}});
  CHECK(da::reshape(x, {120}).chunks() == da::Chunks{{40, 40, 40}});
  // Blocks of one element on the leading axes also stay contiguous: (4, 4, 4) in (1, 1, 2).
  const auto b = lazy(test::sample<double>({4, 4, 4}, 5), {1, 1, 2});
  CHECK(da::reshape(b, {64}).chunks() == da::Chunks{std::vector<std::int64_t>(32, 2)});
  CHECK(ops_of(da::reshape(b, {64}).layer()).count("rechunk") == 0);
}

TEST_CASE("reshape that splits an axis keeps whole blocks where they tile the new axes",
          "[shape][reshape]") {
  const auto a = test::sample<std::int64_t>({64}, 1);
  const auto y = da::reshape(lazy(a, {4}), {4, 4, 4});
  CHECK(y.chunks() == da::Chunks{{1, 1, 1, 1}, {1, 1, 1, 1}, {4}});
  CHECK(ops_of(y.layer()).count("rechunk") == 0);
  CHECK(test::bitwise_equal(y.compute(), da::reshape(a, {4, 4, 4})));
  const auto z = da::reshape(lazy(a, {32}), {4, 4, 4});
  CHECK(z.chunks() == da::Chunks{{2, 2}, {4}, {4}});
  CHECK(ops_of(z.layer()).count("rechunk") == 0);
}

TEST_CASE("reshape rechunks where row-major order demands it and stays correct",
          "[shape][reshape]") {
  const auto a = test::sample<float>({4, 6}, 1);
  struct Case {
    Shape chunks, target;
  };
  for (const auto& [chunks, target] :
       {Case{{2, 3}, {6, 4}}, Case{{2, 3}, {24}}, Case{{3, 4}, {2, 12}}, Case{{1, 5}, {3, 8}},
        Case{{4, 1}, {8, 3}}, Case{{3, 2}, {2, 2, 6}}}) {
    INFO(da::detail::to_string(chunks) << " to " << da::detail::to_string(target));
    const auto y = da::reshape(lazy(a, chunks), target);
    CHECK(ops_of(y.layer()).count("rechunk") == 1);
    CHECK(test::bitwise_equal(y.compute(), da::reshape(a, target)));
  }
  // As Dask: (4, 4, 4) in (2, 2, 2) to (64,) reads blocks (1, 4, 4), 16 elements each.
  const auto b = da::reshape(lazy(test::sample<float>({4, 4, 4}, 1), {2, 2, 2}), {64});
  CHECK(b.chunks() == da::Chunks{{16, 16, 16, 16}});
}

TEST_CASE("reshape of the same shape is the array itself, and names are deterministic",
          "[shape][reshape]") {
  const auto x = lazy(test::sample<double>({4, 6}, 1), {2, 3});
  CHECK(da::reshape(x, {4, 6}).name() == x.name());
  CHECK(da::reshape(x, {4, -1}).name() == x.name());
  CHECK(da::reshape(x, {6, 4}).name() == da::reshape(x, {6, 4}).name());
  CHECK(da::reshape(x, {6, 4}).name() != da::reshape(x, {3, 8}).name());
}

TEST_CASE("reshape rejects a second -1, another negative and a wrong size", "[shape][reshape]") {
  const auto a = test::sample<double>({2, 3}, 1);
  const auto x = lazy(a, {1, 3});
  for (const Shape& bad : {Shape{-1, -1}, Shape{4, 2}, Shape{-2, 3}, Shape{4, -1}, Shape{}}) {
    INFO(da::detail::to_string(bad));
    REQUIRE_THROWS_AS(da::reshape(x, bad), std::invalid_argument);
    REQUIRE_THROWS_AS(da::reshape(a, bad), std::invalid_argument);
    check_message([&] { da::reshape(x, bad); }, "reshape: shape = " + da::detail::to_string(bad));
  }
  const auto empty = test::sample<double>({0, 3}, 1);
  check_message([&] { da::reshape(empty, {-1, 0}); }, "ambiguous");
  check_message([&] { da::reshape(x, {-1, -1}); }, "more than one -1");
}

// ---- concatenate ------------------------------------------------------------------------

TEMPLATE_TEST_CASE("concatenate along every axis equals a plain loop", "[shape][concatenate]",
                   double, float, std::int64_t, bool) {
  using T = TestType;
  for (const auto& c : test::chunkings()) {
    const auto ndim = static_cast<int>(c.shape.size());
    for (int axis = -ndim; axis < ndim; ++axis) {
      INFO(test::describe(c) << " axis " << axis);
      const auto d = static_cast<std::size_t>(axis < 0 ? axis + ndim : axis);
      auto other_shape = c.shape;
      other_shape[d] = 2;
      const auto a = test::sample<T>(c.shape, 1);
      const auto b = test::sample<T>(other_shape, 5);
      const auto x = lazy(a, c.chunks);
      const auto y = lazy(b, clamp_chunks(other_shape, 2));
      const auto expected = concatenate_loop<T>(d, a, b, a);
      const auto result = da::concatenate({x, y, x}, axis);
      STATIC_REQUIRE(std::is_same_v<decltype(result), const da::Array<T>>);
      CHECK(test::difference(result.compute(), expected) == "");
      CHECK(test::difference(da::concatenate({a, b, a}, axis), expected) == "");
      // Along the axis: the operands' chunks one after another.
      auto along = x.chunks()[d];
      along.insert(along.end(), y.chunks()[d].begin(), y.chunks()[d].end());
      along.insert(along.end(), x.chunks()[d].begin(), x.chunks()[d].end());
      CHECK(result.chunks()[d] == along);
      CHECK(ops_of(result.layer()).count("concatenate") == 1);
    }
  }
}

TEST_CASE("concatenate unifies the chunks of the other axes", "[shape][concatenate]") {
  const auto a = test::sample<double>({4, 6}, 1);
  const auto b = test::sample<double>({3, 6}, 5);
  const auto x = lazy(a, {2, 4});  // axis 1 cut at 4
  const auto y = lazy(b, {3, 3});  // axis 1 cut at 3
  const auto z = da::concatenate({x, y});
  CHECK(z.chunks() == da::Chunks{{2, 2, 3}, {3, 1, 2}});
  CHECK(test::bitwise_equal(z.compute(), da::concatenate({a, b})));
  // Equal chunks: no rechunk, one task per block of the operands.
  const auto w = da::concatenate({x, x}, 1);
  CHECK(ops_of(w.layer()).count("rechunk") == 0);
  CHECK(w.num_blocks() == 2 * x.num_blocks());
}

TEST_CASE("concatenate takes a vector and one operand", "[shape][concatenate]") {
  const auto a = test::sample<std::int64_t>({3, 2}, 1);
  std::vector<da::NDArray<std::int64_t>> eager_parts = {a, a, a, a};
  std::vector<da::Array<std::int64_t>> lazy_parts(4, lazy(a, {2, 1}));
  const auto expected = concatenate_loop<std::int64_t>(1, a, a, a, a);
  CHECK(test::bitwise_equal(da::concatenate(eager_parts, 1), expected));
  CHECK(test::bitwise_equal(da::concatenate(lazy_parts, -1).compute(), expected));
  const auto one = lazy(a, {1, 1});
  CHECK(da::concatenate({one}).name() == one.name());
  CHECK(test::bitwise_equal(da::stack({one}).compute(), da::reshape(a, {1, 3, 2})));
}

TEST_CASE("concatenate of empty operands keeps no empty block", "[shape][concatenate]") {
  const auto empty = test::sample<double>({0, 3}, 1);
  const auto full = test::sample<double>({4, 3}, 5);
  const auto z = da::concatenate({lazy(empty, {1, 2}), lazy(full, {2, 2}), lazy(empty, {1, 3})});
  CHECK(z.chunks() == da::Chunks{{2, 2}, {2, 1}});
  CHECK(test::bitwise_equal(z.compute(), full));
  CHECK(test::bitwise_equal(da::concatenate({empty, full, empty}), full));
  const auto nothing = da::concatenate({lazy(empty, {1, 2}), lazy(empty, {1, 3})});
  CHECK(nothing.shape() == Shape{0, 3});
  CHECK(nothing.compute().shape() == Shape{0, 3});
  CHECK(da::concatenate({empty, empty}, 1).shape() == Shape{0, 6});
  // Empty along another axis, and stacked.
  const auto thin = test::sample<double>({2, 0}, 1);
  const auto joined = da::concatenate({lazy(thin, {1, 1}), lazy(thin, {2, 1})});
  CHECK(joined.chunks() == da::Chunks{{1, 1, 2}, {0}});
  CHECK(joined.compute().shape() == Shape{4, 0});
  const auto stacked = da::stack({lazy(empty, {1, 2}), lazy(empty, {1, 3})}, 1);
  CHECK(stacked.chunks() == da::Chunks{{0}, {1, 1}, {2, 1}});
  CHECK(stacked.compute().shape() == Shape{0, 2, 3});
  CHECK(da::stack({empty, empty}, 1).shape() == Shape{0, 2, 3});
}

TEST_CASE("concatenate and stack promote mixed element types as arithmetic does",
          "[shape][concatenate][stack]") {
  const auto i = test::sample<std::int64_t>({2, 3}, 1);
  const auto d = test::sample<double>({2, 3}, 5);
  const auto f = test::sample<float>({2, 3}, 3);
  const auto b = test::sample<bool>({2, 3}, 4);
  const auto li = lazy(i, {1, 2});
  const auto ld = lazy(d, {2, 1});
  const auto lf = lazy(f, {2, 3});
  const auto lb = lazy(b, {1, 1});

  const auto id = da::concatenate(std::tie(li, ld), 1);
  STATIC_REQUIRE(std::is_same_v<decltype(id), const da::Array<double>>);
  CHECK(test::bitwise_equal(id.compute(), concatenate_loop<double>(1, i, d)));
  CHECK(test::bitwise_equal(da::concatenate(std::tie(i, d), 1), concatenate_loop<double>(1, i, d)));

  const auto bi = da::concatenate(std::tuple{lb, li, lb});
  STATIC_REQUIRE(std::is_same_v<decltype(bi), const da::Array<std::int64_t>>);
  CHECK(test::bitwise_equal(bi.compute(), concatenate_loop<std::int64_t>(0, b, i, b)));

  // int64 with float32 gives float64, as in NumPy; float32 with bool stays float32.
  const auto fi = da::concatenate(std::tie(f, i));
  STATIC_REQUIRE(std::is_same_v<decltype(fi), const da::NDArray<double>>);
  CHECK(test::bitwise_equal(fi, concatenate_loop<double>(0, f, i)));
  const auto fb = da::stack(std::tie(lf, lb, lf), -1);
  STATIC_REQUIRE(std::is_same_v<decltype(fb), const da::Array<float>>);
  const auto bf = test::generate<float>(b.shape(), [&](std::int64_t k) { return b.data()[k]; });
  CHECK(test::bitwise_equal(fb.compute(), stack_loop<float>(2, {f, bf, f})));
  CHECK(test::bitwise_equal(da::stack(std::tie(f, b, f), -1), stack_loop<float>(2, {f, bf, f})));
}

// ---- stack --------------------------------------------------------------------------------

TEMPLATE_TEST_CASE("stack along every new axis equals a plain loop", "[shape][stack]", double,
                   float, std::int64_t, bool) {
  using T = TestType;
  for (const auto& c : test::chunkings()) {
    const auto ndim = static_cast<int>(c.shape.size());
    for (int axis = -ndim - 1; axis <= ndim; ++axis) {
      INFO(test::describe(c) << " axis " << axis);
      const auto d = static_cast<std::size_t>(axis < 0 ? axis + ndim + 1 : axis);
      const auto a = test::sample<T>(c.shape, 1);
      const auto b = test::sample<T>(c.shape, 5);
      const auto x = lazy(a, c.chunks);
      const auto y = lazy(b, clamp_chunks(c.shape, 2));
      const auto expected = stack_loop<T>(d, {a, b, a});
      const auto result = da::stack({x, y, x}, axis);
      CHECK(test::difference(result.compute(), expected) == "");
      CHECK(test::difference(da::stack({a, b, a}, axis), expected) == "");
      CHECK(result.chunks()[d] == std::vector<std::int64_t>{1, 1, 1});
    }
  }
}

TEST_CASE("stack without rechunking makes one task per operand block", "[shape][stack]") {
  const auto x = lazy(test::sample<double>({4, 6}, 1), {2, 4});
  const auto s = da::stack({x, x * 2.0}, 1);
  CHECK(s.chunks() == da::Chunks{{2, 2}, {1, 1}, {4, 2}});
  CHECK(ops_of(s.layer()).count("rechunk") == 0);
  CHECK(s.num_blocks() == 2 * x.num_blocks());
}

// ---- flip ---------------------------------------------------------------------------------

TEMPLATE_TEST_CASE("flip along every axis, a list of axes and all axes equals a plain loop",
                   "[shape][flip]", double, float, std::int64_t, bool) {
  using T = TestType;
  for (const auto& c : test::chunkings()) {
    const auto ndim = static_cast<int>(c.shape.size());
    const auto a = test::sample<T>(c.shape, 1);
    const auto x = lazy(a, c.chunks);
    for (int axis = -ndim; axis < ndim; ++axis) {
      INFO(test::describe(c) << " axis " << axis);
      const auto d = static_cast<std::size_t>(axis < 0 ? axis + ndim : axis);
      std::vector<bool> flipped(c.shape.size(), false);
      flipped[d] = true;
      const auto expected = flip_loop(a, flipped);
      const auto result = da::flip(x, axis);
      CHECK(test::difference(result.compute(), expected) == "");
      CHECK(test::difference(da::flip(a, axis), expected) == "");
      CHECK(result.chunks()[d] ==
            std::vector<std::int64_t>(x.chunks()[d].rbegin(), x.chunks()[d].rend()));
    }
    INFO(test::describe(c));
    const auto all = flip_loop(a, std::vector<bool>(c.shape.size(), true));
    CHECK(test::difference(da::flip(x).compute(), all) == "");
    CHECK(test::difference(da::flip(a), all) == "");
    if (ndim >= 2) {
      std::vector<bool> outer(c.shape.size(), false);
      outer.front() = outer.back() = true;
      const auto expected = flip_loop(a, outer);
      CHECK(test::difference(da::flip(x, da::Axes{-1, 0}).compute(), expected) == "");
      CHECK(test::difference(da::flip(a, da::Axes{0, ndim - 1}), expected) == "");
    }
  }
}

TEST_CASE("flip of no axis is the array itself, and flipping twice gives it back",
          "[shape][flip]") {
  const auto a = test::sample<double>({5, 4}, 1);
  const auto x = lazy(a, {2, 3});
  CHECK(da::flip(x, da::Axes{}).name() == x.name());
  CHECK(test::bitwise_equal(da::flip(da::flip(x, 0), 0).compute(), a));
  CHECK(test::bitwise_equal(da::flip(da::flip(a)), a));
  const auto scalar = test::sample<double>({}, 1);
  CHECK(da::flip(lazy(scalar, {})).compute().item() == scalar.item());
  const auto empty = test::sample<double>({0, 4}, 1);
  CHECK(da::flip(lazy(empty, {1, 3}), 1).compute().shape() == Shape{0, 4});
  CHECK(da::flip(empty).shape() == Shape{0, 4});
}

TEST_CASE("eager flip of an array large enough to split over cores stays exact", "[shape][flip]") {
  // 192 runs of 1000 elements: several pieces, each starting inside the leading axes.
  const auto a = test::sample<std::int64_t>({64, 3, 1000}, 5);
  for (const da::Axes& axes : {da::Axes{0}, da::Axes{1}, da::Axes{2}, da::Axes{0, 1, 2}}) {
    std::vector<bool> flipped(3, false);
    for (auto axis : axes) flipped[static_cast<std::size_t>(axis)] = true;
    CHECK(test::bitwise_equal(da::flip(a, axes), flip_loop(a, flipped)));
  }
}

// ---- schedulers and bad input -------------------------------------------------------------

TEST_CASE("shape operations agree under every scheduler, optimised or not", "[shape]") {
  const auto a = test::sample<double>({6, 4}, 1);
  const auto b = test::sample<std::int64_t>({6, 4}, 5);
  const auto expr = [](const auto& x, const auto& y) {
    const auto joined = da::concatenate(std::tie(x, y), 1);  // (6, 8)
    const auto cube = da::reshape(da::flip(joined, 0), {3, 2, 8});
    return da::ravel(da::stack({cube, cube * 2.0}, -1));
  };
  const auto expected = expr(a, b);
  const auto x = lazy(a, {4, 3});
  const auto y = lazy(b, {2, 2});
  for (const auto& options : test::all_options()) {
    INFO(test::describe(options));
    CHECK(test::bitwise_equal(expr(x, y).compute(options), expected));
  }
}

TEST_CASE("concatenate and stack reject bad operands and axes", "[shape][concatenate][stack]") {
  const auto a = test::sample<double>({2, 3}, 1);
  const auto b = test::sample<double>({2, 4}, 1);
  const auto v = test::sample<double>({2}, 1);
  const auto s = test::sample<double>({}, 1);
  const auto x = lazy(a, {1, 2});
  const auto y = lazy(b, {1, 2});
  const auto w = lazy(v, {1});
  REQUIRE_THROWS_AS(da::concatenate(std::vector<da::Array<double>>{}), std::invalid_argument);
  REQUIRE_THROWS_AS(da::stack(std::vector<da::NDArray<double>>{}), std::invalid_argument);
  check_message([&] { da::concatenate(std::vector<da::NDArray<double>>{}); },
                "concatenate: arrays = [] must hold at least one array");
  // Different ranks, and mismatched extents off the axis: both shapes are named.
  check_message([&] { da::concatenate({x, w}); }, "(2, 3) and (2,)");
  check_message([&] { da::concatenate({a, v}); }, "different numbers of dimensions");
  check_message([&] { da::concatenate({x, y}, 0); }, "(2, 3) and (2, 4)");
  check_message([&] { da::concatenate({a, b}, 0); }, "differ along axis 1");
  CHECK(da::concatenate({x, y}, 1).shape() == Shape{2, 7});
  check_message([&] { da::stack({x, y}); }, "stack: arrays = (2, 3) and (2, 4)");
  check_message([&] { da::stack({a, b}, 1); }, "same shape");
  check_message([&] { da::stack(std::tie(x, w)); }, "(2, 3) and (2,)");
  // Axes out of range, and 0-d operands to concatenate.
  check_message([&] { da::concatenate({x, x}, 2); }, "concatenate: axis = 2");
  check_message([&] { da::concatenate({a, a}, -3); }, "concatenate: axis = -3");
  check_message([&] { da::stack({x, x}, 3); }, "stack: axis = 3");
  check_message([&] { da::stack({a, a}, -4); }, "stack: axis = -4");
  check_message([&] { da::concatenate({s, s}); }, "0-d");
  check_message([&] { da::concatenate({lazy(s, {}), lazy(s, {})}); }, "0-d");
  CHECK(da::stack({s, s}).shape() == Shape{2});
}

TEST_CASE("flip rejects axes out of range and repeated axes", "[shape][flip]") {
  const auto a = test::sample<double>({2, 3}, 1);
  const auto x = lazy(a, {1, 2});
  check_message([&] { da::flip(x, 2); }, "flip: axis = 2");
  check_message([&] { da::flip(a, -3); }, "flip: axis = -3");
  check_message([&] { da::flip(x, da::Axes{0, -2}); }, "repeated");
  check_message([&] { da::flip(test::sample<double>({}, 1), 0); }, "flip: axis = 0");
}
