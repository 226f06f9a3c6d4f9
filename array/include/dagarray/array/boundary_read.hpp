#pragma once
// Reading a box of positions through a boundary (boundary.hpp): the one kernel behind
// map_overlap, pad and roll. Lazy, each result block is one task of a GatherLayer that reads
// the input blocks its box touches, pastes the pieces into one buffer, fills the constant
// ranges, and hands the buffer to a `finish` step (map_overlap's function and trim; nothing
// for pad and roll). Eager, the one input buffer is read the same way.

#include <dagarray/array/array.hpp>
#include <dagarray/array/boundary.hpp>
#include <dagarray/array/layers.hpp>
#include <dagarray/array/ndarray.hpp>
#include <dagarray/core/box.hpp>
#include <dagarray/core/token.hpp>

#include <algorithm>
#include <span>
#include <vector>

namespace dagarray::detail {

/// @brief Sets positions [first, last) of `axis` of the row-major `data` of `shape`, across the
/// whole of every other axis, to `value`: one std::fill per run of the trailing axes.
template <Element T>
void fill_slab(T* data, const core::Shape& shape, std::size_t axis, std::int64_t first,
               std::int64_t last, T value) {
  std::int64_t outer = 1, inner = 1;
  for (std::size_t a = 0; a < axis; ++a) outer *= shape[a];
  for (std::size_t a = axis + 1; a < shape.size(); ++a) inner *= shape[a];
  const auto extent = shape[axis];
  for (std::int64_t o = 0; o < outer; ++o) {
    T* row = data + o * extent * inner;
    std::fill(row + first * inner, row + last * inner, value);
  }
}

/// @brief The box `axes` describe, read from `in`: the input blocks in the row-major order of
/// each axis's `blocks` (as GatherLayer lists them), none when some axis reads no block.
template <Element T>
core::Buffer read_box(std::span<const core::Buffer* const> in,
                      std::span<const AxisRead* const> axes, T constant) {
  const auto n = axes.size();
  core::Shape shape(n);
  for (std::size_t a = 0; a < n; ++a) shape[a] = axes[a]->extent;
  auto out = core::Buffer::allocate(dtype_of<T>(), shape);
  if (out.size() == 0) return out;
  for (std::size_t a = 0; a < n; ++a) {
    for (auto [first, last] : axes[a]->constant) {
      fill_slab(out.template as_mutable<T>(), shape, a, first, last, constant);
    }
  }
  if (in.empty()) return out;
  // Odometers: `block` over each axis's blocks, `piece` over the chosen block's pieces.
  std::vector<std::size_t> block(n, 0), piece(n, 0);
  core::Shape src(n), dst(n), extent(n);
  for (const core::Buffer* input : in) {
    while (true) {
      for (std::size_t a = 0; a < n; ++a) {
        const auto& p = axes[a]->pieces[block[a]][piece[a]];
        src[a] = p.src;
        dst[a] = p.dst;
        extent[a] = p.length;
      }
      core::copy_box(*input, src, out, dst, extent);
      std::size_t a = n;
      while (a-- > 0) {
        if (++piece[a] < axes[a]->pieces[block[a]].size()) break;
        piece[a] = 0;
      }
      if (a == static_cast<std::size_t>(-1)) break;
    }
    for (std::size_t a = n; a-- > 0;) {
      if (++block[a] < axes[a]->blocks.size()) break;
      block[a] = 0;
    }
  }
  return out;
}

/// @brief Per axis, per block of the result along it, the read of that block's box.
using BoxReads = std::vector<std::vector<AxisRead>>;

/// @brief A lazy array of `chunks` whose block at index i is finish(read of reads[a][i[a]] per
/// axis, info): one task per block, reading only the input blocks its box touches.
/// Finish: core::Buffer(core::Buffer&& box, const BlockInfo& block).
template <Element U, Element T, class Finish>
Array<U> read_blocks(const Array<T>& x, std::string_view op, core::Tokenizer& token,
                     core::Chunks chunks, BoxReads reads, T constant, Finish finish) {
  BlockLists lists(reads.size());
  for (std::size_t a = 0; a < reads.size(); ++a) {
    for (const auto& read : reads[a]) lists[a].push_back(read.blocks);
  }
  auto kernel = [reads = std::move(reads), constant, finish = std::move(finish)](
                    std::span<const core::Buffer* const> in, const BlockInfo& info) {
    std::vector<const AxisRead*> axes(reads.size());
    for (std::size_t a = 0; a < reads.size(); ++a) {
      axes[a] = &reads[a][static_cast<std::size_t>(info.index[a])];
    }
    return finish(read_box<T>(in, axes, constant), info);
  };
  const auto name = token.name(std::string(op));
  return Array<U>(make_layer<GatherLayer>(std::move(kernel), name, std::string(op), x.layer(),
                                          std::move(chunks), dtype_of<U>(), std::move(lists)));
}

/// @brief The eager read: positions [first[a], last[a]) of each axis of `x`, through `boundary`
/// (which pads x by (-first[a], last[a] - n) as numpy.pad does).
template <Element T>
core::Buffer read_eager(const NDArray<T>& x, const core::Shape& first, const core::Shape& last,
                        const Boundary& boundary) {
  std::vector<AxisRead> reads;
  std::vector<const AxisRead*> axes;
  for (std::size_t a = 0; a < x.ndim(); ++a) {
    const auto n = x.shape()[a];
    const AxisBoundary edges(boundary.kind(), n, std::max<std::int64_t>(-first[a], 0),
                             std::max<std::int64_t>(last[a] - n, 0));
    reads.push_back(plan_axis_read({0, n}, first[a], last[a], edges));
  }
  bool reads_any = true;
  for (const auto& read : reads) {
    axes.push_back(&read);
    reads_any = reads_any && !read.blocks.empty();
  }
  const core::Buffer* in[] = {&x.buffer()};
  return read_box<T>(std::span(in, reads_any ? 1 : 0), axes, boundary.value<T>());
}

/// @brief The box of `shape` at `start` of `box`, copied out (the same buffer if it is all).
inline core::Buffer cut_box(core::Buffer box, const core::Shape& start, const core::Shape& shape) {
  if (box.shape() == shape) return box;
  auto out = core::Buffer::allocate(box.dtype(), shape);
  if (out.size() > 0) core::copy_box(box, start, out, core::Shape(shape.size(), 0), shape);
  return out;
}

inline void add_boundary(core::Tokenizer& token, const Boundary& boundary) {
  token.add(static_cast<std::uint8_t>(boundary.kind()));
  std::visit([&](auto v) { token.add(v); }, boundary.given_value());
}

}  // namespace dagarray::detail
