// Reductions: every one of NumPy's (sum, prod, mean, var, stddev, min, max, argmin, argmax,
// any, all, count_nonzero, nansum, nanmean, nanmin, nanmax) in every form (no axis, one axis,
// a list of axes, keepdims), lazy == eager == a plain loop; NumPy's dtypes; accuracy (float64
// accumulation, Chan's variance); NaN; empty arrays; the shape of the reduction tree; bad input.

#include <catch2/catch.hpp>

#include <algorithm>
#include <limits>
#include <map>
#include <numeric>

#include "test_support.hpp"

namespace {

using test::Shape;

template <class T>
using sum_t = std::conditional_t<std::is_floating_point_v<T>, T, std::int64_t>;
template <class T>
using mean_t = std::conditional_t<std::is_floating_point_v<T>, T, double>;

/// How a reduction is called: no axis, one axis (an int) or a list, with or without keepdims.
struct Form {
  std::optional<da::Axes> axes;  // none: R(x)
  bool single = false;           // R(x, axes[0], ...) rather than R(x, da::Axes{...}, ...)
  bool keepdims = false;
};

std::string describe(const Form& f) {
  if (!f.axes) return "no axis";
  std::string out = f.single ? "axis " : "axes {";
  for (auto a : *f.axes) out += std::to_string(a) + " ";
  return out + (f.single ? "" : "}") + (f.keepdims ? " keepdims" : "");
}

/// Every form worth trying on `ndim` axes: none; each axis, positive and negative, with and
/// without keepdims; no axes; every pair; every axis as a list (reversed, with keepdims).
std::vector<Form> forms(std::size_t ndim, bool lists = true) {
  const auto n = static_cast<int>(ndim);
  std::vector<Form> out{{}};
  for (int a = 0; a < n; ++a) {
    for (bool keep : {false, true}) {
      out.push_back({da::Axes{a}, true, keep});
      out.push_back({da::Axes{a - n}, true, keep});
    }
  }
  if (!lists) return out;
  out.push_back({da::Axes{}, false, false});
  for (int a = 0; a < n; ++a) {
    for (int b = a + 1; b < n; ++b) out.push_back({da::Axes{b, a - n}, false, a == 0});
  }
  da::Axes every(ndim);
  std::iota(every.rbegin(), every.rend(), 0);
  out.push_back({every, false, true});
  return out;
}

/// Calls a reduction in the given form.
template <class Reduce, class X>
auto apply(Reduce reduce, const X& x, const Form& f, int ddof = 0) {
  if constexpr (requires { reduce(x, 0, da::ReduceOptions{}); }) {
    if (!f.axes) return reduce(x);
    const da::ReduceOptions options{.keepdims = f.keepdims, .ddof = ddof};
    if (f.single) return reduce(x, f.axes->front(), options);
    if constexpr (requires { reduce(x, da::Axes{}, options); }) {
      return reduce(x, *f.axes, options);
    }
    FAIL("a list of axes for a reduction that takes one axis");
  }
  return reduce(x);
}

/// The elements each result reduces, in row-major order, with their index (along the one
/// reduced axis, or into the flattened array); and the result's shape.
template <class T>
struct Gathered {
  Shape shape;
  std::vector<std::vector<std::pair<T, std::int64_t>>> groups;
};

template <class T>
Gathered<T> gather(const da::NDArray<T>& a, const Form& f) {
  const auto ndim = a.ndim();
  std::vector<bool> reduced(ndim, !f.axes);
  if (f.axes) {
    for (auto ax : *f.axes) reduced[static_cast<std::size_t>(ax < 0 ? ax + int(ndim) : ax)] = true;
  }
  Gathered<T> out;
  std::int64_t outputs = 1;
  for (std::size_t d = 0; d < ndim; ++d) {
    if (!reduced[d]) outputs *= a.shape()[d];
    if (!reduced[d] || f.keepdims) out.shape.push_back(reduced[d] ? 1 : a.shape()[d]);
  }
  out.groups.resize(static_cast<std::size_t>(outputs));
  const bool flat = !f.axes || f.axes->size() != 1;
  for (std::int64_t i = 0; i < a.size(); ++i) {
    std::int64_t rest = i, o = 0, scale = 1, along = 0;
    for (std::size_t d = ndim; d-- > 0;) {
      const auto idx = rest % a.shape()[d];
      rest /= a.shape()[d];
      if (reduced[d]) {
        along = idx;
        continue;
      }
      o += idx * scale;
      scale *= a.shape()[d];
    }
    out.groups[static_cast<std::size_t>(o)].push_back({a.data()[i], flat ? i : along});
  }
  return out;
}

/// The plain-loop result of `f` on each group.
template <class R, class T, class F>
da::NDArray<R> reference(const Gathered<T>& g, F f) {
  da::NDArray<R> out(g.shape);
  for (std::size_t o = 0; o < g.groups.size(); ++o) out.data()[o] = static_cast<R>(f(g.groups[o]));
  return out;
}

/// Equal, or (floats) within `tolerance` relative: the tree adds in another order than a loop.
template <class T>
std::string difference(const da::NDArray<T>& actual, const da::NDArray<T>& expected,
                       double tolerance) {
  if (tolerance == 0 || actual.shape() != expected.shape()) {
    return test::difference(actual, expected);
  }
  for (std::int64_t i = 0; i < actual.size(); ++i) {
    const double x = actual.data()[i], y = expected.data()[i];
    if (test::same_value(x, y) || std::abs(x - y) <= tolerance * std::max(std::abs(x), std::abs(y)))
      continue;
    return "element " + std::to_string(i) + ": " + std::to_string(x) + " != " + std::to_string(y);
  }
  return "";
}

/// Lazy (in `chunks`) and eager both give `expected` and the type R.
template <class R, class Reduce, class T>
void check_form(const char* what, Reduce reduce, const da::NDArray<T>& a, const Shape& chunks,
                const Form& f, const da::NDArray<R>& expected, double tolerance = 0, int ddof = 0) {
  INFO(what << ", " << describe(f));
  const auto lazy = apply(reduce, da::from_ndarray(a, chunks), f, ddof);
  const auto eager = apply(reduce, a, f, ddof);
  STATIC_REQUIRE(std::is_same_v<std::decay_t<decltype(lazy)>, da::Array<R>>);
  STATIC_REQUIRE(std::is_same_v<std::decay_t<decltype(eager)>, da::NDArray<R>>);
  CHECK(lazy.shape() == expected.shape());
  CHECK(difference(lazy.compute(), expected, tolerance) == "");
  CHECK(difference(eager, expected, tolerance) == "");
}

/// A reduction as a callable; SFINAE-friendly, so `apply` can ask which forms it takes.
#define REDUCTION(fn)                                                   \
  [](const auto& arr, auto... args) -> decltype(da::fn(arr, args...)) { \
    return da::fn(arr, args...);                                        \
  }

template <class T>
constexpr double tolerance_of() {
  return std::is_same_v<T, float> ? 1e-6 : 1e-12;
}

template <class T, class Group>
double loop_sum(const Group& g) {
  long double s = 0;
  for (auto [x, i] : g) s += static_cast<long double>(x);
  return static_cast<double>(s);
}

template <class T, class Group>
double loop_var(const Group& g, int ddof) {
  const auto n = static_cast<double>(g.size());
  const double mean = loop_sum<T>(g) / n;
  long double m2 = 0;
  for (auto [x, i] : g) m2 += (static_cast<long double>(x) - mean) * (x - mean);
  return static_cast<double>(m2) / std::max(n - ddof, 0.0);
}

/// argmin's and argmax's plain loop: the first extreme, a NaN counting as the extreme.
template <bool Min, class Group>
std::int64_t loop_arg(const Group& g) {
  auto best = g.front();
  for (auto [x, i] : g) {
    if (std::isnan(double(best.first))) break;
    if (std::isnan(double(x)) || (Min ? x < best.first : x > best.first)) best = {x, i};
  }
  return best.second;
}

/// Every reduction of `a` in form `f` against plain loops.
template <class T>
void check_all_reductions(const da::NDArray<T>& a, const Shape& chunks, const Form& f) {
  using S = sum_t<T>;
  using M = mean_t<T>;
  const auto g = gather(a, f);
  const bool any_element = !g.groups.empty() && !g.groups[0].empty();
  const auto exact = [&](auto init, auto step) {
    return [init, step](const auto& group) {
      auto acc = init;
      for (auto [x, i] : group) acc = step(acc, x);
      return acc;
    };
  };
  check_form<S>("sum", REDUCTION(sum), a, chunks, f,
                reference<S>(g, exact(S(0), [](S acc, T x) { return S(acc + S(x)); })));
  check_form<S>("nansum", REDUCTION(nansum), a, chunks, f,
                reference<S>(g, exact(S(0), [](S acc, T x) {
                               return std::isnan(double(x)) ? acc : S(acc + S(x));
                             })));
  check_form<S>("prod", REDUCTION(prod), a, chunks, f,
                reference<S>(g, exact(S(1),
                                      [](S acc, T x) {
                                        if constexpr (std::is_floating_point_v<S>) {
                                          return S(acc * S(x));
                                        } else {  // wraps, as NumPy's
                                          return S(std::uint64_t(acc) * std::uint64_t(S(x)));
                                        }
                                      })),
                tolerance_of<T>());
  check_form<std::int64_t>(
      "count_nonzero", REDUCTION(count_nonzero), a, chunks, f,
      reference<std::int64_t>(
          g, exact(std::int64_t{0}, [](std::int64_t acc, T x) { return acc + (x != T(0)); })));
  check_form<bool>(
      "any", REDUCTION(any), a, chunks, f,
      reference<bool>(g, exact(false, [](bool acc, T x) { return acc || x != T(0); })));
  check_form<bool>("all", REDUCTION(all), a, chunks, f,
                   reference<bool>(g, exact(true, [](bool acc, T x) { return acc && x != T(0); })));
  check_form<M>(
      "mean", REDUCTION(mean), a, chunks, f,
      reference<M>(g, [](const auto& group) { return loop_sum<T>(group) / group.size(); }),
      tolerance_of<T>());
  check_form<M>("nanmean", REDUCTION(nanmean), a, chunks, f,
                reference<M>(g,
                             [](const auto& group) {
                               long double s = 0;
                               double n = 0;
                               for (auto [x, i] : group) {
                                 if (!std::isnan(double(x))) s += x, n += 1;
                               }
                               return static_cast<double>(s) / n;
                             }),
                tolerance_of<T>());
  for (int ddof : {0, 1}) {
    if (ddof != 0 && !f.axes) continue;  // R(x) takes no options
    check_form<M>("var", REDUCTION(var), a, chunks, f,
                  reference<M>(g, [ddof](const auto& group) { return loop_var<T>(group, ddof); }),
                  tolerance_of<T>(), ddof);
    check_form<M>(
        "stddev", REDUCTION(stddev), a, chunks, f,
        reference<M>(g, [ddof](const auto& group) { return std::sqrt(loop_var<T>(group, ddof)); }),
        tolerance_of<T>(), ddof);
  }
  if (!any_element) return;
  const auto extreme = [](bool min, bool skip) {
    return [min, skip](const auto& group) {
      auto best = group.front().first;
      for (auto [x, i] : group) {
        const bool x_nan = std::isnan(double(x)), best_nan = std::isnan(double(best));
        if (skip ? (best_nan || (!x_nan && (min ? x < best : x > best)))
                 : (x_nan || (min ? x < best : x > best))) {
          best = x;
        }
      }
      return best;
    };
  };
  check_form<T>("min", REDUCTION(min), a, chunks, f, reference<T>(g, extreme(true, false)));
  check_form<T>("max", REDUCTION(max), a, chunks, f, reference<T>(g, extreme(false, false)));
  check_form<T>("nanmin", REDUCTION(nanmin), a, chunks, f, reference<T>(g, extreme(true, true)));
  check_form<T>("nanmax", REDUCTION(nanmax), a, chunks, f, reference<T>(g, extreme(false, true)));
  if (f.axes && (!f.single || f.keepdims)) return;  // argmin takes one axis or none
  check_form<std::int64_t>("argmin", REDUCTION(argmin), a, chunks, f,
                           reference<std::int64_t>(g, loop_arg<true, decltype(g.groups[0])>));
  check_form<std::int64_t>("argmax", REDUCTION(argmax), a, chunks, f,
                           reference<std::int64_t>(g, loop_arg<false, decltype(g.groups[0])>));
}

template <class T>
void check_every_form(const da::NDArray<T>& a, const Shape& chunks, bool lists = true) {
  for (const auto& f : forms(a.ndim(), lists)) check_all_reductions(a, chunks, f);
}

/// Calls `f(options)` for the schedulers and optimisation on and off.
template <class F>
void for_each_options(F f) {
  for (const auto& options : test::all_options()) {
    INFO(test::describe(options));
    f(options);
  }
}

}  // namespace

