#pragma once
// From layers to results: build the task graph, run it, assemble each output's blocks.

#include <dagarray/array/ndarray.hpp>
#include <dagarray/core/box.hpp>
#include <dagarray/core/graph.hpp>
#include <dagarray/scheduler/scheduler.hpp>

#include <span>
#include <vector>

namespace dagarray::detail {

/// @brief The task graph of `outputs`; with `optimize`, after blockwise fusion and culling.
core::Graph build_graph(std::span<const core::LayerPtr> outputs, bool optimize);

/// @brief Runs the graph of `outputs` once (shared work done once) and returns, for each
/// output, its blocks in row-major order.
std::vector<std::vector<core::Buffer>> compute_layers(std::span<const core::LayerPtr> outputs,
                                                      const ComputeOptions& options);

/// @brief One buffer holding the whole array from its blocks; reuses a lone block that
/// nothing else shares.
core::Buffer assemble(const core::Layer& layer, std::vector<core::Buffer> blocks);

template <Element T>
NDArray<T> assemble_as(const core::Layer& layer, std::vector<core::Buffer> blocks) {
  return NDArray<T>::from_buffer(assemble(layer, std::move(blocks)));
}

}  // namespace dagarray::detail
