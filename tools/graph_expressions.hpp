#pragma once
// The expressions `dagarray graph` can export: π and a few others, so users can look at more
// than one shape of graph (a plain reduction, a diamond where one array feeds several
// reductions, a reduction along one axis).

#include <dagarray/dagarray.hpp>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace dagarray::cli {

/// @brief Size of the problem an expression is built for.
struct GraphProblem {
  std::int64_t n;
  std::int64_t chunk;
  std::uint64_t seed;
};

struct GraphExpression {
  std::string name;
  /// The expression as a NumPy user would write it, for --help.
  std::string formula;
  std::function<std::vector<GraphOutput>(const GraphProblem&)> build;
};

/// @brief Every expression `dagarray graph --expr` accepts; the first is the default.
const std::vector<GraphExpression>& graph_expressions();

/// @throws std::invalid_argument for a name graph_expressions() does not hold.
const GraphExpression& graph_expression(const std::string& name);

}  // namespace dagarray::cli