// ---- every reduction, every form -----------------------------------------------------------

TEMPLATE_TEST_CASE("every reduction in every form matches a loop", "[reductions]", double, float,
                   std::int64_t, bool) {
  const auto c = GENERATE(from_range(test::chunkings()));
  INFO(test::describe(c));
  check_every_form(test::sample<TestType>(c.shape, 1), c.chunks);
}

TEMPLATE_TEST_CASE("reductions over many blocks build multi-level trees", "[reductions]", double,
                   std::int64_t) {
  // 1-element blocks along every axis give several tree levels per reduction.
  const auto shape = GENERATE(Shape{100}, Shape{20, 9}, Shape{4, 5, 6});
  INFO("shape " << da::detail::to_string(shape));
  check_every_form(test::sample<TestType>(shape, 2), Shape(shape.size(), 1), shape.size() < 3);
}

TEST_CASE("reductions agree on every scheduler, fused and unfused", "[reductions]") {
  const auto a = test::sample<double>({6, 10}, 3);
  const auto x = da::from_ndarray(a, {4, 3});
  for_each_options([&](const da::ComputeOptions& options) {
    // The tree merges blocks, the eager loop pieces: the same values to rounding.
    CHECK(difference(da::stddev(da::square(x), 0).compute(options), da::stddev(da::square(a), 0),
                     1e-14) == "");
    CHECK(difference(da::mean(x + 1.0, da::Axes{0, 1}, {.keepdims = true}).compute(options),
                     da::mean(a + 1.0, da::Axes{0, 1}, {.keepdims = true}), 1e-14) == "");
    CHECK(test::difference(da::argmax(-x, 1).compute(options), da::argmax(-a, 1)) == "");
    CHECK(test::difference(da::argmin(x * 2.0).compute(options), da::argmin(a * 2.0)) == "");
    CHECK(test::difference(da::count_nonzero(da::sum(da::square(x), 0) < 30.0).compute(options),
                           da::count_nonzero(da::sum(da::square(a), 0) < 30.0)) == "");
  });
}

