// Indexing: da::view (integers, slices, newaxis, ellipsis) and da::take, lazy == eager == a
// plain loop on every chunking of ranks 0 to 4; the lazy result's blocks follow the source's as
// Dask's do; a view of one block runs only that block's tasks; every bad index is an error.

#include <catch2/catch.hpp>

#include <dagarray/core/graph.hpp>

#include "test_support.hpp"

namespace {

using test::Shape;
using Indices = std::vector<da::Index>;

/// da::view(x, indices[0], indices[1], ...) for a list chosen at run time.
template <class X>
auto view_of(const X& x, const Indices& i) {
  switch (i.size()) {
    case 0:
      return da::view(x);
    case 1:
      return da::view(x, i[0]);
    case 2:
      return da::view(x, i[0], i[1]);
    case 3:
      return da::view(x, i[0], i[1], i[2]);
    case 4:
      return da::view(x, i[0], i[1], i[2], i[3]);
    case 5:
      return da::view(x, i[0], i[1], i[2], i[3], i[4]);
    default:
      return da::view(x, i[0], i[1], i[2], i[3], i[4], i[5]);
  }
}

/// The positions a slice picks on an axis of length n, by Python's rule as its reference
/// states it: bounds count from the end when negative, then are clipped to the axis.
std::vector<std::int64_t> slice_positions(const da::slice& s, std::int64_t n) {
  const bool back = s.step < 0;
  auto bound = [&](std::int64_t b) {
    return std::clamp<std::int64_t>(b < 0 ? b + n : b, back ? -1 : 0, back ? n - 1 : n);
  };
  // Absent: forwards from 0 to n, backwards from n - 1 to before 0.
  const std::int64_t start = s.start ? bound(*s.start) : (back ? n - 1 : 0);
  const std::int64_t stop = s.stop ? bound(*s.stop) : (back ? -1 : n);
  std::vector<std::int64_t> out;
  for (auto p = start; back ? p > stop : p < stop; p += s.step) out.push_back(p);
  return out;
}

/// Per source axis, the positions an index list picks and whether the axis is kept; and the
/// shape of the result, newaxes included.
struct Reference {
  std::vector<std::vector<std::int64_t>> positions;
  std::vector<int> out_axes;  // source axis of each result axis, -1 for a new one
  Shape shape;
};

Reference reference_plan(const Shape& shape, const Indices& indices) {
  Reference r;
  std::size_t counted = 0;
  for (const auto& i : indices) {
    counted +=
        !std::holds_alternative<da::newaxis_t>(i) && !std::holds_alternative<da::ellipsis_t>(i);
  }
  std::vector<da::Index> full;
  for (const auto& i : indices) {
    if (std::holds_alternative<da::ellipsis_t>(i)) {
      for (auto k = counted; k < shape.size(); ++k) full.push_back(da::slice{});
    } else {
      full.push_back(i);
    }
  }
  const auto newaxes =
      static_cast<std::size_t>(std::count_if(full.begin(), full.end(), [](const da::Index& i) {
        return std::holds_alternative<da::newaxis_t>(i);
      }));
  while (full.size() - newaxes < shape.size()) full.push_back(da::slice{});
  std::size_t axis = 0;
  for (const auto& i : full) {
    if (std::holds_alternative<da::newaxis_t>(i)) {
      r.out_axes.push_back(-1);
      r.shape.push_back(1);
      continue;
    }
    const auto n = shape[axis];
    if (const auto* k = std::get_if<std::int64_t>(&i)) {
      r.positions.push_back({*k < 0 ? *k + n : *k});
    } else {
      const auto s = std::get<da::slice>(i);
      r.positions.push_back(slice_positions(s, n));
      r.out_axes.push_back(static_cast<int>(axis));
      r.shape.push_back(static_cast<std::int64_t>(r.positions.back().size()));
    }
    ++axis;
  }
  return r;
}

/// The view by plain loops over every element.
template <class T>
da::NDArray<T> reference_view(const da::NDArray<T>& a, const Indices& indices) {
  const auto r = reference_plan(a.shape(), indices);
  da::NDArray<T> out(r.shape);
  const auto ndim = a.ndim();
  Shape at(ndim, 0);
  for (std::int64_t flat = 0; flat < out.size(); ++flat) {
    std::int64_t source = 0;
    for (std::size_t d = 0; d < ndim; ++d) source = source * a.shape()[d] + r.positions[d][at[d]];
    out.data()[flat] = a.data()[source];
    for (std::size_t d = ndim; d-- > 0;) {
      if (++at[d] < static_cast<std::int64_t>(r.positions[d].size())) break;
      at[d] = 0;
    }
  }
  return out;
}

/// Dask's chunks of a view: along each kept axis, how many positions fall in each source block
/// in turn (blocks with none dropped; (0,) when none at all); (1,) for a new axis.
da::Chunks reference_chunks(const da::Chunks& source, const Shape& shape, const Indices& indices) {
  const auto r = reference_plan(shape, indices);
  da::Chunks out;
  for (auto axis : r.out_axes) {
    if (axis < 0) {
      out.push_back({1});
      continue;
    }
    std::vector<std::int64_t> sizes;
    std::int64_t last_block = -1;
    for (auto p : r.positions[static_cast<std::size_t>(axis)]) {
      std::int64_t block = 0, end = source[axis][0];
      while (p >= end) end += source[axis][static_cast<std::size_t>(++block)];
      if (block != last_block) sizes.push_back(0);
      ++sizes.back();
      last_block = block;
    }
    if (sizes.empty()) sizes.push_back(0);
    out.push_back(sizes);
  }
  return out;
}

/// The view, lazy and eager, equals the plain loop, and the lazy blocks are Dask's.
template <class T>
void check_view(const da::NDArray<T>& a, const Shape& chunks, const Indices& indices,
                const da::ComputeOptions& options = {}) {
  const auto x = da::from_ndarray(a, chunks);
  const auto expected = reference_view(a, indices);
  const auto lazy = view_of(x, indices);
  CHECK(test::difference(lazy.compute(options), expected) == "");
  CHECK(test::difference(view_of(a, indices), expected) == "");
  CHECK(lazy.chunks() == reference_chunks(x.chunks(), a.shape(), indices));
}

std::string describe(const Indices& indices) {
  std::string out = "[";
  for (const auto& i : indices) out += da::detail::index_string(i) + ", ";
  return out + "]";
}

const std::vector<std::optional<std::int64_t>> kBounds = {std::nullopt, 0, 3, -2, -20, 20};
const std::vector<std::int64_t> kSteps = {1, 2, -1, -3};

/// A few slices of every kind, for trying on each axis.
std::vector<da::slice> some_slices() {
  return {da::slice{},          da::slice{1, -1},    da::slice{.step = -1}, da::slice{-1, {}, -3},
          da::slice{{}, {}, 2}, da::slice{1, {}, 2}, da::slice{-2, 0, -1},  da::slice{2, 2}};
}

/// The plain loop on a tiny example, so the reference itself is checked.
TEST_CASE("the reference picks what NumPy picks", "[indexing]") {
  const auto a = da::eager::arange(10);
  auto picks = [&](da::slice s) {
    const auto v = reference_view(a, {s});
    return std::vector<std::int64_t>(v.begin(), v.end());
  };
  // From numpy 1.24: np.arange(10)[...]
  CHECK(picks(da::slice{1, -1}) == std::vector<std::int64_t>{1, 2, 3, 4, 5, 6, 7, 8});
  CHECK(picks(da::slice{-1, {}, -3}) == std::vector<std::int64_t>{9, 6, 3, 0});
  CHECK(picks(da::slice{8, 1, -2}) == std::vector<std::int64_t>{8, 6, 4, 2});
  CHECK(picks(da::slice{20, {}, -4}) == std::vector<std::int64_t>{9, 5, 1});
  CHECK(picks(da::slice{-20, 4}) == std::vector<std::int64_t>{0, 1, 2, 3});
  CHECK(picks(da::slice{{}, -20, -1}) == std::vector<std::int64_t>{9, 8, 7, 6, 5, 4, 3, 2, 1, 0});
  CHECK(picks(da::slice{{}, -20}).empty());
  CHECK(picks(da::slice{-20, {}, -1}).empty());
  CHECK(picks(da::slice{5, 5}).empty());
  CHECK(picks(da::slice{.step = -1}) == std::vector<std::int64_t>{9, 8, 7, 6, 5, 4, 3, 2, 1, 0});
}

}  // namespace

