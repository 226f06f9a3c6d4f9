#pragma once
// SelectLayer: each block made from a chosen set of blocks of one input, per axis a list of
// input blocks. A view's block reads one input block (lists of one); a take's reads the
// blocks its indices fall in along the axis taken; an empty selection reads nothing. Unlike
// GatherLayer's boxes, the lists need not be ranges, so no block is read that is not used.

#include <dagarray/array/layers.hpp>

namespace dagarray::detail {

/// @brief Per input axis, for each block of the output along it, the input blocks it reads.
/// The output's block grid has one axis per input axis here (an axis an integer drops or a
/// new axis has a single block, so the row-major block numbers are the same).
using BlockLists = std::vector<std::vector<std::vector<std::int64_t>>>;

/// @brief Kernel: core::Buffer(std::span<const core::Buffer* const> inputs, const BlockInfo&),
/// the inputs being every combination of the listed blocks, in row-major order.
template <class Kernel>
class SelectLayer final : public core::Layer {
 public:
  SelectLayer(std::string name, std::string op, core::LayerPtr input, core::Chunks chunks,
              core::DType dtype, BlockLists lists, Kernel kernel)
      : Layer(std::move(name), std::move(op), {std::move(input)}, std::move(chunks), dtype),
        _lists(std::move(lists)),
        _kernel(std::move(kernel)) {}

  void block_inputs(std::int64_t block, std::vector<core::BlockRef>& out) const override {
    const auto ndim = _lists.size();
    const auto& grid = inputs()[0]->numblocks();
    std::vector<const std::vector<std::int64_t>*> chosen(ndim);
    for (std::size_t axis = ndim; axis-- > 0;) {
      const auto count = static_cast<std::int64_t>(_lists[axis].size());
      chosen[axis] = &_lists[axis][static_cast<std::size_t>(block % count)];
      if (chosen[axis]->empty()) return;
      block /= count;
    }
    // Row-major walk over the combinations.
    std::vector<std::size_t> at(ndim, 0);
    while (true) {
      std::int64_t flat = 0;
      for (std::size_t axis = 0; axis < ndim; ++axis) {
        flat = flat * grid[axis] + (*chosen[axis])[at[axis]];
      }
      out.push_back({0, flat});
      std::size_t axis = ndim;
      while (axis-- > 0) {
        if (++at[axis] < chosen[axis]->size()) break;
        at[axis] = 0;
      }
      if (axis == static_cast<std::size_t>(-1)) return;
    }
  }

  core::Buffer compute_block(std::int64_t block,
                             std::span<const core::Buffer* const> in) const override {
    return _kernel(in, block_info(*this, block));
  }

 private:
  BlockLists _lists;
  Kernel _kernel;
};

}  // namespace dagarray::detail
