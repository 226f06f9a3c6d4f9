// matmul, tensordot, dot and outer: NumPy's shapes and dtypes, lazy equal to eager equal to a
// plain loop for every chunking, the graph's shape (one task per output block, or partial
// products and a tree sum), and the errors.

#include <catch2/catch.hpp>

#include <string>

#include "test_support.hpp"

namespace {

using Catch::Matchers::Contains;
using test::Shape;

/// A brute-force tensordot: the elements of integer-valued samples, so float sums are exact.
template <class T>
da::NDArray<T> reference_tensordot(const da::NDArray<T>& a, const da::NDArray<T>& b,
                                   const std::vector<std::size_t>& on_a,
                                   const std::vector<std::size_t>& on_b) {
  std::vector<std::size_t> free_a, free_b;
  for (std::size_t ax = 0; ax < a.ndim(); ++ax) {
    if (std::find(on_a.begin(), on_a.end(), ax) == on_a.end()) free_a.push_back(ax);
  }
  for (std::size_t ax = 0; ax < b.ndim(); ++ax) {
    if (std::find(on_b.begin(), on_b.end(), ax) == on_b.end()) free_b.push_back(ax);
  }
  Shape out_shape, summed;
  for (auto ax : free_a) out_shape.push_back(a.shape()[ax]);
  for (auto ax : free_b) out_shape.push_back(b.shape()[ax]);
  for (auto ax : on_a) summed.push_back(a.shape()[ax]);
  da::NDArray<T> out(out_shape);
  const auto flat = [](const Shape& shape, const Shape& index) {
    std::int64_t f = 0;
    for (std::size_t ax = 0; ax < shape.size(); ++ax) f = f * shape[ax] + index[ax];
    return f;
  };
  const auto unravel = [](std::int64_t f, const Shape& shape) {
    Shape index(shape.size());
    for (std::size_t ax = shape.size(); ax-- > 0;) {
      index[ax] = f % shape[ax];
      f /= shape[ax];
    }
    return index;
  };
  for (std::int64_t o = 0; o < out.size(); ++o) {
    const auto oi = unravel(o, out_shape);
    T total{};
    for (std::int64_t s = 0; s < da::core::shape_size(summed); ++s) {
      const auto si = unravel(s, summed);
      Shape ia(a.ndim()), ib(b.ndim());
      for (std::size_t i = 0; i < free_a.size(); ++i) ia[free_a[i]] = oi[i];
      for (std::size_t i = 0; i < free_b.size(); ++i) ib[free_b[i]] = oi[free_a.size() + i];
      for (std::size_t i = 0; i < on_a.size(); ++i) {
        ia[on_a[i]] = si[i];
        ib[on_b[i]] = si[i];
      }
      const T x = a.data()[flat(a.shape(), ia)];
      const T y = b.data()[flat(b.shape(), ib)];
      if constexpr (std::is_same_v<T, bool>) {
        total = total || (x && y);
      } else {
        total = static_cast<T>(total + x * y);
      }
    }
    out.data()[o] = total;
  }
  return out;
}

template <class T>
da::NDArray<T> reference_matmul(const da::NDArray<T>& a, const da::NDArray<T>& b) {
  return reference_tensordot(a, b, {1}, {0});
}

/// The op names of an array's layers, output first, following first inputs.
std::vector<std::string> ops_down(const da::core::LayerPtr& layer) {
  std::vector<std::string> ops;
  for (auto l = layer; l; l = l->inputs().empty() ? nullptr : l->inputs().front()) {
    ops.push_back(l->op());
  }
  return ops;
}

/// Whether any layer of the graph below `layer` has the op `op`.
bool has_op(const da::core::LayerPtr& layer, const std::string& op) {
  if (layer->op() == op) return true;
  for (const auto& input : layer->inputs()) {
    if (has_op(input, op)) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("matmul of matrices: lazy, eager and a plain loop agree for every chunking", "[linalg]") {
  struct Case {
    Shape a, b, chunks_a, chunks_b;
  };
  const auto c = GENERATE(values<Case>({
      {{7, 5}, {5, 4}, {3, 2}, {2, 3}},         // uneven blocks, b's contracted chunks follow a's
      {{7, 5}, {5, 4}, {7, 5}, {5, 4}},         // one block each
      {{4, 9}, {9, 3}, {1, 1}, {4, 1}},         // one-element blocks: many partial products
      {{64, 200}, {200, 3}, {64, 7}, {11, 3}},  // one output block, 29 contracted blocks
      {{1, 1}, {1, 1}, {1, 1}, {1, 1}},
  }));
  INFO("a " << da::detail::to_string(c.a) << " b " << da::detail::to_string(c.b));
  const auto a = test::sample<double>(c.a, 1);
  const auto b = test::sample<double>(c.b, 2);
  const auto expected = reference_matmul(a, b);
  CHECK(test::difference(da::matmul(a, b), expected) == "");
  const auto lazy = da::matmul(da::from_ndarray(a, c.chunks_a), da::from_ndarray(b, c.chunks_b));
  CHECK(lazy.shape() == expected.shape());
  CHECK(test::difference(lazy.compute(), expected) == "");
  CHECK(test::difference(lazy.compute({.scheduler = da::Scheduler::sync}), expected) == "");
}

TEST_CASE("matmul keeps a big output block's products in one task, and splits a tall-skinny one",
          "[linalg]") {
  const auto a = test::sample<double>({96, 96}, 3);
  const auto square = da::matmul(da::from_ndarray(a, {12, 12}), da::from_ndarray(a, {12, 12}));
  // 64 output blocks: each multiplies its 8 pairs in one task, no partial blocks to add.
  CHECK(square.layer()->op() == "matmul");
  CHECK(square.num_blocks() == 64);
  CHECK(square.layer()->inputs().size() == 2);

  const auto x = da::from_ndarray(test::sample<double>({4000, 8}, 4), {100, 8});
  const auto gram = da::matmul(da::transpose(x), x);
  CHECK(gram.shape() == Shape{8, 8});
  // One output block, 40 contracted blocks: 32 groups of partial products, then a sum tree.
  const auto ops = ops_down(gram.layer());
  CHECK(std::find(ops.begin(), ops.end(), "matmul-partial") != ops.end());
  CHECK(ops.front() == "sum");
  const auto eager = da::matmul(da::transpose(x.compute()), x.compute());
  CHECK(test::difference(gram.compute(), eager) == "");

  // 4 output blocks as big as the operands' blocks: partial blocks would cost more than the
  // parallelism they buy, so each output block's 2 pairs stay in one task.
  const auto b = test::sample<double>({64, 64}, 5);
  const auto few = da::matmul(da::from_ndarray(b, {32, 32}), da::from_ndarray(b, {32, 32}));
  CHECK(few.layer()->op() == "matmul");
  CHECK(few.num_blocks() == 4);
  CHECK(test::difference(few.compute(), reference_matmul(b, b)) == "");
  CHECK(test::difference(eager, reference_matmul(da::transpose(x.compute()), x.compute())) == "");
}

TEMPLATE_TEST_CASE("matmul reads a transposed operand where it lies, for every dtype", "[linalg]",
                   double, float, std::int64_t, bool) {
  using T = TestType;
  const auto c = GENERATE(values<std::pair<Shape, Shape>>({
      {{9, 5}, {4, 2}},
      {{9, 5}, {9, 5}},
      {{40, 3}, {1, 3}},
  }));
  const auto a = test::sample<T>(c.first, 1);
  const auto b = test::sample<T>(c.first, 2);
  const auto x = da::from_ndarray(a, c.second);
  const auto y = da::from_ndarray(b, c.second);
  const auto at = da::transpose(a);
  const auto bt = da::transpose(b);
  // x.T @ y, x @ y.T and x.T @ (y.T).T: no transposed copy of a block in the graph.
  const auto gram = da::matmul(da::transpose(x), y);
  const auto outer_like = da::matmul(x, da::transpose(y));
  const auto both = da::matmul(da::swapaxes(x, 0, 1), da::transpose(da::transpose(y)));
  CHECK_FALSE(has_op(gram.layer(), "transpose"));
  CHECK_FALSE(has_op(outer_like.layer(), "transpose"));
  CHECK_FALSE(has_op(both.layer(), "swapaxes"));
  CHECK(test::difference(gram.compute(), reference_matmul(at, b)) == "");
  CHECK(test::difference(outer_like.compute(), reference_matmul(a, bt)) == "");
  CHECK(test::difference(both.compute(), reference_matmul(at, b)) == "");
  CHECK(test::difference(da::matmul(at, b), reference_matmul(at, b)) == "");
}

TEMPLATE_TEST_CASE("a block times itself transposed is one syrk, symmetric to the bit", "[linalg]",
                   double, float) {
  using T = TestType;
  // Values that are not small integers, so a wrong triangle or operand order would show.
  const auto a = test::generate<T>({300, 7}, [](auto i) { return std::sin(0.37 * double(i)); });
  const auto x = da::from_ndarray(a, {40, 7});
  const auto gram = da::matmul(da::transpose(x), x).compute();
  const auto outer_gram = da::matmul(x, da::transpose(x)).compute();
  const auto at = da::transpose(a);
  const auto reference = da::matmul(at, a);  // eager: a gemm of two different buffers
  REQUIRE(gram.shape() == Shape{7, 7});
  REQUIRE(outer_gram.shape() == Shape{300, 300});
  for (std::int64_t i = 0; i < 7; ++i) {
    for (std::int64_t j = 0; j < 7; ++j) {
      CHECK(gram(i, j) == gram(j, i));
      CHECK(gram(i, j) == Approx(reference(i, j)).epsilon(1e-5));
    }
  }
  const auto outer_reference = da::matmul(a, at);
  for (std::int64_t i = 0; i < 300; i += 7) {
    for (std::int64_t j = 0; j < 300; j += 11) {
      CHECK(outer_gram(i, j) == outer_gram(j, i));
      CHECK(outer_gram(i, j) == Approx(outer_reference(i, j)).epsilon(1e-5).margin(1e-5));
    }
  }
}

TEST_CASE("an eager product copies neither operand", "[linalg]") {
  const auto a = test::sample<double>({50, 40}, 1);
  const auto v = test::sample<double>({40}, 2);
  const auto before = da::core::Buffer::stats().live;
  da::core::Buffer::reset_peak();
  const auto c = da::matmul(a, a.reshape({40, 50}));
  CHECK(da::core::Buffer::stats().peak <= before + 2);  // the reshape's copy and the result
  da::core::Buffer::reset_peak();
  const auto w = da::matmul(a, v);
  CHECK(da::core::Buffer::stats().peak == before + 2);  // c and w: nothing else
  CHECK(w.shape() == Shape{50});
}

TEST_CASE("matmul has NumPy's result dtypes: float32 stays, int64 wraps, bool is an or of ands",
          "[linalg]") {
  const auto a = test::sample<float>({6, 5}, 1);
  const auto b = test::sample<float>({5, 3}, 2);
  const auto f = da::matmul(da::from_ndarray(a, {4, 2}), da::from_ndarray(b, {2, 3}));
  STATIC_REQUIRE(std::is_same_v<decltype(f)::value_type, float>);
  CHECK(test::difference(f.compute(), reference_matmul(a, b)) == "");

  const auto big =
      test::generate<std::int64_t>({2, 2}, [](auto i) { return std::int64_t{1} << 62 | i; });
  const auto wrapped = da::matmul(big, big);
  CHECK(test::difference(
            da::matmul(da::from_ndarray(big, {1, 1}), da::from_ndarray(big, {1, 1})).compute(),
            wrapped) == "");
  // (2^62 + i)(2^62 + j) summed over two terms, modulo 2^64, computed in unsigned arithmetic.
  const auto u = [](std::int64_t v) { return static_cast<std::uint64_t>(v); };
  CHECK(wrapped(0, 1) ==
        static_cast<std::int64_t>(u(big(0, 0)) * u(big(0, 1)) + u(big(0, 1)) * u(big(1, 1))));

  const auto p = test::sample<bool>({5, 7}, 1);
  const auto q = test::sample<bool>({7, 4}, 3);
  const auto logical = da::matmul(da::from_ndarray(p, {2, 3}), da::from_ndarray(q, {1, 4}));
  STATIC_REQUIRE(std::is_same_v<decltype(logical)::value_type, bool>);
  CHECK(test::difference(logical.compute(), reference_matmul(p, q)) == "");
  CHECK(test::difference(da::matmul(p, q), reference_matmul(p, q)) == "");

  // Mixed operands promote first: int64 with float32 is float64, as in NumPy.
  const auto i = test::sample<std::int64_t>({3, 4}, 1);
  const auto g = test::sample<float>({4, 2}, 2);
  const auto mixed = da::matmul(da::from_ndarray(i, {2, 2}), da::from_ndarray(g, {2, 2}));
  STATIC_REQUIRE(std::is_same_v<decltype(mixed)::value_type, double>);
  CHECK(test::difference(mixed.compute(),
                         reference_matmul(da::astype<double>(i), da::astype<double>(g))) == "");
}

TEST_CASE("matmul's 1-D operands and stacks follow NumPy's rules", "[linalg]") {
  const auto v = test::sample<double>({5}, 1);
  const auto w = test::sample<double>({5}, 2);
  const auto m = test::sample<double>({5, 3}, 3);
  const auto n = test::sample<double>({4, 5}, 4);
  const auto lv = da::from_ndarray(v, {2});
  const auto lw = da::from_ndarray(w, {3});

  const auto inner = da::matmul(lv, lw);
  CHECK(inner.shape() == Shape{});
  CHECK(inner.compute().item() == reference_tensordot(v, w, {0}, {0}).item());
  CHECK(da::matmul(v, w).item() == inner.compute().item());

  const auto row = da::matmul(lv, da::from_ndarray(m, {2, 2}));
  CHECK(row.shape() == Shape{3});
  CHECK(test::difference(row.compute(), reference_tensordot(v, m, {0}, {0})) == "");
  const auto column = da::matmul(da::from_ndarray(n, {3, 2}), lw);
  CHECK(column.shape() == Shape{4});
  CHECK(test::difference(column.compute(), reference_tensordot(n, w, {1}, {0})) == "");

  // (2, 1, 3, 4) @ (5, 4, 2) -> (2, 5, 3, 2): the stacks (2, 1) and (5,) broadcast to (2, 5).
  const auto s = test::sample<double>({2, 1, 3, 4}, 5);
  const auto t = test::sample<double>({5, 4, 2}, 6);
  const auto stacked =
      da::matmul(da::from_ndarray(s, {1, 1, 2, 3}), da::from_ndarray(t, {2, 4, 1}));
  CHECK(stacked.shape() == Shape{2, 5, 3, 2});
  da::NDArray<double> expected({2, 5, 3, 2});
  for (std::int64_t i = 0; i < 2; ++i) {
    for (std::int64_t j = 0; j < 5; ++j) {
      for (std::int64_t r = 0; r < 3; ++r) {
        for (std::int64_t q = 0; q < 2; ++q) {
          double total = 0;
          for (std::int64_t k = 0; k < 4; ++k) total += s(i, 0, r, k) * t(j, k, q);
          expected(i, j, r, q) = total;
        }
      }
    }
  }
  CHECK(test::difference(stacked.compute(), expected) == "");
  CHECK(test::difference(da::matmul(s, t), expected) == "");
}

TEST_CASE("matmul of an empty contraction is zeros, and of empty operands is empty", "[linalg]") {
  const da::NDArray<double> a({3, 0});
  const da::NDArray<double> b({0, 4});
  const auto zeros = da::matmul(da::from_ndarray(a, {2, 1}), da::from_ndarray(b, {1, 2})).compute();
  CHECK(zeros.shape() == Shape{3, 4});
  CHECK(std::all_of(zeros.begin(), zeros.end(), [](double x) { return x == 0.0; }));
  CHECK(test::difference(da::matmul(a, b), zeros) == "");
  const auto empty = da::matmul(da::from_ndarray(b, {1, 2}),
                                da::from_ndarray(da::NDArray<double>({4, 2}), {2, 2}));
  CHECK(empty.compute().shape() == Shape{0, 2});
}

TEST_CASE("tensordot, dot and outer match NumPy's definitions", "[linalg]") {
  const auto a = test::sample<double>({3, 4, 5}, 1);
  const auto b = test::sample<double>({4, 3, 2}, 2);
  const auto la = da::from_ndarray(a, {2, 3, 2});
  const auto lb = da::from_ndarray(b, {3, 2, 1});

  const auto t = da::tensordot(la, lb, {{1, 0}, {0, 1}});
  CHECK(t.shape() == Shape{5, 2});
  const auto expected = reference_tensordot(a, b, {1, 0}, {0, 1});
  CHECK(test::difference(t.compute(), expected) == "");
  CHECK(test::difference(da::tensordot(a, b, {{1, 0}, {0, 1}}), expected) == "");
  // Negative axes count from the end.
  CHECK(test::difference(da::tensordot(la, lb, {{-2, 0}, {0, -2}}).compute(), expected) == "");

  const auto c = test::sample<double>({5, 2, 3}, 3);
  const auto lc = da::from_ndarray(c, {2, 2, 2});
  // The integer form: a's last n axes with c's first n.
  CHECK(test::difference(da::tensordot(la, lc, 1).compute(), reference_tensordot(a, c, {2}, {0})) ==
        "");
  const auto d = test::sample<double>({4, 5, 6}, 4);
  CHECK(test::difference(da::tensordot(la, da::from_ndarray(d, {3, 3, 4})).compute(),
                         reference_tensordot(a, d, {1, 2}, {0, 1})) == "");
  const auto none = da::tensordot(la, lb, 0);
  CHECK(none.shape() == Shape{3, 4, 5, 4, 3, 2});
  CHECK(test::difference(none.compute(), reference_tensordot(a, b, {}, {})) == "");

  // dot: a's last axis with b's second-to-last (N-D), or with a 1-D b; a scalar multiplies.
  const auto e = test::sample<double>({2, 5, 3}, 6);
  CHECK(test::difference(da::dot(la, da::from_ndarray(e, {1, 2, 2})).compute(),
                         reference_tensordot(a, e, {2}, {1})) == "");
  CHECK_THROWS_WITH(da::dot(la, lb), Contains("a's axis 2 has 5 elements, b's axis 1 has 3"));
  const auto v = test::sample<double>({5}, 5);
  CHECK(test::difference(da::dot(la, da::from_ndarray(v, {2})).compute(),
                         reference_tensordot(a, v, {2}, {0})) == "");
  const auto two = da::from_ndarray(da::NDArray<double>({}, {2.0}), Shape{});
  CHECK(test::difference(da::dot(two, la).compute(), a * 2.0) == "");
  CHECK(test::difference(da::dot(a, e), reference_tensordot(a, e, {2}, {1})) == "");

  // outer: both flattened.
  const auto o = da::outer(da::from_ndarray(test::sample<std::int64_t>({2, 3}, 1), {1, 2}),
                           da::from_ndarray(test::sample<std::int64_t>({4}, 2), {3}));
  CHECK(o.shape() == Shape{6, 4});
  const auto oe = o.compute();
  const auto x = test::sample<std::int64_t>({2, 3}, 1);
  const auto y = test::sample<std::int64_t>({4}, 2);
  for (std::int64_t i = 0; i < 6; ++i) {
    for (std::int64_t j = 0; j < 4; ++j) CHECK(oe(i, j) == x.data()[i] * y.data()[j]);
  }
  const auto ob = da::outer(test::sample<bool>({3}, 1), test::sample<bool>({2}, 2));
  STATIC_REQUIRE(std::is_same_v<decltype(ob)::value_type, bool>);
}

TEST_CASE("matmul and tensordot refuse what does not contract, naming the shapes", "[linalg]") {
  const auto a = da::from_ndarray(test::sample<double>({3, 4}), {2, 2});
  const auto b = da::from_ndarray(test::sample<double>({5, 2}), {2, 2});
  const auto scalar = da::from_ndarray(da::NDArray<double>({}, {1.0}), Shape{});
  CHECK_THROWS_WITH(da::matmul(a, b),
                    Contains("matmul: shapes = (3, 4) and (5, 2)") && Contains("do not contract"));
  CHECK_THROWS_WITH(da::matmul(scalar, a), Contains("matmul: a.shape = ()"));
  CHECK_THROWS_WITH(da::matmul(a, scalar), Contains("matmul: b.shape = ()"));
  const auto s = da::from_ndarray(test::sample<double>({2, 3, 4}), {1, 2, 2});
  const auto t = da::from_ndarray(test::sample<double>({3, 4, 2}), {1, 2, 2});
  CHECK_THROWS_WITH(da::matmul(s, t), Contains("do not broadcast"));
  CHECK_THROWS_WITH(da::matmul(test::sample<double>({3, 4}), test::sample<double>({3, 4})),
                    Contains("do not contract"));
  CHECK_THROWS_WITH(da::tensordot(a, b, 3), Contains("tensordot: axes = 3"));
  CHECK_THROWS_WITH(da::tensordot(a, b, -1), Contains("tensordot: axes = -1"));
  CHECK_THROWS_WITH(da::tensordot(a, b, {{0, 1}, {0}}), Contains("must pair up"));
  CHECK_THROWS_WITH(da::tensordot(a, b, {{2}, {0}}), Contains("axis = 2"));
  CHECK_THROWS_WITH(da::tensordot(a, b, {{0, 0}, {0, 1}}), Contains("repeated"));
  CHECK_THROWS_WITH(da::tensordot(a, b, {{0}, {0}}),
                    Contains("a's axis 0 has 3 elements, b's axis 0 has 5"));
}

TEST_CASE("the same product built twice shares its name", "[linalg]") {
  const auto a = da::from_ndarray(test::sample<double>({6, 6}), {3, 3});
  CHECK(da::matmul(a, a).name() == da::matmul(a, a).name());
  CHECK(da::matmul(a, a).name() != da::matmul(a, da::transpose(a)).name());
}
