#include <dagarray/array/export.hpp>
#include <dagarray/core/graph_dot.hpp>
#include <dagarray/core/graph_json.hpp>

#include <stdexcept>
#include <vector>

namespace dagarray {

namespace {

core::Graph graph_of(std::span<const GraphOutput> outputs, bool optimized, const char* function) {
  if (outputs.empty()) {
    throw std::invalid_argument(std::string(function) +
                                ": outputs = {} is empty; pass at least one array");
  }
  std::vector<core::LayerPtr> layers;
  for (const auto& output : outputs) layers.push_back(output.layer());
  return detail::build_graph(layers, optimized);
}

}  // namespace

GraphOutput::GraphOutput(core::LayerPtr layer) : _layer(std::move(layer)) {
  if (!_layer) throw std::invalid_argument("GraphOutput: layer = null is no array");
}

core::Graph task_graph(std::span<const GraphOutput> outputs, const ExportOptions& options) {
  return graph_of(outputs, options.optimized, "task_graph");
}

core::Graph task_graph(std::initializer_list<GraphOutput> outputs, const ExportOptions& options) {
  return task_graph(std::span<const GraphOutput>(outputs.begin(), outputs.size()), options);
}

nlohmann::json to_json(std::span<const GraphOutput> outputs, const ExportOptions& options) {
  const auto graph = graph_of(outputs, options.optimized, "to_json");
  if (options.profile == nullptr) return core::graph_to_json(graph, options.optimized);
  const auto profile = options.profile->graph_profile();
  return core::graph_to_json(graph, options.optimized, &profile);
}

nlohmann::json to_json(std::initializer_list<GraphOutput> outputs, const ExportOptions& options) {
  return to_json(std::span<const GraphOutput>(outputs.begin(), outputs.size()), options);
}

std::string to_dot(std::span<const GraphOutput> outputs, const ExportOptions& options) {
  return core::graph_to_dot(graph_of(outputs, options.optimized, "to_dot"));
}

std::string to_dot(std::initializer_list<GraphOutput> outputs, const ExportOptions& options) {
  return to_dot(std::span<const GraphOutput>(outputs.begin(), outputs.size()), options);
}

}  // namespace dagarray
