#include <dagarray/core/graph_dot.hpp>

#include <array>
#include <map>
#include <set>
#include <sstream>
#include <string_view>

namespace dagarray::core {

namespace {

// Light fills that keep black labels readable; ops take them in order of first appearance.
constexpr std::array<std::string_view, 10> kFills = {"#a6cee3", "#b2df8a", "#fdbf6f", "#cab2d6",
                                                     "#fb9a99", "#ffff99", "#8dd3c7", "#bebada",
                                                     "#fccde5", "#d9d9d9"};

// DOT's quoted strings need '"' and '\' escaped; a line break is written as DOT's "\n".
std::string quoted(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + '"';
}

std::string block_label(const Layer& layer, std::int64_t block) {
  std::string label = "(";
  const auto index = layer.block_index(block);
  for (std::size_t axis = 0; axis < index.size(); ++axis) {
    label += (axis ? ", " : "") + std::to_string(index[axis]);
  }
  return label + ")";
}

}  // namespace

std::string graph_to_dot(const Graph& graph) {
  std::map<std::string, std::string_view> fill_of;
  for (const auto& layer : graph.layers()) {
    fill_of.try_emplace(layer->op(), kFills[fill_of.size() % kFills.size()]);
  }

  std::ostringstream dot;
  dot << "digraph dagarray {\n"
         "  rankdir=LR;\n"
         "  node [shape=box, style=\"rounded,filled\", fontname=\"Helvetica\", fontsize=10];\n"
         "  edge [color=\"#777777\", arrowsize=0.6];\n";
  for (TaskId t = 0; t < graph.size(); ++t) {
    const Layer& layer = graph.layer(t);
    dot << "  t" << t
        << " [label=" << quoted(layer.op() + "\n" + block_label(layer, graph.block(t)))
        << ", tooltip=" << quoted(graph.key(t)) << ", fillcolor=\"" << fill_of.at(layer.op())
        << "\"];\n";
  }
  for (TaskId t = 0; t < graph.size(); ++t) {
    // A task reading one block twice (x * x) gets one edge.
    std::set<TaskId> read(graph.dependencies(t).begin(), graph.dependencies(t).end());
    for (auto dep : read) dot << "  t" << dep << " -> t" << t << ";\n";
  }
  dot << "}\n";
  return dot.str();
}

}  // namespace dagarray::core
