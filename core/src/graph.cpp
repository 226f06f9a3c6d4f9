#include <dagarray/core/graph.hpp>

#include <limits>
#include <stdexcept>

namespace dagarray::core {

Graph Graph::from_layers(std::span<const LayerPtr> outputs) {
  return from_layer_graph(LayerGraph::from_outputs(outputs));
}

Graph Graph::from_layer_graph(const LayerGraph& layers) {
  Graph g;
  g._layers = layers.layers;

  std::int64_t total = 0;
  for (const auto& layer : g._layers) {
    g._first_task.push_back(static_cast<TaskId>(total));
    total += layer->num_blocks();
    if (total >= std::numeric_limits<TaskId>::max()) {
      throw std::invalid_argument("Graph::from_layers: the graph has " + std::to_string(total) +
                                  " tasks, more than the limit of 2^32 - 1");
    }
  }
  g._layer_of.reserve(total);
  g._block_of.reserve(total);
  g._dep_begin.reserve(total + 1);
  g._dep_begin.push_back(0);

  std::vector<BlockRef> refs;
  for (std::uint32_t l = 0; l < g._layers.size(); ++l) {
    const Layer& layer = *g._layers[l];
    const auto& input_layer = layers.inputs[l];
    for (std::int64_t b = 0; b < layer.num_blocks(); ++b) {
      refs.clear();
      layer.block_inputs(b, refs);
      for (const auto& ref : refs) {
        if (ref.input >= input_layer.size() ||
            ref.block >= g._layers[input_layer[ref.input]]->num_blocks() || ref.block < 0) {
          throw std::logic_error("Graph::from_layers: layer '" + layer.name() +
                                 "' names a block its inputs do not have");
        }
        g._deps.push_back(g._first_task[input_layer[ref.input]] + static_cast<TaskId>(ref.block));
      }
      g._layer_of.push_back(l);
      g._block_of.push_back(b);
      g._dep_begin.push_back(g._deps.size());
    }
  }

  // Dependents: the same edges read the other way (counting sort by source task).
  g._user_begin.assign(total + 1, 0);
  for (auto dep : g._deps) ++g._user_begin[dep + 1];
  for (std::int64_t t = 0; t < total; ++t) g._user_begin[t + 1] += g._user_begin[t];
  g._users.resize(g._deps.size());
  std::vector<std::size_t> fill(g._user_begin.begin(), g._user_begin.end() - 1);
  for (std::int64_t t = 0; t < total; ++t) {
    for (auto dep : g.dependencies(static_cast<TaskId>(t)))
      g._users[fill[dep]++] = static_cast<TaskId>(t);
  }

  for (const auto l : layers.outputs) {
    g._output_layers.push_back(l);
    for (std::int64_t b = 0; b < g._layers[l]->num_blocks(); ++b) {
      g._output_tasks.push_back(g._first_task[l] + static_cast<TaskId>(b));
    }
  }
  return g;
}

std::string block_key(const Layer& layer, std::int64_t block) {
  std::string key = "('" + layer.name() + "'";
  for (auto i : layer.block_index(block)) key += ", " + std::to_string(i);
  // A one-element tuple, as Python writes it: ('name',).
  return key + (layer.ndim() == 0 ? ",)" : ")");
}

std::string Graph::key(TaskId task) const {
  return block_key(layer(task), block(task));
}

}  // namespace dagarray::core
