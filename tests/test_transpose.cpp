// Axis operations on the blockwise layer: transpose, moveaxis, swapaxes permute each block and
// the chunks with it; squeeze and expand_dims relabel blocks without copying. Lazy == eager ==
// a plain loop, for every chunking of ranks 0 to 4.

#include <catch2/catch.hpp>

#include <numeric>

#include "test_support.hpp"

namespace {

using test::Shape;

/// Plain loop: out[i_0, ..., i_n] = in[i_perm^-1...], output axis k being input axis perm[k].
template <da::Element T>
da::NDArray<T> permute_loop(const da::NDArray<T>& in, const std::vector<int>& perm) {
  Shape out_shape;
  for (auto a : perm) out_shape.push_back(in.shape()[static_cast<std::size_t>(a)]);
  da::NDArray<T> out(out_shape);
  std::vector<std::int64_t> in_stride(in.ndim(), 1);
  for (std::size_t a = in.ndim(); a-- > 1;) in_stride[a - 1] = in_stride[a] * in.shape()[a];
  for (std::int64_t i = 0; i < out.size(); ++i) {
    std::int64_t rest = i, src = 0;
    for (std::size_t k = out_shape.size(); k-- > 0;) {
      src += rest % out_shape[k] * in_stride[static_cast<std::size_t>(perm[k])];
      rest /= out_shape[k];
    }
    out.data()[i] = in.data()[src];
  }
  return out;
}

template <class Lazy, da::Element T>
void check_all_options(const Lazy& lazy, const da::NDArray<T>& expected) {
  for (const auto& options : test::all_options()) {
    INFO(test::describe(options));
    CHECK(test::difference(lazy.compute(options), expected) == "");
  }
}

std::vector<std::vector<int>> permutations_of(std::size_t ndim) {
  std::vector<int> perm(ndim);
  std::iota(perm.begin(), perm.end(), 0);
  std::vector<std::vector<int>> all;
  do all.push_back(perm);
  while (std::next_permutation(perm.begin(), perm.end()));
  return all;
}

}  // namespace

TEMPLATE_TEST_CASE("transpose permutes elements and chunks", "[transpose]", double, std::int64_t,
                   bool) {
  using T = TestType;
  for (const auto& c : test::chunkings()) {
    INFO(test::describe(c));
    const auto x = test::sample<T>(c.shape, 2);
    const auto lazy = da::from_ndarray(x, c.chunks);
    for (const auto& perm : permutations_of(c.shape.size())) {
      const auto expected = permute_loop(x, perm);
      CHECK(test::difference(da::transpose(x, perm), expected) == "");
      const auto t = da::transpose(lazy, perm);
      for (std::size_t k = 0; k < perm.size(); ++k) {
        CHECK(t.chunks()[k] == lazy.chunks()[static_cast<std::size_t>(perm[k])]);
      }
      check_all_options(t, expected);
    }
    std::vector<int> reversed(c.shape.size());
    std::iota(reversed.rbegin(), reversed.rend(), 0);
    CHECK(test::difference(da::transpose(lazy).compute(), permute_loop(x, reversed)) == "");
  }
}

TEST_CASE("transpose takes negative axes and refuses bad ones", "[transpose]") {
  const auto x = test::sample<double>({2, 3, 4});
  CHECK(da::transpose(x, {-1, 0, 1}).shape() == Shape{4, 2, 3});
  CHECK_THROWS_WITH(da::transpose(x, {0, 0, 1}), Catch::Contains("transpose") &&
                                                     Catch::Contains("axis = 0") &&
                                                     Catch::Contains("repeated"));
  CHECK_THROWS_WITH(da::transpose(x, {0, 1}), Catch::Contains("axes = (0, 1)"));
  CHECK_THROWS_WITH(da::transpose(x, {0, 1, 3}), Catch::Contains("axis = 3"));
}

TEST_CASE("moveaxis and swapaxes are the permutations NumPy gives", "[transpose]") {
  const auto x = test::sample<std::int64_t>({2, 3, 4, 5});
  const auto lazy = da::from_ndarray(x, {1, 2, 3, 2});
  // np.moveaxis(x, 0, -1).shape == (3, 4, 5, 2); np.moveaxis(x, -1, 1).shape == (2, 5, 3, 4)
  CHECK(test::difference(da::moveaxis(x, 0, -1), permute_loop(x, {1, 2, 3, 0})) == "");
  check_all_options(da::moveaxis(lazy, -1, 1), permute_loop(x, {0, 3, 1, 2}));
  check_all_options(da::swapaxes(lazy, 1, 3), permute_loop(x, {0, 3, 2, 1}));
  CHECK(test::difference(da::swapaxes(x, -1, -1), x) == "");
  CHECK_THROWS_WITH(da::moveaxis(x, 4, 0),
                    Catch::Contains("moveaxis") && Catch::Contains("axis = 4"));
  CHECK_THROWS_WITH(da::swapaxes(lazy, 0, -5),
                    Catch::Contains("swapaxes") && Catch::Contains("axis = -5"));
}

