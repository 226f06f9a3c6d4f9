#pragma once
// Matrix products with NumPy's rules, for Array (lazy: block products and a tree sum,
// contraction.hpp) and NDArray (eager: one BLAS call on every core) alike:
//   matmul(a, b)            numpy.matmul / a @ b: 1-D operands promoted and the axis removed
//                           again, stacks of matrices with broadcast batch axes
//   tensordot(a, b, axes)   numpy.tensordot: the last `axes` of a with the first of b, or two
//                           lists of axes
//   dot(a, b)               numpy.dot: a scalar multiplies; else a's last axis with b's only
//                           axis (1-D) or its second-to-last
//   outer(a, b)             numpy.outer: a and b flattened, every product
// The result's dtype is NumPy's (promote_t): bool with bool gives bool (an or of ands), int64
// wraps.

#include <dagarray/array/contraction.hpp>
#include <dagarray/array/elementwise.hpp>
#include <dagarray/array/promotion.hpp>
#include <dagarray/array/reshape.hpp>
#include <dagarray/array/transpose.hpp>
#include <dagarray/array/ufuncs.hpp>

#include <utility>

namespace dagarray {

namespace detail {

/// @brief Two arrays of the same kind (both lazy or both eager).
template <class X, class Y>
concept SameKindArrays = (is_lazy<X> && is_lazy<Y>) || (is_eager<X> && is_eager<Y>);

/// @brief The same array with no copy: an eager one shares its elements (read only here), a lazy
/// one is a handle anyway. The products never copy an operand that is already in place.
template <ArrayLike X>
X shared(const X& x) {
  if constexpr (is_eager<X>) {
    return X::from_buffer(x.buffer());
  } else {
    return x;
  }
}

template <Element R, ArrayLike X>
auto as_element(const X& x) {
  if constexpr (std::is_same_v<typename X::value_type, R>) {
    return shared(x);
  } else {
    return astype<R>(x);
  }
}

/// @brief x with a new axis of extent 1 at `axis` (or without the one there): lazily a layer that
/// relabels each block, eagerly the same elements seen with the new shape.
template <ArrayLike X>
X insert_axis(const X& x, int axis) {
  if constexpr (is_eager<X>) {
    auto shape = x.shape();
    shape.insert(shape.begin() + (axis < 0 ? axis + static_cast<int>(shape.size()) + 1 : axis), 1);
    return X::from_buffer(x.buffer().reshaped(std::move(shape)));
  } else {
    return expand_dims(x, axis);
  }
}

template <ArrayLike X>
X drop_axis(const X& x, int axis) {
  if constexpr (is_eager<X>) {
    auto shape = x.shape();
    shape.erase(shape.begin() + (axis < 0 ? axis + static_cast<int>(shape.size()) : axis));
    return X::from_buffer(x.buffer().reshaped(std::move(shape)));
  } else {
    return squeeze(x, axis);
  }
}

template <class X>
auto with_leading_axes(X x, std::size_t ndim) {
  while (x.ndim() < ndim) x = insert_axis(x, 0);
  return x;
}

}  // namespace detail

/// @brief The matrix product, as numpy.matmul (Python's `a @ b`): the last two axes of each
/// operand are matrices, the axes before them a stack that broadcasts; a 1-D `a` is a row and a
/// 1-D `b` a column, whose axis the result drops. No scalars (use multiply).
/// @code{.cpp}
/// auto c = da::matmul(a, b);                 // (n, k) @ (k, m) -> (n, m), one block per pair
/// auto g = da::matmul(da::transpose(x), x);  // a Gram matrix, tall-skinny x
/// @endcode
template <class X, class Y>
requires detail::SameKindArrays<X, Y>
auto matmul(const X& x, const Y& y) {
  constexpr const char* fn = "matmul";
  using R = detail::promote_t<typename X::value_type, typename Y::value_type>;
  if (x.ndim() == 0) detail::invalid(fn, "a.shape", x.shape(), "is 0-d: use multiply for scalars");
  if (y.ndim() == 0) detail::invalid(fn, "b.shape", y.shape(), "is 0-d: use multiply for scalars");
  const bool row = x.ndim() == 1;
  const bool column = y.ndim() == 1;
  auto a = detail::as_element<R>(x);
  auto b = detail::as_element<R>(y);
  if (row) a = detail::insert_axis(a, 0);
  if (column) b = detail::insert_axis(b, 1);
  const auto& sa = a.shape();
  const auto& sb = b.shape();
  if (sa.back() != sb[sb.size() - 2]) {
    detail::invalid(fn, "shapes",
                    detail::to_string(x.shape()) + " and " + detail::to_string(y.shape()),
                    "do not contract: a's last axis (" + std::to_string(sa.back()) +
                        ") differs from b's " + (column ? "only" : "second-to-last") + " axis (" +
                        std::to_string(sb[sb.size() - 2]) + ")");
  }
  // The stacks broadcast as elementwise operations do (this also checks them).
  const core::Shape stack_a(sa.begin(), sa.end() - 2);
  const core::Shape stack_b(sb.begin(), sb.end() - 2);
  const auto batch = detail::broadcast_shape(fn, stack_a, stack_b).size();
  a = detail::with_leading_axes(std::move(a), batch + 2);
  b = detail::with_leading_axes(std::move(b), batch + 2);
  auto c = detail::contract(a, b, {batch, 1, 1, 1}, fn);
  if (row) c = detail::drop_axis(c, -2);
  if (column) c = detail::drop_axis(c, -1);
  return c;
}

/// @brief Axes of a and of b summed over together, as numpy.tensordot's pair of lists.
using TensordotAxes = std::pair<Axes, Axes>;

/// @brief The sum of products over `axes.first` of a and `axes.second` of b (paired in order), as
/// numpy.tensordot: the result has a's other axes, then b's.
/// @code{.cpp}
/// auto t = da::tensordot(a, b, {{1, 0}, {0, 1}});   // a (3, 4, 5), b (4, 3, 2) -> (5, 2)
/// @endcode
template <class X, class Y>
requires detail::SameKindArrays<X, Y>
auto tensordot(const X& x, const Y& y, const TensordotAxes& axes) {
  constexpr const char* fn = "tensordot";
  using R = detail::promote_t<typename X::value_type, typename Y::value_type>;
  const auto on_a = detail::normalize_axes(fn, axes.first, x.ndim());
  const auto on_b = detail::normalize_axes(fn, axes.second, y.ndim());
  if (on_a.size() != on_b.size()) {
    detail::invalid(
        fn, "axes",
        std::to_string(on_a.size()) + " axes of a and " + std::to_string(on_b.size()) + " of b",
        "must pair up: give as many axes of b as of a");
  }
  for (std::size_t i = 0; i < on_a.size(); ++i) {
    if (x.shape()[on_a[i]] != y.shape()[on_b[i]]) {
      detail::invalid(fn, "shapes",
                      detail::to_string(x.shape()) + " and " + detail::to_string(y.shape()),
                      "do not contract: a's axis " + std::to_string(on_a[i]) + " has " +
                          std::to_string(x.shape()[on_a[i]]) + " elements, b's axis " +
                          std::to_string(on_b[i]) + " has " + std::to_string(y.shape()[on_b[i]]));
    }
  }
  const auto rest = [](std::size_t ndim, const std::vector<std::size_t>& summed) {
    Axes free;
    for (std::size_t ax = 0; ax < ndim; ++ax) {
      if (std::find(summed.begin(), summed.end(), ax) == summed.end()) {
        free.push_back(static_cast<int>(ax));
      }
    }
    return free;
  };
  auto order_a = rest(x.ndim(), on_a);
  const auto free_a = order_a.size();
  for (auto ax : on_a) order_a.push_back(static_cast<int>(ax));
  Axes order_b(on_b.begin(), on_b.end());
  const auto free_b = rest(y.ndim(), on_b);
  order_b.insert(order_b.end(), free_b.begin(), free_b.end());
  const auto arranged = [](auto array, const Axes& order) {
    for (std::size_t i = 0; i < order.size(); ++i) {
      if (order[i] != static_cast<int>(i)) return transpose(array, order);
    }
    return array;
  };
  const auto a = arranged(detail::as_element<R>(x), order_a);
  const auto b = arranged(detail::as_element<R>(y), order_b);
  return detail::contract(a, b, {0, free_a, on_a.size(), free_b.size()}, fn);
}

/// @brief numpy.tensordot with an integer: the last `axes` axes of a with the first of b.
template <class X, class Y>
requires detail::SameKindArrays<X, Y>
auto tensordot(const X& x, const Y& y, int axes = 2) {
  if (axes < 0 || static_cast<std::size_t>(axes) > std::min(x.ndim(), y.ndim())) {
    detail::invalid("tensordot", "axes", axes,
                    "must be between 0 and the smaller ndim (" +
                        std::to_string(std::min(x.ndim(), y.ndim())) + ")");
  }
  TensordotAxes pairs;
  for (int i = 0; i < axes; ++i) {
    pairs.first.push_back(static_cast<int>(x.ndim()) - axes + i);
    pairs.second.push_back(i);
  }
  return tensordot(x, y, pairs);
}

/// @brief The dot product, as numpy.dot: with a 0-d operand, multiply; with a 1-D b, the sum
/// over a's last axis and b; else over a's last axis and b's second-to-last.
template <class X, class Y>
requires detail::SameKindArrays<X, Y>
auto dot(const X& x, const Y& y) {
  using R = detail::promote_t<typename X::value_type, typename Y::value_type>;
  if (x.ndim() == 0 || y.ndim() == 0) {
    // NumPy's dot of bools with a 0-d bool is their and; multiply rejects two bools.
    if constexpr (std::is_same_v<R, bool>) {
      return x && y;
    } else {
      return detail::as_element<R>(x) * detail::as_element<R>(y);
    }
  } else {
    const int last = static_cast<int>(x.ndim()) - 1;
    const int with = y.ndim() == 1 ? 0 : static_cast<int>(y.ndim()) - 2;
    return tensordot(x, y, TensordotAxes{{last}, {with}});
  }
}

/// @brief Every product of an element of a with one of b, as numpy.outer: a and b flattened,
/// the result (a.size, b.size).
template <class X, class Y>
requires detail::SameKindArrays<X, Y>
auto outer(const X& x, const Y& y) {
  const auto column = expand_dims(ravel(x), 1);
  const auto row = expand_dims(ravel(y), 0);
  using R = detail::promote_t<typename X::value_type, typename Y::value_type>;
  if constexpr (std::is_same_v<R, bool>) {
    return column && row;
  } else {
    return detail::as_element<R>(column) * detail::as_element<R>(row);
  }
}

}  // namespace dagarray