TEST_CASE("view keeps the source's block boundaries, as Dask", "[indexing]") {
  const auto x = da::ones({10}, {3});
  // dask 2022.12: da.ones(10, chunks=3)[s].chunks
  CHECK(da::view(x, da::slice{1, -1}).chunks() == da::Chunks{{2, 3, 3}});
  CHECK(da::view(x, da::slice{{}, {}, 2}).chunks() == da::Chunks{{2, 1, 2}});
  CHECK(da::view(x, da::slice{.step = -1}).chunks() == da::Chunks{{1, 3, 3, 3}});
  CHECK(da::view(x, da::slice{-1, {}, -3}).chunks() == da::Chunks{{1, 1, 1, 1}});
  CHECK(da::view(x, da::slice{8, 1, -2}).chunks() == da::Chunks{{2, 1, 1}});
  CHECK(da::view(x, da::slice{.step = -2}).chunks() == da::Chunks{{1, 1, 2, 1}});
  CHECK(da::view(x, da::slice{5, 5}).chunks() == da::Chunks{{0}});
  const auto y = da::ones({10, 10}, {3, 3});
  CHECK(da::view(y, da::slice{5, 5}, da::slice{2, 8}).chunks() == da::Chunks{{0}, {1, 3, 2}});
  CHECK(da::view(y, 4).chunks() == da::Chunks{{3, 3, 3, 1}});
  CHECK(da::view(y, da::newaxis, da::slice{1, {}}, da::ellipsis, da::newaxis).chunks() ==
        da::Chunks{{1}, {2, 3, 3, 1}, {3, 3, 3, 1}, {1}});
  CHECK(da::view(y, da::ellipsis, 3).chunks() == da::Chunks{{3, 3, 3, 1}});
}