TEMPLATE_TEST_CASE("squeeze and expand_dims relabel axes of extent 1", "[transpose]", double,
                   bool) {
  using T = TestType;
  const auto x = test::sample<T>({1, 3, 1, 4});
  const auto lazy = da::from_ndarray(x, {1, 2, 1, 3});
  const auto flat = x.reshape({3, 4});
  CHECK(test::difference(da::squeeze(x), flat) == "");
  check_all_options(da::squeeze(lazy), flat);
  CHECK(da::squeeze(lazy).chunks() == da::Chunks{{2, 1}, {3, 1}});
  check_all_options(da::squeeze(lazy, -2), x.reshape({1, 3, 4}));
  check_all_options(da::squeeze(lazy, da::Axes{0, 2}), flat);
  const auto wide = da::expand_dims(da::squeeze(lazy), 0);
  CHECK(wide.chunks() == da::Chunks{{1}, {2, 1}, {3, 1}});
  check_all_options(wide, x.reshape({1, 3, 4}));
  check_all_options(da::expand_dims(da::squeeze(lazy), da::Axes{-1, 1}), x.reshape({3, 1, 4, 1}));
  check_all_options(da::expand_dims(da::squeeze(lazy), -1), x.reshape({3, 4, 1}));
  CHECK(test::difference(da::expand_dims(flat, 2), x.reshape({3, 4, 1})) == "");
  // 0-d arrays: expand_dims gives shape (1,), squeeze of (1,) gives ().
  const da::NDArray<T> scalar(Shape{}, {T(1)});
  const auto lazy_scalar = da::from_ndarray(scalar, {});
  CHECK(da::expand_dims(lazy_scalar, 0).compute().shape() == Shape{1});
  CHECK(da::squeeze(da::expand_dims(lazy_scalar, 0)).compute().shape() == Shape{});
  CHECK_THROWS_WITH(da::squeeze(lazy, 1), Catch::Contains("squeeze") &&
                                              Catch::Contains("axis = 1") &&
                                              Catch::Contains("extent 3"));
  CHECK_THROWS_WITH(da::expand_dims(x, 5),
                    Catch::Contains("expand_dims") && Catch::Contains("axis = 5"));
  CHECK_THROWS_AS(da::expand_dims(x, da::Axes{0, 0}), std::invalid_argument);
}

TEST_CASE("squeeze and expand_dims do not copy a block", "[transpose]") {
  const auto x = da::from_ndarray(test::sample<double>({3, 1, 4}), {3, 1, 4});
  const auto graph = da::detail::build_graph(std::vector{da::squeeze(x).layer()}, false);
  const auto blocks = da::scheduler::run(graph, {.scheduler = da::Scheduler::sync});
  REQUIRE(blocks.size() == 1);
  CHECK(blocks[0].shape() == Shape{3, 4});
  // The one block of the source, under another shape: no second storage was made for it.
  const auto source = da::scheduler::run(da::detail::build_graph(std::vector{x.layer()}, false),
                                         {.scheduler = da::Scheduler::sync});
  CHECK(source[0].bytes() == blocks[0].bytes());
  // from_ndarray's one block is the array's own storage and squeeze relabels it: the result is
  // those very bytes, run after run.
  const auto again = da::scheduler::run(graph, {.scheduler = da::Scheduler::sync});
  CHECK(again[0].data() == source[0].data());
  CHECK(again[0].data() == blocks[0].data());
}

TEST_CASE("an axis operation between elementwise ones gives the same result fused or not",
          "[transpose]") {
  const auto x = test::sample<double>({6, 4}, 1);
  const auto lazy = da::from_ndarray(x, {4, 3});
  const auto y = da::transpose(lazy * 2.0) + 1.0;
  const auto expected = da::transpose(x * 2.0) + 1.0;
  check_all_options(y, expected);
  check_all_options(da::sum(da::transpose(lazy), 0), da::sum(x, 1));
}