TEST_CASE("NaN: min, max and var propagate it, the nan reductions skip it", "[reductions]") {
  const auto nan = std::numeric_limits<double>::quiet_NaN();
  auto a = test::sample<double>({4, 6}, 1);
  a(0, 0) = nan;
  a(2, 3) = nan;
  a(3, 5) = nan;
  for (const auto& chunks : {Shape{1, 1}, Shape{3, 4}, Shape{4, 6}}) {
    check_every_form(a, chunks);
    const auto x = da::from_ndarray(a, chunks);
    CHECK(std::isnan(da::min(x).compute().item()));
    CHECK(std::isnan(da::var(x).compute().item()));
    CHECK(!std::isnan(da::nanmin(x).compute().item()));
    CHECK(da::argmax(x).compute().item() == 0);  // the first NaN
  }
  // A slice of NaN only: nanmin and nanmean give NaN, nansum 0, as NumPy's.
  const da::NDArray<float> all_nan({2, 2}, {1, float(nan), 2, float(nan)});
  CHECK(std::isnan(da::nanmin(all_nan, 0).data()[1]));
  CHECK(std::isnan(da::nanmax(da::from_ndarray(all_nan, {1, 1}), 0).compute().data()[1]));
  CHECK(std::isnan(da::nanmean(all_nan, 0).data()[1]));
  CHECK(da::nansum(da::from_ndarray(all_nan, {1, 2}), 0).compute().data()[1] == 0.0f);
}

