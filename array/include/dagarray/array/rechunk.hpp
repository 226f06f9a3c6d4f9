#pragma once
// Changing an array's block boundaries, as dask.array.rechunk: each new block is pasted
// together from the old blocks it overlaps.

#include <dagarray/array/array.hpp>
#include <dagarray/array/layers.hpp>
#include <dagarray/core/box.hpp>
#include <dagarray/core/token.hpp>

#include <algorithm>

namespace dagarray {

namespace detail {

/// @brief Element offsets at which each block of an axis starts, plus the axis length.
inline core::Shape block_bounds(const std::vector<std::int64_t>& sizes) {
  core::Shape bounds{0};
  for (auto s : sizes) bounds.push_back(bounds.back() + s);
  return bounds;
}

template <Element T>
Array<T> rechunk_to(const Array<T>& x, const core::Chunks& target) {
  if (target == x.chunks()) return x;
  const auto ndim = x.ndim();
  std::vector<core::Shape> old_bounds, new_bounds;
  BlockRanges ranges(ndim);
  for (std::size_t axis = 0; axis < ndim; ++axis) {
    old_bounds.push_back(block_bounds(x.chunks()[axis]));
    new_bounds.push_back(block_bounds(target[axis]));
    const auto& ob = old_bounds.back();
    const auto& nb = new_bounds.back();
    for (std::size_t o = 0; o + 1 < nb.size(); ++o) {
      // Old blocks overlapping [nb[o], nb[o+1]); an empty axis has one empty block.
      auto lo = std::upper_bound(ob.begin(), ob.end() - 1, nb[o]) - ob.begin() - 1;
      auto hi = std::lower_bound(ob.begin() + 1, ob.end(), nb[o + 1]) - ob.begin();
      lo = std::max<std::int64_t>(lo, 0);
      hi = std::max<std::int64_t>(hi, lo + 1);
      ranges[axis].emplace_back(lo, hi);
    }
  }
  core::Tokenizer token;
  token.add("rechunk").add(x.name());
  for (const auto& axis : target) token.add(std::span<const std::int64_t>(axis));
  auto kernel = [old_bounds, ranges](std::span<const core::Buffer* const> in,
                                     const BlockInfo& info) {
    auto out = core::Buffer::allocate(dtype_of<T>(), info.shape);
    const auto n = info.shape.size();
    core::Shape at(n), lo(n), hi(n);
    for (std::size_t a = 0; a < n; ++a) {
      std::tie(lo[a], hi[a]) = ranges[a][info.index[a]];
      at[a] = lo[a];
    }
    for (const core::Buffer* block : in) {  // same row-major order as GatherLayer lists them
      core::Shape src(n), dst(n), extent(n);
      for (std::size_t a = 0; a < n; ++a) {
        const auto begin = std::max(old_bounds[a][at[a]], info.origin[a]);
        const auto end = std::min(old_bounds[a][at[a] + 1], info.origin[a] + info.shape[a]);
        src[a] = begin - old_bounds[a][at[a]];
        dst[a] = begin - info.origin[a];
        extent[a] = std::max<std::int64_t>(end - begin, 0);
      }
      core::copy_box(*block, src, out, dst, extent);
      for (std::size_t a = n; a-- > 0;) {
        if (++at[a] < hi[a]) break;
        at[a] = lo[a];
      }
    }
    return out;
  };
  return Array<T>(make_layer<GatherLayer>(std::move(kernel), token.name("rechunk"), "rechunk",
                                          x.layer(), target, dtype_of<T>(), std::move(ranges)));
}

}  // namespace detail

/// @brief The same array in blocks of `chunks` (one size per axis), as dask's x.rechunk().
template <Element T>
Array<T> rechunk(const Array<T>& x, const core::Shape& chunks) {
  return detail::rechunk_to(x, detail::normalize_chunks("rechunk", x.shape(), chunks));
}

}  // namespace dagarray
