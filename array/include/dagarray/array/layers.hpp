#pragma once
// The three shapes of layer every array operation is made of:
//   SourceLayer    - blocks computed from nothing but their position (random, arange, full, ...)
//   BlockwiseLayer - block i from block i of each input (elementwise ops, per-chunk reductions,
//                    map_blocks); a 0-d input is read whole by every block, as a broadcast scalar
//   GatherLayer    - a block from a box of input blocks (reduction trees, rechunking)
// Each holds its kernel by value, so the per-element loop is inlined into compute_block: one
// virtual call per task, none per element.

#include <dagarray/core/layer.hpp>

#include <tuple>
#include <utility>

namespace dagarray::detail {

/// @brief Where a block sits: its index in the block grid, first element and shape.
struct BlockInfo {
  core::Shape index;
  core::Shape origin;
  core::Shape shape;
};

inline BlockInfo block_info(const core::Layer& layer, std::int64_t block) {
  return {layer.block_index(block), layer.block_origin(block), layer.block_shape(block)};
}

/// @brief Kernel: core::Buffer(const BlockInfo&).
template <class Kernel>
class SourceLayer final : public core::Layer {
 public:
  SourceLayer(std::string name, std::string op, core::Chunks chunks, core::DType dtype,
              Kernel kernel)
      : Layer(std::move(name), std::move(op), {}, std::move(chunks), dtype),
        _kernel(std::move(kernel)) {}

  void block_inputs(std::int64_t, std::vector<core::BlockRef>&) const override {}

  core::Buffer compute_block(std::int64_t block,
                             std::span<const core::Buffer* const>) const override {
    return _kernel(block_info(*this, block));
  }

 private:
  Kernel _kernel;
};

/// @brief Kernel: core::Buffer(std::span<const core::Buffer* const> inputs, const BlockInfo&).
/// Every input has this layer's block grid, or is 0-d (one block, read by every block).
template <class Kernel>
class BlockwiseLayer final : public core::Layer {
 public:
  BlockwiseLayer(std::string name, std::string op, std::vector<core::LayerPtr> inputs,
                 core::Chunks chunks, core::DType dtype, Kernel kernel)
      : Layer(std::move(name), std::move(op), std::move(inputs), std::move(chunks), dtype),
        _kernel(std::move(kernel)) {}

  void block_inputs(std::int64_t block, std::vector<core::BlockRef>& out) const override {
    for (std::uint32_t i = 0; i < inputs().size(); ++i) {
      out.push_back({i, inputs()[i]->num_blocks() == 1 ? 0 : block});
    }
  }

  core::Buffer compute_block(std::int64_t block,
                             std::span<const core::Buffer* const> in) const override {
    return _kernel(in, block_info(*this, block));
  }

 private:
  Kernel _kernel;
};

/// @brief Per axis, for each output block, the half-open range of input blocks it reads.
using BlockRanges = std::vector<std::vector<std::pair<std::int64_t, std::int64_t>>>;

/// @brief Kernel: core::Buffer(std::span<const core::Buffer* const> inputs, const BlockInfo&),
/// the inputs being the box of blocks of the single input, in row-major order. `ranges` has,
/// for each input axis, one [first, last) range of input blocks per output block.
template <class Kernel>
class GatherLayer final : public core::Layer {
 public:
  GatherLayer(std::string name, std::string op, core::LayerPtr input, core::Chunks chunks,
              core::DType dtype, BlockRanges ranges, Kernel kernel)
      : Layer(std::move(name), std::move(op), {std::move(input)}, std::move(chunks), dtype),
        _ranges(std::move(ranges)),
        _kernel(std::move(kernel)) {}

  void block_inputs(std::int64_t block, std::vector<core::BlockRef>& out) const override {
    // The ranges have one axis per input axis, so a last tree level may drop reduced axes
    // (each then has one block, which leaves the row-major block numbering unchanged).
    const auto ndim = _ranges.size();
    const auto& grid = inputs()[0]->numblocks();
    core::Shape lo(ndim), hi(ndim), at(ndim);
    for (std::size_t axis = ndim; axis-- > 0;) {
      const auto count = static_cast<std::int64_t>(_ranges[axis].size());
      std::tie(lo[axis], hi[axis]) = _ranges[axis][block % count];
      at[axis] = lo[axis];
      block /= count;
    }
    if (ndim == 0) {
      out.push_back({0, 0});
      return;
    }
    // Row-major walk over the box [lo, hi).
    while (true) {
      std::int64_t flat = 0;
      for (std::size_t axis = 0; axis < ndim; ++axis) flat = flat * grid[axis] + at[axis];
      out.push_back({0, flat});
      std::size_t axis = ndim;
      while (axis-- > 0) {
        if (++at[axis] < hi[axis]) break;
        at[axis] = lo[axis];
      }
      if (axis == static_cast<std::size_t>(-1)) return;
    }
  }

  core::Buffer compute_block(std::int64_t block,
                             std::span<const core::Buffer* const> in) const override {
    return _kernel(in, block_info(*this, block));
  }

 private:
  BlockRanges _ranges;
  Kernel _kernel;
};

template <template <class> class L, class Kernel, class... Args>
core::LayerPtr make_layer(Kernel kernel, Args&&... args) {
  return std::make_shared<const L<Kernel>>(std::forward<Args>(args)..., std::move(kernel));
}

}  // namespace dagarray::detail