TEST_CASE("every start, stop and step of a 1-d slice", "[indexing]") {
  const auto a = test::sample<std::int64_t>({10}, 1);
  for (const auto chunk : {3, 1, 10}) {
    for (const auto& start : kBounds) {
      for (const auto& stop : kBounds) {
        for (const auto step : kSteps) {
          const Indices indices{da::slice{start, stop, step}};
          INFO("chunk " << chunk << " " << describe(indices));
          check_view(a, {chunk}, indices);
        }
      }
    }
  }
}

TEST_CASE("slices on every axis of every chunking, ranks 0 to 4", "[indexing]") {
  for (const auto& c : test::chunkings()) {
    const auto a = test::sample<double>(c.shape, 2);
    for (const auto& s : some_slices()) {
      // The same slice on every axis, then on each axis alone.
      Indices every(c.shape.size(), s);
      INFO(test::describe(c) << " " << describe(every));
      check_view(a, c.chunks, every);
      for (std::size_t axis = 0; axis < c.shape.size(); ++axis) {
        Indices one(axis, da::slice{});
        one.push_back(s);
        INFO("on axis " << axis);
        check_view(a, c.chunks, one);
      }
    }
  }
}

TEST_CASE("integers drop their axis and count from the end when negative", "[indexing]") {
  for (const auto& c : test::chunkings()) {
    if (c.shape.empty()) continue;
    const auto a = test::sample<float>(c.shape, 3);
    const auto last = c.shape[0] - 1;
    for (const std::int64_t i : {std::int64_t{0}, last, -1 - last, std::int64_t{-1}}) {
      INFO(test::describe(c) << " index " << i);
      check_view(a, c.chunks, {i});
      if (c.shape.size() < 2) continue;
      // Mixed with slices, and an integer last.
      check_view(a, c.chunks, {da::slice{.step = -1}, std::int64_t{c.shape[1] - 1}});
      check_view(a, c.chunks, {i, da::slice{1, {}, 2}});
      Indices all_integers;
      for (auto n : c.shape) all_integers.push_back(n / 2);
      check_view(a, c.chunks, all_integers);
    }
  }
  // Any integer type indexes; unsigned and narrow ones alike.
  const auto a = test::sample<std::int64_t>({4, 5}, 1);
  CHECK(test::difference(da::view(a, 2u, short{-1}), reference_view(a, {2, -1})) == "");
}