TEST_CASE("argmin and argmax give the first occurrence, and a NaN counts as the extreme",
          "[reductions]") {
  const auto nan = std::numeric_limits<double>::quiet_NaN();
  const da::NDArray<double> ties({8}, {3, 0, 5, 0, 5, -0.0, 1, 5});
  const da::NDArray<double> nans({7}, {3, -9, nan, 0, nan, -20, 1});
  for (const auto& chunks : {Shape{1}, Shape{2}, Shape{3}, Shape{8}}) {
    CHECK(da::argmin(da::from_ndarray(ties, chunks)).compute().item() == 1);
    CHECK(da::argmax(da::from_ndarray(ties, chunks)).compute().item() == 2);
    CHECK(da::argmin(da::from_ndarray(nans, {std::min<std::int64_t>(chunks[0], 7)}))
              .compute()
              .item() == 2);
    CHECK(da::argmax(da::from_ndarray(nans, {std::min<std::int64_t>(chunks[0], 7)}), 0)
              .compute()
              .item() == 2);
  }
  CHECK(da::argmin(ties).item() == 1);
  CHECK(da::argmax(nans).item() == 2);
  // +inf and int64's extremes are found too (they equal the identity's value).
  const auto inf = std::numeric_limits<double>::infinity();
  const da::NDArray<double> infs({3}, {inf, inf, inf});
  CHECK(da::argmin(da::from_ndarray(infs, {1})).compute().item() == 0);
  constexpr auto big = std::numeric_limits<std::int64_t>::max();
  const da::NDArray<std::int64_t> bigs({2, 2}, {big, big, big, big});
  CHECK(test::difference(da::argmin(da::from_ndarray(bigs, {1, 1}), 0).compute(),
                         da::NDArray<std::int64_t>({2}, {0, 0})) == "");
  // Flat indices across blocks of a 2-d array.
  auto m = test::sample<double>({5, 7}, 4);
  m(3, 6) = -100;
  CHECK(da::argmin(da::from_ndarray(m, {2, 3})).compute().item() == 3 * 7 + 6);
  CHECK(da::argmin(m).item() == 3 * 7 + 6);
}

