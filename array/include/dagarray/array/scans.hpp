#pragma once
// Cumulative sums and products along an axis, as numpy.cumsum and numpy.cumprod, for Array
// (lazy, the graph of scan_graph.hpp) and NDArray (eager: a plain loop over the array, its
// independent lines split over the cores).

#include <dagarray/array/checks.hpp>
#include <dagarray/array/kinds.hpp>
#include <dagarray/array/reshape.hpp>
#include <dagarray/array/scan_graph.hpp>
#include <dagarray/array/scan_kernels.hpp>
#include <dagarray/array/scan_ops.hpp>

namespace dagarray {

namespace detail {

/// @brief NumPy's axis rule for a scan, where a 0-d array counts as 1-d (its one element):
/// numpy.cumsum(numpy.array(5), axis=-1) is array([5]).
inline std::size_t scan_axis(const char* fn, int axis, std::size_t ndim) {
  if (ndim == 0 && axis != 0 && axis != -1) {
    invalid(fn, "axis", axis, "is out of range for a 0-d array (scanned as 1-d: axis 0 or -1)");
  }
  return normalize_axis(fn, axis, std::max<std::size_t>(ndim, 1));
}

/// @brief Without an axis NumPy scans the flattened array; only ranks 0 and 1 are flat already.
template <class Op, Element T>
NDArray<typename Op::template result<T>> scan(const NDArray<T>& x, std::size_t axis) {
  using R = typename Op::template result<T>;
  const auto& in = x.buffer();
  const auto shape = x.ndim() == 0 ? core::Shape{1} : x.shape();
  return NDArray<R>::from_buffer(scan_buffer<Op, T>(in.reshaped(shape), axis, Execution::parallel));
}

template <class Op, ArrayLike X>
auto scan_along(const X& x, int axis) {
  return scan<Op>(x, scan_axis(Op::name, axis, x.ndim()));
}

template <class Op, ArrayLike X>
auto scan_flattened(const X& x) {
  return scan<Op>(ravel(x), std::size_t{0});  // as NumPy: flattened in row-major order
}

}  // namespace detail

/// @brief Cumulative sum along `axis` (negative counts from the end), as numpy.cumsum: the
/// result has x's shape (and, lazily, its chunks); bool and int64 give int64 (wrapping on
/// overflow), float32 and float64 stay as they are.
/// @code{.cpp}
/// auto x = da::from_ndarray(da::NDArray<std::int64_t>({2, 3}, {1, 2, 3, 4, 5, 6}), {1, 2});
/// auto c = da::cumsum(x, 1).compute();   // {{1, 3, 6}, {4, 9, 15}}
/// @endcode
template <detail::ArrayLike X>
auto cumsum(const X& x, int axis) {
  return detail::scan_along<detail::CumsumScan>(x, axis);
}

/// @brief Cumulative sum of the array flattened in row-major order, as numpy.cumsum(x): 1-d.
template <detail::ArrayLike X>
auto cumsum(const X& x) {
  return detail::scan_flattened<detail::CumsumScan>(x);
}

/// @brief Cumulative product along `axis`, as numpy.cumprod; the dtypes of cumsum.
template <detail::ArrayLike X>
auto cumprod(const X& x, int axis) {
  return detail::scan_along<detail::CumprodScan>(x, axis);
}

/// @brief Cumulative product of the array flattened in row-major order, as numpy.cumprod(x).
template <detail::ArrayLike X>
auto cumprod(const X& x) {
  return detail::scan_flattened<detail::CumprodScan>(x);
}

}  // namespace dagarray
