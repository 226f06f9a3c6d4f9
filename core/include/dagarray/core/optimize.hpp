#pragma once
// Optimisation passes over the layer graph, each a pure function that can be tested alone, as
// Dask's cull, fuse and optimize_blockwise; optimized_graph() runs them in order.

#include <dagarray/core/graph.hpp>
#include <dagarray/core/layer_graph.hpp>

namespace dagarray::core {

/// @brief Blockwise fusion: every layer that computes tiles (sources, elementwise operations,
/// the per-block step of reductions) and is read by exactly one other such layer, block for
/// block, joins it; each group becomes one FusedLayer that computes a block in one pass over
/// cache-sized tiles, with no intermediate block in memory. Outputs are never fused away.
LayerGraph fuse_blockwise(const LayerGraph& graph);

/// @brief Every layer pass compute() applies by default.
LayerGraph optimize(const LayerGraph& graph);

/// @brief The task graph compute() runs by default: the layer passes, then culling of the
/// tasks no output needs.
Graph optimized_graph(const LayerGraph& graph);

}  // namespace dagarray::core