// ---- dtypes, shapes and accuracy ---------------------------------------------------------

TEST_CASE("reductions give NumPy's dtypes and shapes", "[reductions]") {
  const auto b = da::zeros<bool>({4}, {2});
  const auto i = da::zeros<std::int64_t>({4}, {2});
  const auto f = da::zeros<float>({4, 3}, {2, 2});
  STATIC_REQUIRE(std::is_same_v<decltype(da::sum(b)), da::Array<std::int64_t>>);
  STATIC_REQUIRE(std::is_same_v<decltype(da::prod(b)), da::Array<std::int64_t>>);
  STATIC_REQUIRE(std::is_same_v<decltype(da::sum(f, 0)), da::Array<float>>);
  STATIC_REQUIRE(std::is_same_v<decltype(da::mean(i)), da::Array<double>>);
  STATIC_REQUIRE(std::is_same_v<decltype(da::var(b)), da::Array<double>>);
  STATIC_REQUIRE(std::is_same_v<decltype(da::stddev(f)), da::Array<float>>);
  STATIC_REQUIRE(std::is_same_v<decltype(da::nanmean(f)), da::Array<float>>);
  STATIC_REQUIRE(std::is_same_v<decltype(da::argmin(f)), da::Array<std::int64_t>>);
  STATIC_REQUIRE(std::is_same_v<decltype(da::any(f)), da::Array<bool>>);
  STATIC_REQUIRE(std::is_same_v<decltype(da::min(b)), da::Array<bool>>);
  STATIC_REQUIRE(std::is_same_v<decltype(da::nanmax(i, 0)), da::Array<std::int64_t>>);
  CHECK(da::sum(b).shape() == Shape{});
  CHECK(da::sum(da::zeros({3, 4, 5}, {2, 2, 2}), -2).shape() == Shape{3, 5});
  CHECK(da::sum(da::zeros({3, 4, 5}, {2, 2, 2}), da::Axes{0, 2}, {.keepdims = true}).shape() ==
        Shape{1, 4, 1});
  CHECK(da::argmin(f, 1, {.keepdims = true}).shape() == Shape{4, 1});
  CHECK(da::sum(f, da::Axes{}).shape() == Shape{4, 3});
  CHECK(da::mean(f).dtype() == "float32");
  CHECK(da::var(i).dtype() == "float64");
}

