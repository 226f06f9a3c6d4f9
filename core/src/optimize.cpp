#include <dagarray/core/fused_layer.hpp>
#include <dagarray/core/optimize.hpp>

#include <algorithm>
#include <memory>

namespace dagarray::core {

namespace {

constexpr std::int64_t kNone = -1;

/// Whether `consumer` computes each of its tiles from the same tile of `producer` (or, if it
/// reduces, folds every tile of it): both have the same block grid, a mapping consumer tiles the
/// same columns, and a 0-d producer is not broadcast.
bool tiles_align(const Layer& producer, const Layer& consumer) {
  if (producer.num_blocks() != consumer.num_blocks()) return false;
  if (consumer.tile_role() == TileRole::reduce) return true;
  if (producer.ndim() == 0 || consumer.ndim() == 0) {
    return producer.ndim() == 0 && consumer.ndim() == 0;
  }
  return producer.chunks().back() == consumer.chunks().back();
}

}  // namespace

LayerGraph fuse_blockwise(const LayerGraph& graph) {
  const auto n = graph.layers.size();
  std::vector<std::vector<std::uint32_t>> consumers(n);
  for (std::uint32_t l = 0; l < n; ++l) {
    for (auto input : graph.inputs[l]) {
      auto& list = consumers[input];
      if (std::find(list.begin(), list.end(), l) == list.end()) list.push_back(l);
    }
  }
  std::vector<bool> is_output(n, false);
  for (auto output : graph.outputs) is_output[output] = true;

  // A layer joins its one consumer when both compute tiles and their tiles align.
  std::vector<std::int64_t> joins(n, kNone);
  for (std::uint32_t l = 0; l < n; ++l) {
    if (is_output[l] || consumers[l].size() != 1) continue;
    const auto& producer = *graph.layers[l];
    const auto& consumer = *graph.layers[consumers[l][0]];
    if (producer.tile_role() != TileRole::map || consumer.tile_role() == TileRole::none) continue;
    if (tiles_align(producer, consumer)) joins[l] = consumers[l][0];
  }
  // The layer each group ends in (its sink); layers come in topological order, so a layer's
  // consumer comes later and the sinks can be found walking backwards.
  std::vector<std::uint32_t> sink(n);
  for (auto l = n; l-- > 0;) {
    sink[l] = joins[l] == kNone ? static_cast<std::uint32_t>(l) : sink[joins[l]];
  }
  std::vector<std::vector<std::uint32_t>> members(n);
  std::vector<std::uint32_t> stage_of(n);  // a layer's place among its group's stages
  for (std::uint32_t l = 0; l < n; ++l) {
    stage_of[l] = static_cast<std::uint32_t>(members[sink[l]].size());
    members[sink[l]].push_back(l);
  }

  LayerGraph fused;
  std::vector<std::uint32_t> new_index(n);
  for (std::uint32_t l = 0; l < n; ++l) {
    if (sink[l] != l) continue;
    const auto& group = members[l];
    std::vector<std::uint32_t> inputs;
    LayerPtr layer = graph.layers[l];
    if (group.size() == 1) {
      for (auto input : graph.inputs[l]) inputs.push_back(new_index[input]);
    } else {
      std::vector<FusedLayer::Stage> stages;
      std::vector<LayerPtr> externals;
      for (auto member : group) {
        FusedLayer::Stage stage{graph.layers[member], {}};
        for (auto input : graph.inputs[member]) {
          if (sink[input] == l) {
            stage.sources.push_back({false, stage_of[input]});
            continue;
          }
          const auto at = std::find(inputs.begin(), inputs.end(), new_index[input]);
          stage.sources.push_back({true, static_cast<std::uint32_t>(at - inputs.begin())});
          if (at == inputs.end()) {
            inputs.push_back(new_index[input]);
            externals.push_back(fused.layers[new_index[input]]);
          }
        }
        stages.push_back(std::move(stage));
      }
      layer = std::make_shared<const FusedLayer>(std::move(stages), std::move(externals));
    }
    new_index[l] = static_cast<std::uint32_t>(fused.layers.size());
    fused.layers.push_back(std::move(layer));
    fused.inputs.push_back(std::move(inputs));
  }
  for (auto output : graph.outputs) fused.outputs.push_back(new_index[output]);
  return fused;
}

LayerGraph optimize(const LayerGraph& graph) {
  return fuse_blockwise(graph);
}

Graph optimized_graph(const LayerGraph& graph) {
  return cull(Graph::from_layer_graph(optimize(graph)));
}

}  // namespace dagarray::core
