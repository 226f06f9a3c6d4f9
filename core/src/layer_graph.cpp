#include <dagarray/core/layer_graph.hpp>

#include <stdexcept>
#include <string>
#include <unordered_map>

namespace dagarray::core {

LayerGraph LayerGraph::from_outputs(std::span<const LayerPtr> outputs) {
  LayerGraph graph;
  std::unordered_map<std::string, std::uint32_t> index_of;
  std::unordered_map<std::string, bool> entered;
  // Post-order walk without recursion, so that a long chain of operations cannot overflow the
  // stack.
  struct Frame {
    LayerPtr layer;
    std::size_t next_input;
  };
  for (const auto& output : outputs) {
    if (!output) throw std::invalid_argument("Graph::from_layers: an output layer is null");
    if (entered.count(output->name())) continue;
    std::vector<Frame> stack{{output, 0}};
    entered[output->name()] = true;
    while (!stack.empty()) {
      auto& frame = stack.back();
      const auto& inputs = frame.layer->inputs();
      if (frame.next_input < inputs.size()) {
        const auto& input = inputs[frame.next_input++];
        if (!entered.count(input->name())) {
          entered[input->name()] = true;
          stack.push_back({input, 0});
        }
        continue;
      }
      std::vector<std::uint32_t> input_indices;
      for (const auto& input : inputs) input_indices.push_back(index_of.at(input->name()));
      index_of[frame.layer->name()] = static_cast<std::uint32_t>(graph.layers.size());
      graph.layers.push_back(frame.layer);
      graph.inputs.push_back(std::move(input_indices));
      stack.pop_back();
    }
  }
  for (const auto& output : outputs) graph.outputs.push_back(index_of.at(output->name()));
  return graph;
}

}  // namespace dagarray::core