TEST_CASE("sum and prod of int64 wrap on overflow as in NumPy", "[reductions]") {
  constexpr auto max = std::numeric_limits<std::int64_t>::max();
  const da::NDArray<std::int64_t> a({3}, {max, 1, 1});
  const auto expected = std::numeric_limits<std::int64_t>::min() + 1;
  CHECK(da::sum(a).item() == expected);
  CHECK(da::sum(da::from_ndarray(a, {1})).compute().item() == expected);
  // 2^40 * (2^30 + 1) * 3 = 3 * 2^70 + 3 * 2^40, which wraps to 3 * 2^40.
  const da::NDArray<std::int64_t> p({3}, {std::int64_t{1} << 40, (std::int64_t{1} << 30) + 1, 3});
  CHECK(da::prod(p).item() == 3 * (std::int64_t{1} << 40));
  CHECK(da::prod(da::from_ndarray(p, {1})).compute().item() == 3 * (std::int64_t{1} << 40));
}

TEST_CASE("means of int64 and bool accumulate in float64", "[reductions]") {
  constexpr auto max = std::numeric_limits<std::int64_t>::max();
  const da::NDArray<std::int64_t> a({2}, {max, max});
  const double expected = static_cast<double>(max);
  CHECK(da::mean(a).item() == expected);
  CHECK(da::mean(da::from_ndarray(a, {1})).compute().item() == expected);
  CHECK(da::var(da::from_ndarray(a, {1})).compute().item() == 0.0);
  const da::NDArray<bool> b({4}, {true, true, false, true});
  CHECK(da::mean(da::from_ndarray(b, {3})).compute().item() == 0.75);
  CHECK(da::var(b).item() == Approx(0.1875).epsilon(1e-15));
}

TEST_CASE("float32 sums and means accumulate in float64", "[reductions]") {
  constexpr std::int64_t n = std::int64_t{1} << 25;
  CHECK(da::sum(da::ones<float>({n}, {n / 8})).compute().item() == float(n));
  CHECK(da::mean(da::ones<float>({n}, {n / 8})).compute().item() == 1.0f);
  // 2^24 then ones: in float32, 2^24 + 1 rounds back to 2^24 and every one would be lost.
  auto a = test::generate<float>({1 + 16 * 1000},
                                 [](std::int64_t i) { return i == 0 ? 16777216.0 : 1.0; });
  const float expected = 16777216.0f + 16000.0f;
  CHECK(da::sum(a).item() == expected);
  CHECK(da::sum(da::from_ndarray(a, {4001})).compute().item() == expected);
  CHECK(da::nansum(a).item() == expected);
  CHECK(da::mean(a).item() == float(double(expected) / double(a.size())));
}

TEST_CASE("var of data with a huge mean is exact: Chan's formula, not sum of squares",
          "[reductions]") {
  // 1e9 + noise of about 0.1: a sum of squares would be 1e18 and keep no digit of the noise
  // (wrong by far more than 100%). Eagerly the shifted Welford loops are exact to ~1e-12;
  // lazily each block's mean is held in float64 to 1.2e-7 (an ulp of 1e9), which bounds the
  // merged variance's relative error near 1e-7.
  const auto a = test::generate<double>({40, 25}, [](std::int64_t i) {
    return 1e9 + 0.1 * double((i * 37) % 17) - 0.05 * double(i % 3);
  });
  for (const auto& f : {Form{da::Axes{0, 1}}, Form{da::Axes{0}, true}, Form{da::Axes{1}, true}}) {
    const auto g = gather(a, f);
    for (const auto& chunks : {Shape{40, 25}, Shape{7, 4}, Shape{1, 1}}) {
      check_form<double>(
          "var", REDUCTION(var), a, chunks, f,
          reference<double>(g, [](const auto& group) { return loop_var<double>(group, 0); }), 1e-6);
      check_form<double>(
          "stddev", REDUCTION(stddev), a, chunks, f,
          reference<double>(
              g, [](const auto& group) { return std::sqrt(loop_var<double>(group, 1)); }),
          1e-6, 1);
    }
  }
}

