#include <dagarray/core/graph.hpp>

#include <algorithm>
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

  g.link_dependents();
  for (const auto l : layers.outputs) {
    g._output_layers.push_back(l);
    for (std::int64_t b = 0; b < g._layers[l]->num_blocks(); ++b) {
      g._output_tasks.push_back(g._first_task[l] + static_cast<TaskId>(b));
    }
  }
  return g;
}

void Graph::link_dependents() {
  // The same edges read the other way (counting sort by source task).
  const auto total = size();
  _user_begin.assign(total + 1, 0);
  for (auto dep : _deps) ++_user_begin[dep + 1];
  for (std::size_t t = 0; t < total; ++t) _user_begin[t + 1] += _user_begin[t];
  _users.resize(_deps.size());
  std::vector<std::size_t> fill(_user_begin.begin(), _user_begin.end() - 1);
  for (std::size_t t = 0; t < total; ++t) {
    for (auto dep : dependencies(static_cast<TaskId>(t)))
      _users[fill[dep]++] = static_cast<TaskId>(t);
  }
}

Graph cull(const Graph& graph) {
  // Every task an output reads, directly or not: a walk back from the outputs.
  std::vector<bool> needed(graph.size(), false);
  std::vector<TaskId> stack(graph.output_tasks().begin(), graph.output_tasks().end());
  for (auto t : stack) needed[t] = true;
  while (!stack.empty()) {
    const auto task = stack.back();
    stack.pop_back();
    for (auto dep : graph.dependencies(task)) {
      if (!needed[dep]) {
        needed[dep] = true;
        stack.push_back(dep);
      }
    }
  }

  // The tasks kept, renumbered in the same (topological, layer by layer) order.
  constexpr auto kDropped = std::numeric_limits<TaskId>::max();
  std::vector<TaskId> renumbered(graph.size(), kDropped);
  Graph g;
  g._layers = graph._layers;
  g._first_task.assign(g._layers.size(), 0);
  g._dep_begin.push_back(0);
  std::uint32_t layer = 0;
  for (TaskId t = 0; t < graph.size(); ++t) {
    // A layer with no task kept starts where the next kept task is.
    while (layer <= graph._layer_of[t]) g._first_task[layer++] = static_cast<TaskId>(g.size());
    if (!needed[t]) continue;
    renumbered[t] = static_cast<TaskId>(g.size());
    g._layer_of.push_back(graph._layer_of[t]);
    g._block_of.push_back(graph._block_of[t]);
    for (auto dep : graph.dependencies(t)) g._deps.push_back(renumbered[dep]);
    g._dep_begin.push_back(g._deps.size());
  }
  while (layer < g._layers.size()) g._first_task[layer++] = static_cast<TaskId>(g.size());
  g.link_dependents();
  g._output_layers = graph._output_layers;
  for (auto t : graph.output_tasks()) g._output_tasks.push_back(renumbered[t]);
  return g;
}

std::optional<TaskId> Graph::task_of(std::uint32_t layer_index, std::int64_t block) const {
  const auto begin = _block_of.begin() + _first_task[layer_index];
  const auto end = layer_index + 1 < _layers.size()
                       ? _block_of.begin() + _first_task[layer_index + 1]
                       : _block_of.end();
  const auto at = std::lower_bound(begin, end, block);
  if (at == end || *at != block) return std::nullopt;
  return static_cast<TaskId>(at - _block_of.begin());
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