TEST_CASE("newaxis, ellipsis and fewer indices than axes", "[indexing]") {
  const auto a = test::sample<std::int64_t>({2, 3, 4}, 4);
  const Shape chunks{1, 2, 3};
  const std::vector<Indices> cases = {
      {},
      {da::newaxis},
      {da::ellipsis},
      {da::ellipsis, da::newaxis},
      {1},
      {da::slice{.step = -1}},
      {da::ellipsis, 2},
      {da::ellipsis, da::slice{1, -1}},
      {0, da::ellipsis, da::slice{.step = -2}},
      {da::newaxis, 1, da::newaxis, da::ellipsis, da::newaxis},
      {da::slice{}, da::newaxis, da::slice{1, {}}, -1},
      {da::slice{}, da::slice{}, da::slice{}},
      {1, 2, 3, da::ellipsis},
  };
  for (const auto& indices : cases) {
    INFO(describe(indices));
    check_view(a, chunks, indices);
  }
  // 0-d: only newaxis and ellipsis apply.
  const auto s = test::sample<double>({}, 1);
  for (const auto& indices : std::vector<Indices>{
           {}, {da::ellipsis}, {da::newaxis}, {da::newaxis, da::ellipsis, da::newaxis}}) {
    INFO("0-d " << describe(indices));
    check_view(s, {}, indices);
  }
}

TEST_CASE("views that pick nothing, and views of empty arrays", "[indexing]") {
  const auto a = test::sample<double>({6, 4}, 5);
  for (const auto& indices : std::vector<Indices>{{da::slice{3, 3}},
                                                  {da::slice{}, da::slice{4, {}}},
                                                  {da::slice{-1, 0}, 2},
                                                  {da::slice{0, 5, -1}, da::slice{1, 3}}}) {
    INFO(describe(indices));
    check_view(a, {4, 3}, indices);
  }
  const auto empty = test::sample<double>({0, 3}, 1);
  check_view(empty, {1, 2}, {da::slice{.step = -1}, da::slice{1, {}}});
  check_view(empty, {1, 2}, {da::slice{}, 1});
  // An empty view reads no source block at all.
  const auto x = da::from_ndarray(a, {2, 2});
  const auto nothing = da::view(x, da::slice{2, 2});
  const da::core::LayerPtr outputs[] = {nothing.layer()};
  const auto graph = da::detail::build_graph(outputs, true);
  CHECK(graph.size() == static_cast<std::size_t>(nothing.num_blocks()));
}

TEST_CASE("views hold every element type", "[indexing]") {
  const Indices indices{da::slice{-1, {}, -2}, da::slice{1, {}}};
  check_view(test::sample<double>({7, 5}, 1), {3, 2}, indices);
  check_view(test::sample<float>({7, 5}, 1), {3, 2}, indices);
  check_view(test::sample<std::int64_t>({7, 5}, 1), {3, 2}, indices);
  check_view(test::sample<bool>({7, 5}, 1), {3, 2}, indices);
  STATIC_REQUIRE(
      std::is_same_v<decltype(da::view(da::ones<float>({3}, {2}), 1)), da::Array<float>>);
  STATIC_REQUIRE(
      std::is_same_v<decltype(da::view(da::eager::ones<bool>({3}), 1)), da::NDArray<bool>>);
}

TEST_CASE("a view computes alike on both schedulers, optimised or not", "[indexing]") {
  const auto a = test::sample<double>({9, 8}, 6);
  for (const auto& options : test::all_options()) {
    INFO(test::describe(options));
    check_view(a, {4, 3}, {da::slice{1, -1}, da::slice{2, {}}}, options);
    check_view(a, {4, 3}, {da::slice{-1, {}, -3}, 3}, options);
  }
  // A view of an expression fused upstream.
  const auto x = da::square(da::from_ndarray(a, {4, 3}));
  for (const auto& options : test::all_options()) {
    CHECK(test::bitwise_equal(da::view(x, da::slice{1, -1}, da::slice{.step = -2}).compute(options),
                              da::view(da::square(a), da::slice{1, -1}, da::slice{.step = -2})));
  }
}

