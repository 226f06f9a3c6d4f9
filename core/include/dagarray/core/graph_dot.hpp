#pragma once
// The task graph as Graphviz DOT, for `dot -Tsvg`. Graphviz draws a few hundred tasks well;
// the browser viewer is for larger graphs.

#include <dagarray/core/graph.hpp>

#include <string>

namespace dagarray::core {

/// @brief One node per task (labelled with its op and block index, filled with its op's
/// colour, its key as tooltip) and one edge per dependency, dependencies on the left.
std::string graph_to_dot(const Graph& graph);

}  // namespace dagarray::core
