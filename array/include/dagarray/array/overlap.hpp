#pragma once
// map_overlap: a function applied to every block together with `depth` elements of its
// neighbours along each axis, the result trimmed back to the block, as dask.array.map_overlap.
//
// Dask builds this as three steps (overlap: each block joined to slices of its neighbours;
// map_blocks; trim). Here it is one task per block: the block's padded box is read straight
// from its own and its neighbours' blocks (boundary_read.hpp), the function runs, and the
// result is cut back. A depth larger than a neighbouring chunk needs no rechunk: the box simply
// reads every block it reaches, so the result keeps x's chunks and each task still holds about
// one padded block.

#include <dagarray/array/boundary_read.hpp>
#include <dagarray/array/kinds.hpp>
#include <dagarray/array/map_blocks.hpp>
#include <dagarray/array/rechunk.hpp>

#include <functional>

namespace dagarray {

namespace detail {

template <class F, Element T>
using overlap_result = std::decay_t<std::invoke_result_t<const F&, const NDArray<T>&>>;

/// @brief Where a box of positions [first, last) along one axis begins and ends once
/// extended by `depth` on both sides; `none` stops at the array's edges.
struct PaddedRange {
  std::int64_t first, last;
};

inline PaddedRange padded_range(std::int64_t start, std::int64_t stop, std::int64_t depth,
                                std::int64_t length, Boundary::Kind kind) {
  if (kind == Boundary::Kind::none) {
    return {std::max<std::int64_t>(start - depth, 0), std::min(stop + depth, length)};
  }
  return {start - depth, stop + depth};
}

inline std::vector<std::int64_t> overlap_depths(const core::Shape& shape, const Depth& depth,
                                                const Boundary& boundary) {
  auto depths = depth.per_axis("map_overlap", shape);
  for (std::size_t a = 0; a < shape.size(); ++a) {
    check_extendable("map_overlap", shape, a, depths[a] > 0, boundary);
  }
  return depths;
}

/// @brief f(padded) checked to have the padded box's shape, cut back to `shape` at `start`.
template <class F, Element T>
core::Buffer apply_and_trim(const F& f, core::Buffer&& padded, const core::Shape& start,
                            const core::Shape& shape) {
  const auto block = NDArray<T>::from_buffer(std::move(padded));
  auto result = std::invoke(f, block);
  if (result.shape() != block.shape()) {
    invalid("map_overlap", "the function's result shape", result.shape(),
            "differs from the shape of the block it was given " + to_string(block.shape()) +
                " (the block with its overlap)");
  }
  return cut_box(std::move(result).buffer(), start, shape);
}

}  // namespace detail

/// @brief Lazily applies `f` to every block of `x` extended by `depth` elements of its
/// neighbours along each axis, and trims each result back to the block, as
/// dask.array.map_overlap. `f` takes a `const NDArray<T>&` and returns an NDArray of the same
/// shape (any element type). At the array's edges `boundary` fills in (none: edge blocks get
/// fewer elements, Dask's default). Exceptions from `f`, and a result of another shape, are
/// rethrown by compute() as TaskError naming the block's key.
/// @code{.cpp}
/// auto smooth = da::map_overlap([](const da::NDArray<double>& b) { ... }, x, da::Depth{1, 1},
///                               da::Boundary::reflect());
/// @endcode
template <class F, Element T>
auto map_overlap(F f, const Array<T>& x, const Depth& depth,
                 const Boundary& boundary = Boundary::none()) {
  using R = detail::overlap_result<F, T>;
  static_assert(detail::is_ndarray_result<R>, "map_overlap: the function must return an NDArray");
  using U = typename R::value_type;
  const auto depths = detail::overlap_depths(x.shape(), depth, boundary);
  const auto ndim = x.ndim();
  detail::BoxReads reads(ndim);
  std::vector<std::vector<std::int64_t>> trims(ndim);  // per axis and block: the box's offset
  for (std::size_t a = 0; a < ndim; ++a) {
    const auto bounds = detail::block_bounds(x.chunks()[a]);
    // Every block reads the whole array as np.pad(x, depth) would have it.
    const detail::AxisBoundary edges(boundary.kind(), bounds.back(), depths[a], depths[a]);
    for (std::size_t i = 0; i + 1 < bounds.size(); ++i) {
      const auto range =
          detail::padded_range(bounds[i], bounds[i + 1], depths[a], bounds.back(), boundary.kind());
      reads[a].push_back(detail::plan_axis_read(bounds, range.first, range.last, edges));
      trims[a].push_back(bounds[i] - range.first);
    }
  }
  core::Tokenizer token;
  token.add("map_overlap").add(x.name()).add(std::span<const std::int64_t>(depths));
  detail::add_boundary(token, boundary);
  detail::add_function(token, f);
  auto finish = [f = std::move(f), trims = std::move(trims)](core::Buffer&& padded,
                                                             const detail::BlockInfo& info) {
    core::Shape start(info.index.size());
    for (std::size_t a = 0; a < start.size(); ++a) {
      start[a] = trims[a][static_cast<std::size_t>(info.index[a])];
    }
    return detail::apply_and_trim<F, T>(f, std::move(padded), start, info.shape);
  };
  return detail::read_blocks<U>(x, "map_overlap", token, x.chunks(), std::move(reads),
                                boundary.value<T>(), std::move(finish));
}

/// @brief The eager twin: f applied to the whole array extended by `depth` through `boundary`
/// (np.pad), trimmed back to x's shape.
template <class F, Element T>
auto map_overlap(F f, const NDArray<T>& x, const Depth& depth,
                 const Boundary& boundary = Boundary::none()) {
  using R = detail::overlap_result<F, T>;
  static_assert(detail::is_ndarray_result<R>, "map_overlap: the function must return an NDArray");
  const auto depths = detail::overlap_depths(x.shape(), depth, boundary);
  core::Shape first(x.ndim()), last(x.ndim()), start(x.ndim());
  for (std::size_t a = 0; a < x.ndim(); ++a) {
    const auto range =
        detail::padded_range(0, x.shape()[a], depths[a], x.shape()[a], boundary.kind());
    first[a] = range.first;
    last[a] = range.last;
    start[a] = -range.first;
  }
  auto padded = detail::read_eager(x, first, last, boundary);
  return R::from_buffer(detail::apply_and_trim<F, T>(f, std::move(padded), start, x.shape()));
}

}  // namespace dagarray
