#pragma once
// da::view(x, i0, i1, ...): NumPy's basic indexing, x[i0, i1, ...]. Eager, a copy of the
// elements picked. Lazy, as Dask's slice_array: the part of each source block inside the view
// is a block of the result (blocks left empty are dropped, a negative step reverses their
// order), so each block of the result is one task reading exactly one source block, and
// computing part of a view runs only the source blocks that part needs.

#include <dagarray/array/execution.hpp>
#include <dagarray/array/kinds.hpp>
#include <dagarray/array/layers.hpp>
#include <dagarray/array/rechunk.hpp>
#include <dagarray/array/slice.hpp>
#include <dagarray/array/strided_copy.hpp>
#include <dagarray/core/token.hpp>

#include <algorithm>
#include <array>

namespace dagarray {

namespace detail {

/// @brief A view's part of one source block along one axis: the block, the position of the
/// first element picked in it, and how many are picked.
struct BlockPick {
  std::int64_t block;
  std::int64_t start;
  std::int64_t count;
};

/// @brief The blocks of `chunks` that `pick` runs through, in the order it runs; none when it
/// picks nothing.
inline std::vector<BlockPick> split_by_blocks(const AxisPick& pick,
                                              const std::vector<std::int64_t>& chunks) {
  const auto bounds = block_bounds(chunks);
  std::vector<BlockPick> out;
  for (std::int64_t i = 0; i < pick.count;) {
    const auto position = pick.start + i * pick.step;
    const auto b = std::upper_bound(bounds.begin(), bounds.end(), position) - bounds.begin() - 1;
    const auto lo = bounds[static_cast<std::size_t>(b)];
    const auto hi = bounds[static_cast<std::size_t>(b) + 1];
    // One past the last i still inside the block; in 128 bits, as the step may be huge.
    const __int128 step = pick.step;
    const __int128 end = step > 0 ? (__int128{hi} - pick.start + step - 1) / step
                                  : (__int128{pick.start} - lo) / -step + 1;
    const auto stop = static_cast<std::int64_t>(std::min<__int128>(end, pick.count));
    out.push_back({b, position - lo, stop - i});
    i = stop;
  }
  return out;
}

template <Element T>
NDArray<T> view_eager(const NDArray<T>& x, const ViewPlan& plan) {
  auto out = NDArray<T>::empty(plan.out_shape);
  const auto ndim = x.ndim();
  if (ndim == 0) {
    out.data()[0] = x.data()[0];
    return out;
  }
  core::Shape start(ndim), step(ndim), count(ndim);
  for (std::size_t a = 0; a < ndim; ++a) {
    start[a] = plan.picks[a].start;
    step[a] = plan.picks[a].step;
    count[a] = plan.picks[a].count;
  }
  // In parallel over the first axis, each piece a box of whole rows of the result.
  const auto row = core::shape_size(count) / std::max<std::int64_t>(count[0], 1);
  const auto grain =
      std::max<std::int64_t>(scheduler::kParallelGrain / std::max<std::int64_t>(row, 1), 1);
  for_ranges(
      Execution::parallel, count[0],
      [&](std::int64_t begin, std::int64_t end) {
        auto piece_start = start;
        auto piece_count = count;
        piece_start[0] += begin * step[0];
        piece_count[0] = end - begin;
        copy_strided(x.data(), x.shape(), piece_start, step, piece_count, out.data() + begin * row);
      },
      grain);
  return out;
}

template <Element T>
Array<T> view_lazy(const Array<T>& x, const ViewPlan& plan) {
  if (plan.is_identity(x.shape())) return x;  // as Dask's x[:] and x[...]
  const auto ndim = x.ndim();
  std::vector<std::vector<BlockPick>> parts(ndim);
  BlockLists lists(ndim);
  core::Shape steps(ndim);
  std::vector<int> out_position(ndim, -1);  // per source axis, its axis in the result
  for (std::size_t o = 0; o < plan.out_axes.size(); ++o) {
    if (plan.out_axes[o] >= 0) out_position[static_cast<std::size_t>(plan.out_axes[o])] = int(o);
  }
  for (std::size_t a = 0; a < ndim; ++a) {
    steps[a] = plan.picks[a].step;
    parts[a] = split_by_blocks(plan.picks[a], x.chunks()[a]);
    // An empty view has one empty block along the axis, which reads nothing.
    if (parts[a].empty()) {
      parts[a].push_back({0, 0, 0});
      lists[a].emplace_back();
      continue;
    }
    for (const auto& part : parts[a]) lists[a].push_back({part.block});
  }
  core::Chunks chunks;
  for (auto source : plan.out_axes) {
    auto& sizes = chunks.emplace_back();
    if (source < 0) {
      sizes.push_back(1);
    } else {
      for (const auto& part : parts[static_cast<std::size_t>(source)]) sizes.push_back(part.count);
    }
  }
  core::Tokenizer token;
  token.add("view").add(x.name());
  for (const auto& pick : plan.picks)
    token.add(pick.start).add(pick.step).add(pick.count).add(pick.integer);
  for (auto source : plan.out_axes) token.add(source);

  auto kernel = [parts = std::move(parts), steps, out_position](
                    std::span<const core::Buffer* const> in, const BlockInfo& info) {
    if (in.empty()) return core::Buffer::allocate(dtype_of<T>(), info.shape);
    const core::Buffer& block = *in[0];
    const auto n = parts.size();
    core::Shape start(n), count(n);
    bool whole = true;
    for (std::size_t a = 0; a < n; ++a) {
      const auto j =
          out_position[a] < 0 ? 0 : info.index[static_cast<std::size_t>(out_position[a])];
      const auto& part = parts[a][static_cast<std::size_t>(j)];
      start[a] = part.start;
      count[a] = part.count;
      whole = whole && part.start == 0 && steps[a] == 1 && part.count == block.shape()[a];
    }
    // Buffers are never written once made: a view of a whole block shares it.
    if (whole) return block.reshaped(info.shape);
    core::Buffer out = core::Buffer::allocate(dtype_of<T>(), info.shape);
    copy_strided(block.as<T>(), block.shape(), start, steps, count, out.as_mutable<T>());
    return out;
  };
  return Array<T>(make_layer<GatherLayer>(std::move(kernel), token.name("view"), "view", x.layer(),
                                          std::move(chunks), dtype_of<T>(), std::move(lists)));
}

}  // namespace detail

/// @brief x[i0, i1, ...] as NumPy's basic indexing. Each index is an integer (picks one
/// element and drops the axis; negative counts from the end), a `da::slice` (`da::slice{}` is
/// `:`), `da::newaxis` or `da::ellipsis`; axes left without an index are taken whole. Lazy, the
/// result keeps the source's block boundaries (as Dask); eager, it is a copy.
/// @code{.cpp}
/// auto inner = da::view(u, da::slice{1, -1});                   // u[1:-1]
/// auto part = da::view(u, da::slice{1, -1}, da::slice{2, {}});  // u[1:-1, 2:]
/// auto column = da::view(u, da::slice{}, 0);                    // u[:, 0]
/// auto flipped = da::view(u, da::ellipsis, da::slice{.step = -1});  // u[..., ::-1]
/// @endcode
template <detail::ArrayLike X, detail::IndexLike... I>
auto view(const X& x, const I&... indices) {
  const std::array<Index, sizeof...(I)> list{detail::to_index(indices)...};
  const auto plan = detail::plan_view("view", x.shape(), list);
  if constexpr (detail::is_lazy<X>) {
    return detail::view_lazy(x, plan);
  } else {
    return detail::view_eager(x, plan);
  }
}

}  // namespace dagarray