TEST_CASE("the stencil forms read one source block per task", "[indexing]") {
  const auto a = test::sample<double>({40, 30}, 7);
  const auto u = da::from_ndarray(a, {10, 10});
  const auto inner = da::view(u, da::slice{1, -1});
  const auto corner = da::view(u, da::slice{1, -1}, da::slice{2, {}});
  const auto strided = da::view(u, da::slice{-1, {}, -3}, da::slice{1, {}, 2});
  for (const auto* v : {&inner, &corner, &strided}) {
    const da::core::LayerPtr outputs[] = {v->layer()};
    const auto graph = da::detail::build_graph(outputs, false);
    for (auto task : graph.output_tasks()) CHECK(graph.dependencies(task).size() == 1);
    CHECK(graph.size() == static_cast<std::size_t>(u.num_blocks() + v->num_blocks()));
  }
  CHECK(corner.chunks() == da::Chunks{{9, 10, 10, 9}, {8, 10, 10}});
  // The interior difference of a stencil equals NumPy's u[2:] - u[:-2].
  const auto lazy = da::view(u, da::slice{2, {}}) - da::view(u, da::slice{{}, -2});
  const auto eager = da::view(a, da::slice{2, {}}) - da::view(a, da::slice{{}, -2});
  CHECK(test::bitwise_equal(lazy.compute(), eager));
}

TEST_CASE("computing a view of one block runs only that block's tasks", "[indexing]") {
  const auto x = da::square(da::random::uniform(0.0, 1.0, {1000}, {10}, 3));
  const auto v = da::view(x, da::slice{25, 28});
  REQUIRE(v.num_blocks() == 1);
  const da::core::LayerPtr outputs[] = {v.layer()};
  // The fused uniform-square task of block 2, then the view.
  CHECK(da::detail::build_graph(outputs, true).size() == 2);
  CHECK(da::detail::build_graph(outputs, false).size() == 100 + 100 + 1);
  const auto whole = x.compute();
  const auto part = v.compute();
  REQUIRE(part.size() == 3);
  for (std::int64_t i = 0; i < 3; ++i) CHECK(part.data()[i] == whole.data()[25 + i]);
  // Reversed, an element of the last block needs that block alone too.
  const auto last = da::view(x, da::slice{-1, -3, -1});
  const da::core::LayerPtr reversed[] = {last.layer()};
  CHECK(da::detail::build_graph(reversed, true).size() == 2);
}

TEST_CASE("a view is a copy eagerly and a named expression lazily", "[indexing]") {
  auto a = test::sample<double>({5}, 1);
  const auto v = da::view(a, da::slice{1, {}});
  a.data()[1] = 100.0;
  CHECK(v.data()[0] != 100.0);
  const auto x = da::from_ndarray(a, {2});
  CHECK(da::view(x, da::slice{1, {}}).name() == da::view(x, da::slice{1, {}}).name());
  CHECK(da::view(x, da::slice{1, {}}).name() != da::view(x, da::slice{2, {}}).name());
  CHECK(da::view(x, da::slice{1, {}}).name() != da::view(x, da::slice{1, {}, 2}).name());
  // The whole array unchanged is the array itself, as Dask's x[:].
  CHECK(da::view(x, da::slice{}).name() == x.name());
  CHECK(da::view(x, da::ellipsis).name() == x.name());
}

TEST_CASE("bad view indices name the index and its value", "[indexing]") {
  const auto a = test::sample<double>({4, 5}, 1);
  const auto x = da::from_ndarray(a, {2, 2});
  auto both = [&](auto f, const std::string& message) {
    REQUIRE_THROWS_AS(f(x), std::invalid_argument);
    REQUIRE_THROWS_AS(f(a), std::invalid_argument);
    CHECK_THROWS_WITH(f(x), Catch::Contains(message));
    CHECK_THROWS_WITH(f(a), Catch::Contains(message));
  };
  both(
      [](const auto& y) {
        return da::view(y, da::slice{1, {}, 0});
      },
      "view: index[0] = slice(1, None, 0) has a step of zero");
  both([](const auto& y) { return da::view(y, 0, da::slice{.step = 0}); },
       "view: index[1] = slice(None, None, 0)");
  both([](const auto& y) { return da::view(y, 4); },
       "view: index[0] = 4 is out of bounds for axis 0 with size 4");
  both([](const auto& y) { return da::view(y, da::slice{}, -6); },
       "view: index[1] = -6 is out of bounds for axis 1 with size 5");
  both([](const auto& y) { return da::view(y, da::ellipsis, 5); }, "view: index[1] = 5");
  both([](const auto& y) { return da::view(y, 2u << 30, 0); }, "view: index[0] = 2147483648");
  both([](const auto& y) { return da::view(y, 0, 0, 0); },
       "view: number of indices = 3 is more than the 2 axes");
  both([](const auto& y) { return da::view(y, da::newaxis, 1, da::slice{}, da::slice{}); },
       "view: number of indices = 3");
  both([](const auto& y) { return da::view(y, da::ellipsis, 0, da::ellipsis); },
       "view: index[2] = Ellipsis is a second ellipsis");
  const auto s = test::sample<double>({}, 1);
  CHECK_THROWS_WITH(da::view(s, 0), Catch::Contains("view: number of indices = 1"));
  CHECK_THROWS_WITH(da::view(da::from_ndarray(s, {}), da::slice{}),
                    Catch::Contains("view: number of indices = 1"));
}