TEST_CASE("var and stddev divide by max(n - ddof, 0), as NumPy", "[reductions]") {
  const da::NDArray<double> a({3}, {1, 2, 3});
  const auto x = da::from_ndarray(a, {2});
  CHECK(da::var(a, 0, {.ddof = 1}).item() == 1.0);
  CHECK(da::var(x, 0, {.ddof = 1}).compute().item() == 1.0);
  CHECK(da::stddev(x, da::Axes{0}, {.ddof = 2}).compute().item() == std::sqrt(2.0));
  CHECK(std::isinf(da::var(x, 0, {.ddof = 3}).compute().item()));  // 2 / 0
  CHECK(std::isinf(da::var(a, 0, {.ddof = 4}).item()));            // 2 / max(-1, 0)
  CHECK(da::var(x, 0, {.ddof = -1}).compute().item() == 0.5);
  const da::NDArray<double> one({1}, {5});
  CHECK(std::isnan(da::var(one, 0, {.ddof = 1}).item()));  // 0 / 0
  CHECK(std::isnan(da::var(da::NDArray<double>({0})).item()));
  // ddof is part of the name: the same expression with another ddof is another array.
  CHECK(da::var(x, 0, {.ddof = 1}).name() != da::var(x, 0).name());
  CHECK(da::var(x, 0, {.ddof = 1}).name() == da::var(x, 0, {.ddof = 1}).name());
}

TEST_CASE("reductions of empty arrays", "[reductions]") {
  const auto shape = GENERATE(Shape{0}, Shape{3, 0}, Shape{0, 4});
  INFO("shape " << da::detail::to_string(shape));
  const auto a = da::NDArray<double>(shape);
  const auto x = da::from_ndarray(a, Shape(shape.size(), 2));
  CHECK(da::sum(x).compute().item() == 0.0);
  CHECK(!std::signbit(da::sum(a).item()));
  CHECK(da::prod(x).compute().item() == 1.0);
  CHECK(da::count_nonzero(x).compute().item() == 0);
  CHECK(!da::any(x).compute().item());
  CHECK(da::all(a).item());
  CHECK(std::isnan(da::mean(x).compute().item()));
  CHECK(std::isnan(da::var(a).item()));
  for (const auto& f : forms(shape.size())) check_all_reductions(a, Shape(shape.size(), 2), f);
  CHECK(da::sum(da::arange(0, 3)).compute().item() == 0);
}

// ---- the tree ----------------------------------------------------------------------------

TEST_CASE("a reduction over 100 blocks is a tree of fan-in kReductionFanIn", "[reductions]") {
  const auto s = da::sum(da::arange(100, 1));
  const da::core::LayerPtr outputs[] = {s.layer()};
  const auto graph = da::core::Graph::from_layers(outputs);
  std::map<std::string, std::int64_t> tasks_per_op;
  for (da::core::TaskId t = 0; t < graph.size(); ++t) ++tasks_per_op[graph.layer(t).op()];
  // 100 partial sums, then ceil(100 / 8) = 13, ceil(13 / 8) = 2 and 1 combine tasks.
  static_assert(da::kReductionFanIn == 8);
  CHECK(tasks_per_op["arange"] == 100);
  CHECK(tasks_per_op["sum-partial"] == 100);
  CHECK(tasks_per_op["sum-combine"] == 13 + 2);
  CHECK(tasks_per_op["sum"] == 1);
  CHECK(graph.size() == 100 + 100 + 13 + 2 + 1);
  for (da::core::TaskId t = 0; t < graph.size(); ++t) {
    const auto& op = graph.layer(t).op();
    if (op == "sum-combine" || op == "sum") {
      CHECK(graph.dependencies(t).size() <= static_cast<std::size_t>(da::kReductionFanIn));
      CHECK(graph.dependencies(t).size() >= 2);
    }
  }
  CHECK(s.compute().item() == 4950);
}

