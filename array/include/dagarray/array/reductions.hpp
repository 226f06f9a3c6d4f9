#pragma once
// NumPy's reductions, for Array (lazy: a tree of tasks, reduction_tree.hpp) and NDArray (eager:
// now, on all cores) alike. Each has the forms
//   R(x)                                 over every axis, a 0-d result
//   R(x, axis)                           over one axis (negative counts from the end)
//   R(x, da::Axes{0, 2})                 over several distinct axes; da::Axes{} reduces none
//   R(x, axis or axes, {.keepdims = true, .ddof = 1})
// except argmin and argmax, which take one axis or none, as NumPy's. The op structs are in
// reduce_ops.hpp, the loops in reduce_kernels.hpp.

#include <dagarray/array/checks.hpp>
#include <dagarray/array/kinds.hpp>
#include <dagarray/array/reduce_kernels.hpp>
#include <dagarray/array/reduce_options.hpp>
#include <dagarray/array/reduction_tree.hpp>

#include <algorithm>
#include <optional>

namespace dagarray {

namespace detail {

/// @brief The reduced axes, checked: in range, none repeated. No list means every axis.
inline ReduceSpec reduce_spec(const char* fn, std::size_t ndim, const std::optional<Axes>& axes,
                              ReduceOptions options) {
  ReduceSpec spec{std::vector<bool>(ndim, !axes), options.keepdims, options.ddof, std::nullopt};
  if (axes) {
    std::vector<std::int64_t> list;
    for (auto axis : normalize_axes(fn, *axes, ndim)) {
      spec.reduced[axis] = true;
      list.push_back(static_cast<std::int64_t>(axis));
    }
    std::sort(list.begin(), list.end());
    spec.axes = std::move(list);
  }
  return spec;
}

template <class Op, ArrayLike X>
auto reduction(const X& x, const std::optional<Axes>& axes, ReduceOptions options) {
  using T = typename X::value_type;
  const auto spec = reduce_spec(Op::name, x.ndim(), axes, options);
  if constexpr (Op::needs_elements) {
    if (reduced_count(x.shape(), spec) == 0) {
      invalid(Op::name, "shape", x.shape(),
              "has no elements along the reduced axes, and this reduction has no identity");
    }
  }
  if constexpr (is_lazy<X>) {
    return reduce_lazy<Op, T>(x, spec);
  } else {
    return reduce_eager<Op, T>(x, spec);
  }
}

}  // namespace detail

#define DAGARRAY_REDUCTION(fn, Op)                                    \
  template <detail::ArrayLike X>                                      \
  auto fn(const X& x) {                                               \
    return detail::reduction<detail::Op>(x, std::nullopt, {});        \
  }                                                                   \
  template <detail::ArrayLike X>                                      \
  auto fn(const X& x, int axis, ReduceOptions options = {}) {         \
    return detail::reduction<detail::Op>(x, Axes{axis}, options);     \
  }                                                                   \
  template <detail::ArrayLike X>                                      \
  auto fn(const X& x, const Axes& axes, ReduceOptions options = {}) { \
    return detail::reduction<detail::Op>(x, axes, options);           \
  }

/// @brief Sum, as numpy.sum: bool and int64 give int64 (wrapping), floats their own type;
/// float32 accumulates in float64.
/// @code{.cpp}
/// auto s = da::sum(x, da::Axes{0, 2}, {.keepdims = true});
/// @endcode
DAGARRAY_REDUCTION(sum, SumReduce)
/// @brief Product, as numpy.prod: bool and int64 give int64 (wrapping); 1 when empty.
DAGARRAY_REDUCTION(prod, ProdReduce)
/// @brief Arithmetic mean, as numpy.mean: float64 for int64 and bool (accumulated in float64),
/// else the input's type; NaN when empty.
DAGARRAY_REDUCTION(mean, MeanReduce)
/// @brief Variance, as numpy.var: the squared deviations from the mean over
/// max(n - options.ddof, 0); float64 for int64 and bool.
DAGARRAY_REDUCTION(var, VarReduce)
/// @brief Standard deviation, as numpy.std: the square root of var.
DAGARRAY_REDUCTION(stddev, StddevReduce)
/// @brief Smallest element (NaN if any is NaN), as numpy.min; no elements is an error.
DAGARRAY_REDUCTION(min, MinReduce)
/// @brief Largest element (NaN if any is NaN), as numpy.max; no elements is an error.
DAGARRAY_REDUCTION(max, MaxReduce)
/// @brief Whether any element is non-zero, as numpy.any; bool, false when empty.
DAGARRAY_REDUCTION(any, AnyReduce)
/// @brief Number of non-zero (true) elements, as numpy.count_nonzero; int64.
DAGARRAY_REDUCTION(count_nonzero, CountNonzeroReduce)
/// @brief Sum counting NaN as zero, as numpy.nansum.
DAGARRAY_REDUCTION(nansum, NanSumReduce)
/// @brief Mean of the elements that are not NaN, as numpy.nanmean (NaN if there are none).
DAGARRAY_REDUCTION(nanmean, NanMeanReduce)
/// @brief Smallest element ignoring NaN, as numpy.nanmin (NaN if all are NaN).
DAGARRAY_REDUCTION(nanmin, NanMinReduce)
/// @brief Largest element ignoring NaN, as numpy.nanmax (NaN if all are NaN).
DAGARRAY_REDUCTION(nanmax, NanMaxReduce)
#undef DAGARRAY_REDUCTION

namespace detail {

/// The type of da::all: numpy.all as a function object, so that the same name can also stand
/// for `:` in da::view (as `da::view(x, 1, da::all)`), as both NumPy spellings are asked for.
struct AllFunction {
  template <ArrayLike X>
  auto operator()(const X& x) const {
    return reduction<AllReduce>(x, std::nullopt, {});
  }
  template <ArrayLike X>
  auto operator()(const X& x, int axis, ReduceOptions options = {}) const {
    return reduction<AllReduce>(x, Axes{axis}, options);
  }
  template <ArrayLike X>
  auto operator()(const X& x, const Axes& axes, ReduceOptions options = {}) const {
    return reduction<AllReduce>(x, axes, options);
  }
};

}  // namespace detail

/// @brief Whether every element is non-zero, as numpy.all; bool, true when empty. As an index
/// of da::view, `:` (every element of that axis).
/// @code{.cpp}
/// bool ok = da::all(x > 0.0).compute().item();
/// auto column = da::view(m, da::all, 2);   // m[:, 2]
/// @endcode
inline constexpr detail::AllFunction all{};

#define DAGARRAY_ARG_REDUCTION(fn, Op)                            \
  template <detail::ArrayLike X>                                  \
  auto fn(const X& x) {                                           \
    return detail::reduction<detail::Op>(x, std::nullopt, {});    \
  }                                                               \
  template <detail::ArrayLike X>                                  \
  auto fn(const X& x, int axis, ReduceOptions options = {}) {     \
    return detail::reduction<detail::Op>(x, Axes{axis}, options); \
  }

/// @brief Index of the first smallest element (a NaN counts as smallest), as numpy.argmin;
/// int64. Without an axis, the index into the flattened array.
/// @code{.cpp}
/// auto where = da::argmin(x, 1);   // one column index per row
/// @endcode
DAGARRAY_ARG_REDUCTION(argmin, ArgminReduce)
/// @brief Index of the first largest element (a NaN counts as largest), as numpy.argmax.
DAGARRAY_ARG_REDUCTION(argmax, ArgmaxReduce)
#undef DAGARRAY_ARG_REDUCTION

}  // namespace dagarray
