#pragma once
// The high-level graph, as Dask's HighLevelGraph: the distinct layers an output needs and which
// layers each reads. Optimisation passes rewrite it; Graph then materialises its tasks.

#include <dagarray/core/layer.hpp>

#include <cstdint>
#include <span>
#include <vector>

namespace dagarray::core {

struct LayerGraph {
  /// Distinct layers, each after the layers it reads.
  std::vector<LayerPtr> layers;
  /// For each layer, the index in `layers` of each of its inputs(), in that order.
  std::vector<std::vector<std::uint32_t>> inputs;
  /// The index in `layers` of each output, in the order given.
  std::vector<std::uint32_t> outputs;

  /// @brief The layers of `outputs` and of every layer they read; layers with the same name are
  /// the same computation and appear once, so shared work runs once.
  static LayerGraph from_outputs(std::span<const LayerPtr> outputs);
};

}  // namespace dagarray::core
