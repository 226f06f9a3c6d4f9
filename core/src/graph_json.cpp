#include <dagarray/core/graph_json.hpp>

#include <algorithm>
#include <string>
#include <vector>

namespace dagarray::core {

namespace {

using nlohmann::json;

json layer_to_json(const Layer& layer) {
  std::vector<std::string> dependencies;
  for (const auto& input : layer.inputs()) {
    // An op that reads one layer twice (x * x) depends on it once.
    if (std::find(dependencies.begin(), dependencies.end(), input->name()) == dependencies.end())
      dependencies.push_back(input->name());
  }
  return {{"name", layer.name()},           {"op", layer.op()},
          {"shape", layer.shape()},         {"chunks", layer.chunks()},
          {"numblocks", layer.numblocks()}, {"dtype", dtype_name(layer.dtype())},
          {"tasks", layer.num_blocks()},    {"dependencies", std::move(dependencies)}};
}

json layers_to_json(const Graph& graph) {
  json layers = json::array();
  for (const auto& layer : graph.layers()) layers.push_back(layer_to_json(*layer));
  return layers;
}

json task_to_json(const Graph& graph, TaskId task, const std::vector<std::string>& keys) {
  const Layer& layer = graph.layer(task);
  const auto block = graph.block(task);
  const auto shape = layer.block_shape(block);
  std::vector<TaskId> read;
  for (auto dep : graph.dependencies(task)) {
    if (std::find(read.begin(), read.end(), dep) == read.end()) read.push_back(dep);
  }
  json dependencies = json::array();
  for (auto dep : read) dependencies.push_back(keys[dep]);
  return {{"key", keys[task]},
          {"layer", layer.name()},
          {"op", layer.op()},
          {"block", layer.block_index(block)},
          {"dependencies", std::move(dependencies)},
          {"shape", shape},
          {"dtype", dtype_name(layer.dtype())},
          {"bytes", shape_size(shape) * static_cast<std::int64_t>(dtype_size(layer.dtype()))}};
}

bool holds_objects(const json& value) {
  if (value.is_object()) return true;
  if (!value.is_array()) return false;
  for (const auto& item : value) {
    if (holds_objects(item)) return true;
  }
  return false;
}

void write_text(const json& value, int indent, std::string& out) {
  if (!holds_objects(value) || value.empty()) {
    out += value.dump();
    return;
  }
  const bool object = value.is_object();
  out += object ? "{" : "[";
  bool first = true;
  for (auto it = value.begin(); it != value.end(); ++it) {
    out += first ? "\n" : ",\n";
    first = false;
    out.append(static_cast<std::size_t>(indent + 2), ' ');
    if (object) out += json(it.key()).dump() + ": ";
    write_text(*it, indent + 2, out);
  }
  out += '\n';
  out.append(static_cast<std::size_t>(indent), ' ');
  out += object ? '}' : ']';
}

}  // namespace

std::string graph_json_text(const nlohmann::json& graph) {
  std::string out;
  write_text(graph, 0, out);
  return out + "\n";
}

nlohmann::json graph_to_json(const Graph& graph, bool optimized, const GraphProfile* profile) {
  std::vector<std::string> keys(graph.size());
  for (TaskId t = 0; t < graph.size(); ++t) keys[t] = graph.key(t);

  json tasks = json::array();
  for (TaskId t = 0; t < graph.size(); ++t) {
    tasks.push_back(task_to_json(graph, t, keys));
    if (!profile) continue;
    if (const auto timing = profile->tasks.find(keys[t]); timing != profile->tasks.end()) {
      const auto& [start, end, worker] = timing->second;
      tasks.back()["timing"] = {{"start", start}, {"end", end}, {"worker", worker}};
    }
  }
  json outputs = json::array();
  for (auto t : graph.output_tasks()) outputs.push_back(keys[t]);

  json out = {{"format", kGraphFormat},    {"version", kGraphFormatVersion},
              {"optimized", optimized},    {"layers", layers_to_json(graph)},
              {"tasks", std::move(tasks)}, {"outputs", std::move(outputs)}};
  if (profile) {
    out["profile"] = {{"workers", profile->workers},
                      {"duration", profile->duration},
                      {"scheduler", profile->scheduler}};
  }
  return out;
}

nlohmann::json graph_layers_to_json(const Graph& graph, bool optimized) {
  return {{"format", kGraphFormat}, {"version", kGraphFormatVersion},
          {"optimized", optimized}, {"layers", layers_to_json(graph)},
          {"tasks", json::array()}, {"outputs", json::array()}};
}

}  // namespace dagarray::core
