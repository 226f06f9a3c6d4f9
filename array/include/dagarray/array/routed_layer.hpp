#pragma once
// A layer whose blocks read input blocks at other positions than their own, given by a small
// route: a scan's carries, where block k along the scanned axis reads the carry of block k - 1
// and the scanned block k - 1. BlockwiseLayer reads the block at its own position and
// GatherLayer boxes of one input, and neither says "the block one step back along an axis".

#include <dagarray/array/layers.hpp>

#include <utility>

namespace dagarray::detail {

/// @brief Route: void(std::int64_t block, std::vector<core::BlockRef>& out), the input blocks
/// `block` reads; Kernel: core::Buffer(std::span<const core::Buffer* const>, const BlockInfo&).
template <class Route, class Kernel>
class RoutedLayer final : public core::Layer {
 public:
  RoutedLayer(std::string name, std::string op, std::vector<core::LayerPtr> inputs,
              core::Chunks chunks, core::DType dtype, Route route, Kernel kernel)
      : Layer(std::move(name), std::move(op), std::move(inputs), std::move(chunks), dtype),
        _route(std::move(route)),
        _kernel(std::move(kernel)) {}

  void block_inputs(std::int64_t block, std::vector<core::BlockRef>& out) const override {
    _route(block, out);
  }

  core::Buffer compute_block(std::int64_t block,
                             std::span<const core::Buffer* const> in) const override {
    return _kernel(in, block_info(*this, block));
  }

 private:
  Route _route;
  Kernel _kernel;
};

template <class Route, class Kernel>
core::LayerPtr make_routed_layer(std::string name, std::string op,
                                 std::vector<core::LayerPtr> inputs, core::Chunks chunks,
                                 core::DType dtype, Route route, Kernel kernel) {
  return std::make_shared<const RoutedLayer<Route, Kernel>>(
      std::move(name), std::move(op), std::move(inputs), std::move(chunks), dtype, std::move(route),
      std::move(kernel));
}

}  // namespace dagarray::detail