namespace {

/// np.take by plain loops.
template <class T>
da::NDArray<T> reference_take(const da::NDArray<T>& a, const std::vector<std::int64_t>& indices,
                              std::size_t axis) {
  auto shape = a.shape();
  shape[axis] = static_cast<std::int64_t>(indices.size());
  da::NDArray<T> out(shape);
  std::int64_t outer = 1, inner = 1;
  for (std::size_t d = 0; d < axis; ++d) outer *= a.shape()[d];
  for (std::size_t d = axis + 1; d < a.ndim(); ++d) inner *= a.shape()[d];
  const auto n = a.shape()[axis];
  std::int64_t flat = 0;
  for (std::int64_t o = 0; o < outer; ++o) {
    for (auto i : indices) {
      for (std::int64_t k = 0; k < inner; ++k) {
        out.data()[flat++] = a.data()[(o * n + (i < 0 ? i + n : i)) * inner + k];
      }
    }
  }
  return out;
}

template <class T>
void check_take(const da::NDArray<T>& a, const Shape& chunks,
                const std::vector<std::int64_t>& indices, int axis) {
  const auto ax = static_cast<std::size_t>(axis < 0 ? axis + static_cast<int>(a.ndim()) : axis);
  const auto expected = reference_take(a, indices, ax);
  const auto x = da::from_ndarray(a, chunks);
  const auto lazy = da::take(x, indices, axis);
  CHECK(test::difference(lazy.compute(), expected) == "");
  CHECK(test::difference(da::take(a, indices, axis), expected) == "");
  const da::NDArray<std::int64_t> as_array({static_cast<std::int64_t>(indices.size())}, indices);
  CHECK(test::difference(da::take(x, as_array, axis).compute(), expected) == "");
  CHECK(test::difference(da::take(a, as_array, axis), expected) == "");
  // Other axes keep their blocks; the axis taken is cut into blocks of the source's size.
  for (std::size_t d = 0; d < a.ndim(); ++d) {
    if (d != ax) CHECK(lazy.chunks()[d] == x.chunks()[d]);
  }
  const auto size = *std::max_element(x.chunks()[ax].begin(), x.chunks()[ax].end());
  for (std::size_t b = 0; b + 1 < lazy.chunks()[ax].size(); ++b) {
    CHECK(lazy.chunks()[ax][b] == size);
  }
}

}  // namespace

TEST_CASE("take with repeats, negatives and unsorted indices on every chunking", "[indexing]") {
  for (const auto& c : test::chunkings()) {
    if (c.shape.empty()) continue;
    const auto a = test::sample<double>(c.shape, 8);
    for (int axis = -static_cast<int>(c.shape.size()); axis < static_cast<int>(c.shape.size());
         ++axis) {
      const auto n =
          c.shape[static_cast<std::size_t>(axis < 0 ? axis + int(c.shape.size()) : axis)];
      INFO(test::describe(c) << " axis " << axis);
      check_take(a, c.chunks, {n - 1, 0, -1, n / 2, 0, -n, n - 1}, axis);
      check_take(a, c.chunks, {}, axis);
      check_take(a, c.chunks, {0}, axis);
      std::vector<std::int64_t> every;
      for (auto i = n - 1; i >= 0; --i) every.push_back(i);
      check_take(a, c.chunks, every, axis);
    }
  }
  check_take(test::sample<bool>({5, 3}, 1), {2, 2}, {4, 4, 0}, 0);
  check_take(test::sample<std::int64_t>({5, 3}, 1), {2, 2}, {-3, 2}, 1);
  check_take(test::sample<float>({0, 3}, 1), {1, 2}, {2, 0}, 1);
  // A braced list of indices works as NumPy's list.
  const auto a = test::sample<double>({6}, 2);
  CHECK(test::difference(da::take(a, {3, -1}, 0), reference_take(a, {3, -1}, 0)) == "");
}

