#pragma once
// da::take(x, indices, axis): the elements at `indices` along one axis, as numpy.take with 1-d
// indices (negative from the end, any order, repeats allowed). Lazy, the result is cut along
// the axis into blocks of about the source's block size, each reading only the source blocks
// its indices fall in (Dask's take, without the one-block-per-run chunks of unsorted indices).

#include <dagarray/array/execution.hpp>
#include <dagarray/array/kinds.hpp>
#include <dagarray/array/layers.hpp>
#include <dagarray/array/rechunk.hpp>
#include <dagarray/core/token.hpp>

#include <algorithm>
#include <span>
#include <vector>

namespace dagarray {

namespace detail {

/// @brief Slabs of the result: out[o, j, :] = source slot[j] at [o, local[j], :] for o in
/// [outer_begin, outer_end) and j in [begin, end), each source a row-major block seen as
/// (outer, extent, inner) and the result as (outer, taken, inner).
template <class T>
void take_slabs(std::span<const T* const> sources, std::span<const std::int64_t> extents,
                const std::uint32_t* slot, const std::int64_t* local, std::int64_t taken,
                std::int64_t inner, std::int64_t outer_begin, std::int64_t outer_end,
                std::int64_t begin, std::int64_t end, T* out) {
  if (inner == 1 && sources.size() == 1) {  // single elements from one source: a gather
    for (std::int64_t o = outer_begin; o < outer_end; ++o) {
      const T* from = sources[0] + o * extents[0];
      T* to = out + o * taken;
      for (std::int64_t j = begin; j < end; ++j) to[j] = from[local[j]];
    }
    return;
  }
  for (std::int64_t o = outer_begin; o < outer_end; ++o) {
    T* to = out + (o * taken + begin) * inner;
    for (std::int64_t j = begin; j < end; ++j, to += inner) {
      const auto s = slot[j];
      std::copy_n(sources[s] + (o * extents[s] + local[j]) * inner, inner, to);
    }
  }
}

/// @brief Products of the extents before and after `axis`.
inline std::pair<std::int64_t, std::int64_t> outer_inner(const core::Shape& shape,
                                                         std::size_t axis) {
  std::int64_t outer = 1, inner = 1;
  for (std::size_t a = 0; a < shape.size(); ++a) {
    if (a < axis) outer *= shape[a];
    if (a > axis) inner *= shape[a];
  }
  return {outer, inner};
}

/// @brief The indices checked against an axis of `length` and made non-negative.
inline std::vector<std::int64_t> normalize_indices(std::span<const std::int64_t> indices,
                                                   std::size_t axis, std::int64_t length) {
  std::vector<std::int64_t> out(indices.begin(), indices.end());
  for (std::size_t k = 0; k < out.size(); ++k) {
    if (out[k] < -length || out[k] >= length) {
      invalid("take", "indices[" + std::to_string(k) + "]", out[k],
              "is out of bounds for axis " + std::to_string(axis) + " with size " +
                  std::to_string(length));
    }
    if (out[k] < 0) out[k] += length;
  }
  return out;
}

template <Element T>
NDArray<T> take_eager(const NDArray<T>& x, const std::vector<std::int64_t>& indices,
                      std::size_t axis) {
  auto shape = x.shape();
  shape[axis] = static_cast<std::int64_t>(indices.size());
  auto out = NDArray<T>::empty(shape);
  const auto [outer, inner] = outer_inner(shape, axis);
  const T* sources[] = {x.data()};
  const std::int64_t extents[] = {x.shape()[axis]};
  const std::vector<std::uint32_t> slots(indices.size(), 0);
  const auto taken = shape[axis];
  // In parallel over whole slabs (o, :, :) when there are several, which keeps each piece's
  // reads and writes together; over the indices otherwise.
  const auto slab = std::max<std::int64_t>(taken * inner, 1);
  if (outer > 1) {
    for_ranges(
        Execution::parallel, outer,
        [&](std::int64_t begin, std::int64_t end) {
          take_slabs<T>(sources, extents, slots.data(), indices.data(), taken, inner, begin, end, 0,
                        taken, out.data());
        },
        std::max<std::int64_t>(scheduler::kParallelGrain / slab, 1));
  } else {
    for_ranges(
        Execution::parallel, taken,
        [&](std::int64_t begin, std::int64_t end) {
          take_slabs<T>(sources, extents, slots.data(), indices.data(), taken, inner, 0, outer,
                        begin, end, out.data());
        },
        std::max<std::int64_t>(scheduler::kParallelGrain / std::max<std::int64_t>(inner, 1), 1));
  }
  return out;
}

template <Element T>
Array<T> take_lazy(const Array<T>& x, const std::vector<std::int64_t>& indices, std::size_t axis) {
  const auto& sizes = x.chunks()[axis];
  const auto bounds = block_bounds(sizes);
  const auto taken = static_cast<std::int64_t>(indices.size());
  const auto chunk = std::max<std::int64_t>(*std::max_element(sizes.begin(), sizes.end()), 1);
  // Per index, its position within its source block and that block's place among the blocks
  // its result block reads (which are sorted and distinct).
  std::vector<std::int64_t> local(indices.size());
  std::vector<std::uint32_t> slot(indices.size());
  BlockLists lists(x.ndim());
  auto chunks = x.chunks();
  chunks[axis].clear();
  for (std::int64_t begin = 0; begin < taken; begin += chunk) {
    const auto end = std::min(begin + chunk, taken);
    std::vector<std::int64_t> blocks;
    for (auto j = begin; j < end; ++j) {
      const auto i = indices[static_cast<std::size_t>(j)];
      blocks.push_back(std::upper_bound(bounds.begin(), bounds.end(), i) - bounds.begin() - 1);
    }
    std::vector<std::int64_t> read = blocks;
    std::sort(read.begin(), read.end());
    read.erase(std::unique(read.begin(), read.end()), read.end());
    for (auto j = begin; j < end; ++j) {
      const auto b = blocks[static_cast<std::size_t>(j - begin)];
      local[static_cast<std::size_t>(j)] =
          indices[static_cast<std::size_t>(j)] - bounds[static_cast<std::size_t>(b)];
      slot[static_cast<std::size_t>(j)] =
          static_cast<std::uint32_t>(std::lower_bound(read.begin(), read.end(), b) - read.begin());
    }
    lists[axis].push_back(std::move(read));
    chunks[axis].push_back(end - begin);
  }
  if (taken == 0) {  // one empty block, which reads nothing
    lists[axis].emplace_back();
    chunks[axis].push_back(0);
  }
  for (std::size_t a = 0; a < x.ndim(); ++a) {
    if (a == axis) continue;
    for (std::int64_t b = 0; b < x.numblocks()[a]; ++b) lists[a].push_back({b});
  }
  const auto name = core::Tokenizer()
                        .add("take")
                        .add(x.name())
                        .add(static_cast<std::uint64_t>(axis))
                        .add(std::span<const std::int64_t>(indices))
                        .name("take");
  auto kernel = [axis, chunk, local = std::move(local), slot = std::move(slot)](
                    std::span<const core::Buffer* const> in, const BlockInfo& info) {
    core::Buffer out = core::Buffer::allocate(dtype_of<T>(), info.shape);
    std::vector<const T*> sources;
    std::vector<std::int64_t> extents;
    for (const core::Buffer* block : in) {
      sources.push_back(block->as<T>());
      extents.push_back(block->shape()[axis]);
    }
    const auto [outer, inner] = outer_inner(info.shape, axis);
    const auto first = info.index[axis] * chunk;  // the result block's first index
    take_slabs<T>(sources, extents, slot.data() + first, local.data() + first, info.shape[axis],
                  inner, 0, outer, 0, info.shape[axis], out.as_mutable<T>());
    return out;
  };
  return Array<T>(make_layer<GatherLayer>(std::move(kernel), name, "take", x.layer(),
                                          std::move(chunks), dtype_of<T>(), std::move(lists)));
}

}  // namespace detail

/// @brief The elements at `indices` along `axis`, as numpy.take(x, indices, axis) with 1-d
/// indices: negative ones count from the end; any order and repeats are allowed.
/// @code{.cpp}
/// auto rows = da::take(x, {4, 0, -1, 0}, 0);   // rows 4, 0, the last and 0 again
/// @endcode
template <detail::ArrayLike X>
auto take(const X& x, const std::vector<std::int64_t>& indices, int axis) {
  const auto a = detail::normalize_axis("take", axis, x.ndim());
  const auto normalized = detail::normalize_indices(indices, a, x.shape()[a]);
  if constexpr (detail::is_lazy<X>) {
    return detail::take_lazy(x, normalized, a);
  } else {
    return detail::take_eager(x, normalized, a);
  }
}

/// @brief The same with the indices in a 1-d int64 array.
template <detail::ArrayLike X>
auto take(const X& x, const NDArray<std::int64_t>& indices, int axis) {
  if (indices.ndim() != 1) {
    detail::invalid("take", "indices.shape", indices.shape(),
                    "is not 1-d: only 1-d indices are supported");
  }
  return take(x, std::vector<std::int64_t>(indices.begin(), indices.end()), axis);
}

}  // namespace dagarray