TEST_CASE("no combine task reads more than kReductionFanIn blocks on any axis", "[reductions]") {
  const auto x = da::ones({30, 20, 10}, {1, 1, 1});
  const auto form = GENERATE(Form{}, Form{da::Axes{0}, true}, Form{da::Axes{-1}, true},
                             Form{da::Axes{0, 2}, false, true});
  INFO(describe(form));
  const auto s = apply(REDUCTION(var), x, form);
  const da::core::LayerPtr outputs[] = {s.layer()};
  const auto graph = da::core::Graph::from_layers(outputs);
  std::size_t combines = 0;
  for (da::core::TaskId t = 0; t < graph.size(); ++t) {
    const auto& op = graph.layer(t).op();
    if (op == "ones" || op == "var-partial") continue;
    ++combines;
    CHECK(graph.dependencies(t).size() <= static_cast<std::size_t>(da::kReductionFanIn));
  }
  CHECK(combines > 0);
  const auto result = s.compute();
  CHECK(std::all_of(result.begin(), result.end(), [](double v) { return v == 0.0; }));
}

TEST_CASE("a column reduction fuses with the chain before it: one task per block", "[reductions]") {
  // (count, mean, M2) planes lead the states, so their tiles are the input's columns.
  const auto x = da::random::uniform(-1.0, 1.0, {6, 40}, {6, 10}, 5);
  const auto s = da::stddev(da::square(x), 0);
  const da::core::LayerPtr outputs[] = {s.layer()};
  const auto fused = da::detail::build_graph(outputs, true);
  CHECK(fused.size() == 4 + 4);  // 4 fused partial tasks, 4 finishing tasks
  CHECK(test::difference(s.compute(), s.compute({.optimize = false})) == "");
}

// ---- bad input ---------------------------------------------------------------------------

TEST_CASE("bad axes and empty reductions throw, naming function, argument and value",
          "[reductions]") {
  const auto x = da::zeros({3, 4}, {2, 2});
  const auto a = da::NDArray<double>({3, 4});
  const auto throws = [](auto call, const std::string& needle) {
    try {
      call();
      FAIL("no exception");
    } catch (const std::invalid_argument& e) {
      CHECK_THAT(e.what(), Catch::Contains(needle));
    }
  };
  throws([&] { da::sum(x, 2); }, "sum: axis = 2 is out of range");
  throws([&] { da::mean(a, -3); }, "mean: axis = -3 is out of range");
  throws([&] { da::var(x, da::Axes{0, 5}); }, "var: axis = 5");
  throws([&] { da::stddev(a, da::Axes{1, -1}); }, "stddev: axis = -1 is repeated");
  throws([&] { da::argmin(x, 2); }, "argmin: axis = 2");
  throws([&] { da::nansum(da::NDArray<double>(Shape{}), 0); }, "nansum: axis = 0");
  const auto e = da::NDArray<double>({3, 0});
  const auto le = da::from_ndarray(e, {2, 1});
  throws([&] { da::min(e); }, "min: shape = (3, 0) has no elements");
  throws([&] { da::max(le, 1); }, "max: shape = (3, 0)");
  throws([&] { da::argmin(le); }, "argmin: shape = (3, 0)");
  throws([&] { da::argmax(e, -1); }, "argmax: shape = (3, 0)");
  throws([&] { da::nanmin(le, da::Axes{0, 1}); }, "nanmin: shape");
  throws([&] { da::nanmax(e, 1, {.keepdims = true}); }, "nanmax: shape");
  REQUIRE_THROWS_AS(da::any(x, 7), std::invalid_argument);
  REQUIRE_THROWS_AS(da::all(a, da::Axes{0, 0}), std::invalid_argument);
  REQUIRE_THROWS_AS(da::prod(x, -3), std::invalid_argument);
  REQUIRE_THROWS_AS(da::count_nonzero(a, 2), std::invalid_argument);
  REQUIRE_THROWS_AS(da::nanmean(x, da::Axes{2}), std::invalid_argument);
  // Over an axis that is not empty, the result is empty: no error, as NumPy.
  CHECK(da::min(e, 0).shape() == Shape{0});
  CHECK(da::argmax(le, 0).compute().shape() == Shape{0});
}
