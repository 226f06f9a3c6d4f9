#pragma once
// The graph of a lazy scan, as Dask's cumreduction:
//   "cumsum-block"  every block scanned on its own;
//   "cumsum-carry"  a chain along the scanned axis: the carry into block k is the carry into
//                   block k - 1 combined with the last slice of scanned block k - 1, one task
//                   reading two blocks (for k = 1, the last slice alone);
//   "cumsum"        block k > 0 is scanned block k with its carry combined into every row;
//                   block 0 is scanned block 0 as it is.
// Lines of blocks along the other axes are independent chains. A layer cannot read its own
// blocks, so each step of the chain is a layer of its own (one block thick along the axis).
// With one block along the axis the per-block scan is the whole result.

#include <dagarray/array/array.hpp>
#include <dagarray/array/layers.hpp>
#include <dagarray/array/scan_kernels.hpp>
#include <dagarray/core/token.hpp>

#include <string>

namespace dagarray::detail {

/// @brief A block grid seen along one axis: a block is its position along the axis and its
/// block in the slab one block thick across it (the grid of a carry layer).
struct AxisBlocks {
  std::int64_t count;   ///< blocks along the axis
  std::int64_t stride;  ///< blocks after the axis: the flat distance between neighbours along it

  AxisBlocks(const core::Shape& numblocks, std::size_t axis) : count(numblocks[axis]), stride(1) {
    for (auto a = axis + 1; a < numblocks.size(); ++a) stride *= numblocks[a];
  }
  std::int64_t position(std::int64_t block) const { return block / stride % count; }
  std::int64_t slab_block(std::int64_t block) const {
    return block / (count * stride) * stride + block % stride;
  }
  std::int64_t block_at(std::int64_t slab_block, std::int64_t position) const {
    return (slab_block / stride * count + position) * stride + slab_block % stride;
  }
};

/// @brief `x` scanned along `axis` (already normalised; a 0-d x scans as its one element).
template <class Op, Element T>
Array<typename Op::template result<T>> scan(const Array<T>& x, std::size_t axis) {
  using R = typename Op::template result<T>;
  const std::string op = Op::name;
  const core::Chunks chunks = x.ndim() == 0 ? core::Chunks{{1}} : x.chunks();
  core::Tokenizer token;
  token.add(op).add(x.name()).add(static_cast<std::int64_t>(axis));

  auto scan_block = [axis](std::span<const core::Buffer* const> in, const BlockInfo& info) {
    return scan_buffer<Op, T>(in[0]->reshaped(info.shape), axis);
  };
  const ScanTiles<Op, T> tiles{axis, axis + 1 < chunks.size()};
  const bool single = chunks[axis].size() == 1;
  auto scanned = make_tiled_layer<BlockwiseLayer>(
      scan_block, tiles, core::Tokenizer(token).add("block").name(single ? op : op + "-block"),
      single ? op : op + "-block", std::vector{x.layer()}, chunks, dtype_of<R>());
  if (single) return Array<R>(scanned);

  const AxisBlocks blocks(scanned->numblocks(), axis);
  core::Chunks slab = chunks;
  slab[axis] = {1};
  std::vector<core::LayerPtr> result_inputs{scanned};
  for (std::int64_t k = 1; k < blocks.count; ++k) {
    const bool first = k == 1;
    auto route = [blocks, first, k](std::int64_t block, std::vector<core::BlockRef>& out) {
      if (!first) out.push_back({0, block});
      out.push_back({first ? 0u : 1u, blocks.block_at(block, k - 1)});
    };
    auto kernel = [axis, first](std::span<const core::Buffer* const> in, const BlockInfo&) {
      return first ? carry_buffer<Op, R>(nullptr, *in[0], axis)
                   : carry_buffer<Op, R>(in[0], *in[1], axis);
    };
    auto inputs = first ? std::vector{scanned} : std::vector{result_inputs.back(), scanned};
    result_inputs.push_back(
        make_routed_layer(core::Tokenizer(token).add("carry").add(k).name(op + "-carry"),
                          op + "-carry", std::move(inputs), slab, dtype_of<R>(), route, kernel));
  }

  auto route = [blocks](std::int64_t block, std::vector<core::BlockRef>& out) {
    out.push_back({0, block});
    const auto k = blocks.position(block);
    if (k > 0) out.push_back({static_cast<std::uint32_t>(k), blocks.slab_block(block)});
  };
  auto kernel = [axis](std::span<const core::Buffer* const> in, const BlockInfo& info) {
    // Buffers are shared handles never written, so block 0 is passed on without a copy.
    return info.index[axis] == 0 ? *in[0] : add_carry<Op, R>(*in[1], *in[0], axis);
  };
  return Array<R>(make_routed_layer(token.name(op), op, std::move(result_inputs), chunks,
                                    dtype_of<R>(), route, kernel));
}

}  // namespace dagarray::detail
