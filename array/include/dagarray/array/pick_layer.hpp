#pragma once
// PickLayer: every block is one block of one of several inputs, passed through a cheap kernel
// (a reshaped view, a dtype conversion). It is how concatenate and stack lay their operands'
// blocks side by side: one task per output block and no copy where the dtype already matches.
// (GatherLayer reads a box of blocks of one input; BlockwiseLayer reads block i of each input;
// neither can pick among inputs.)

#include <dagarray/array/layers.hpp>

#include <memory>

namespace dagarray::detail {

/// @brief Route: core::BlockRef(const core::Shape& index), the input block an output block
/// (given by its block index) is made from. Kernel: core::Buffer(const core::Buffer& input,
/// const BlockInfo&).
template <class Route, class Kernel>
class PickLayer final : public core::Layer {
 public:
  PickLayer(std::string name, std::string op, std::vector<core::LayerPtr> inputs,
            core::Chunks chunks, core::DType dtype, Route route, Kernel kernel)
      : Layer(std::move(name), std::move(op), std::move(inputs), std::move(chunks), dtype),
        _route(std::move(route)),
        _kernel(std::move(kernel)) {}

  void block_inputs(std::int64_t block, std::vector<core::BlockRef>& out) const override {
    out.push_back(_route(block_index(block)));
  }

  core::Buffer compute_block(std::int64_t block,
                             std::span<const core::Buffer* const> in) const override {
    return _kernel(*in[0], block_info(*this, block));
  }

 private:
  Route _route;
  Kernel _kernel;
};

template <class Route, class Kernel>
core::LayerPtr make_pick_layer(std::string name, std::string op, std::vector<core::LayerPtr> inputs,
                               core::Chunks chunks, core::DType dtype, Route route, Kernel kernel) {
  return std::make_shared<const PickLayer<Route, Kernel>>(
      std::move(name), std::move(op), std::move(inputs), std::move(chunks), dtype, std::move(route),
      std::move(kernel));
}

}  // namespace dagarray::detail
