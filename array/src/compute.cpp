#include <dagarray/array/compute.hpp>
#include <dagarray/core/optimize.hpp>

namespace dagarray::detail {

core::Graph build_graph(std::span<const core::LayerPtr> outputs, bool optimize) {
  auto layers = core::LayerGraph::from_outputs(outputs);
  if (!optimize) return core::Graph::from_layer_graph(layers);
  return core::optimized_graph(layers);
}

std::vector<std::vector<core::Buffer>> compute_layers(std::span<const core::LayerPtr> outputs,
                                                      const ComputeOptions& options) {
  const auto graph = build_graph(outputs, options.optimize);
  auto buffers = scheduler::run(graph, options);
  std::vector<std::vector<core::Buffer>> per_output;
  std::size_t next = 0;
  for (auto layer : graph.output_layers()) {
    const auto count = static_cast<std::size_t>(graph.layers()[layer]->num_blocks());
    per_output.emplace_back(std::make_move_iterator(buffers.begin() + next),
                            std::make_move_iterator(buffers.begin() + next + count));
    next += count;
  }
  return per_output;
}

core::Buffer assemble(const core::Layer& layer, std::vector<core::Buffer> blocks) {
  // An MPI compute with results_to = rank0 hands the other ranks no blocks: they get no elements.
  for (const auto& block : blocks) {
    if (!block.has_storage() && block.shape().empty()) {
      return core::Buffer::allocate(layer.dtype(), {0});
    }
  }
  if (blocks.size() == 1) {
    auto block = std::move(blocks.front());
    blocks.clear();
    // Shared when the same output was asked for twice: the caller must get its own copy.
    if (!block.is_unique()) block = block.clone();
    return block.reshaped(layer.shape());
  }
  auto whole = core::Buffer::allocate(layer.dtype(), layer.shape());
  const core::Shape zero(layer.ndim(), 0);
  for (std::size_t b = 0; b < blocks.size(); ++b) {
    const auto block = static_cast<std::int64_t>(b);
    core::copy_box(blocks[b], zero, whole, layer.block_origin(block), layer.block_shape(block));
  }
  return whole;
}

}  // namespace dagarray::detail