TEST_CASE("each block of a take reads only the source blocks its indices fall in", "[indexing]") {
  const auto a = test::sample<double>({12, 4}, 9);
  const auto x = da::from_ndarray(a, {3, 2});
  // Source blocks along axis 0: [0, 3) [3, 6) [6, 9) [9, 12).
  const auto t = da::take(x, {11, 0, 1, 4, 4, -1, 7}, 0);
  CHECK(t.chunks() == da::Chunks{{3, 3, 1}, {2, 2}});
  const da::core::LayerPtr outputs[] = {t.layer()};
  const auto graph = da::detail::build_graph(outputs, false);
  std::vector<std::size_t> reads;
  for (auto task : graph.output_tasks()) reads.push_back(graph.dependencies(task).size());
  // Blocks {3, 0}, {1, 3} and {2}, once for each of the two column blocks.
  CHECK(reads == std::vector<std::size_t>{2, 2, 2, 2, 1, 1});
  CHECK(test::bitwise_equal(t.compute(), reference_take(a, {11, 0, 1, 4, 4, -1, 7}, 0)));
  for (const auto& options : test::all_options()) {
    INFO(test::describe(options));
    CHECK(test::bitwise_equal(t.compute(options), da::take(a, {11, 0, 1, 4, 4, -1, 7}, 0)));
  }
  // Taking from one source block computes that block alone.
  const auto y = da::square(da::random::uniform(0.0, 1.0, {1000}, {10}, 3));
  const da::core::LayerPtr one[] = {da::take(y, {57, 51, 59}, 0).layer()};
  CHECK(da::detail::build_graph(one, true).size() == 2);
}

TEST_CASE("bad take arguments name the argument and its value", "[indexing]") {
  const auto a = test::sample<double>({4, 5}, 1);
  const auto x = da::from_ndarray(a, {2, 2});
  auto both = [&](auto f, const std::string& message) {
    REQUIRE_THROWS_AS(f(x), std::invalid_argument);
    REQUIRE_THROWS_AS(f(a), std::invalid_argument);
    CHECK_THROWS_WITH(f(x), Catch::Contains(message));
    CHECK_THROWS_WITH(f(a), Catch::Contains(message));
  };
  both(
      [](const auto& y) {
        return da::take(y, {0, 4}, 0);
      },
      "take: indices[1] = 4 is out of bounds for axis 0 with size 4");
  both([](const auto& y) { return da::take(y, {-6}, 1); },
       "take: indices[0] = -6 is out of bounds for axis 1 with size 5");
  both([](const auto& y) { return da::take(y, {0}, 2); }, "take: axis = 2 is out of range");
  both([](const auto& y) { return da::take(y, {0}, -3); }, "take: axis = -3 is out of range");
  both(
      [](const auto& y) {
        return da::take(y, da::NDArray<std::int64_t>({1, 1}, {0}), 0);
      },
      "take: indices.shape = (1, 1) is not 1-d");
  const auto s = test::sample<double>({}, 1);
  CHECK_THROWS_WITH(da::take(s, {0}, 0), Catch::Contains("take: axis = 0 is out of range"));
}

TEST_CASE("da::all is `:` in an index and numpy.all as a function", "[indexing]") {
  const auto m = test::sample<std::int64_t>({4, 5}, 1);
  const auto lazy = da::from_ndarray(m, {3, 2});
  CHECK(test::difference(da::view(m, da::all, 2), da::view(m, da::slice{}, 2)) == "");
  CHECK(test::difference(da::view(lazy, da::all, -1).compute(), da::view(m, da::slice{}, -1)) ==
        "");
  CHECK(test::difference(da::view(lazy, 1, da::all).compute(), da::view(m, 1)) == "");
  CHECK(da::view(lazy, da::all, da::all).chunks() == lazy.chunks());
  const auto positive = m > std::int64_t{-6};
  CHECK(da::all(positive).item());
  CHECK(da::all(da::from_ndarray(positive, {2, 2})).compute().item());
  const auto rows = da::all(m, 1, {.keepdims = true});
  REQUIRE(rows.shape() == da::Shape{4, 1});
  for (std::int64_t r = 0; r < 4; ++r) {
    bool expected = true;
    for (std::int64_t c = 0; c < 5; ++c) expected = expected && m(r, c) != 0;
    CHECK(rows(r, 0) == expected);
  }
  CHECK(da::all(m, da::Axes{0, 1}).shape() == da::Shape{});
}
