#include "graph_expressions.hpp"

#include <stdexcept>

#include "pi_modes.hpp"

namespace dagarray::cli {

namespace {

std::vector<GraphOutput> pi_graph(const GraphProblem& p) {
  return {lazy_inside({p.n, p.chunk, 0, p.seed})};
}

std::vector<GraphOutput> sum_range_graph(const GraphProblem& p) {
  return {sum(arange(p.n, p.chunk))};
}

// One source read by three reductions, and their results broadcast back over it: the graph
// shows shared work appearing once.
std::vector<GraphOutput> normalize_graph(const GraphProblem& p) {
  const auto x = random::uniform(0.0, 1.0, {p.n}, {p.chunk}, p.seed);
  return {(x - mean(x)) / (max(x) - min(x))};
}

std::vector<GraphOutput> column_means_graph(const GraphProblem& p) {
  constexpr std::int64_t kColumns = 4;
  const auto x = random::uniform(0.0, 1.0, {p.n, kColumns}, {p.chunk, kColumns}, p.seed);
  return {mean(x, 0)};
}

}  // namespace

const std::vector<GraphExpression>& graph_expressions() {
  static const std::vector<GraphExpression> expressions = {
      {"pi", "count_nonzero(sum(square(uniform(-1, 1, (2, n))), axis=0) < 1)", pi_graph},
      {"sum-range", "sum(arange(n))", sum_range_graph},
      {"normalize", "(x - mean(x)) / (max(x) - min(x)), x = uniform(0, 1, n)", normalize_graph},
      {"column-means", "mean(uniform(0, 1, (n, 4)), axis=0)", column_means_graph},
  };
  return expressions;
}

const GraphExpression& graph_expression(const std::string& name) {
  for (const auto& expression : graph_expressions()) {
    if (expression.name == name) return expression;
  }
  throw std::invalid_argument("expr = " + name + " is not a known expression");
}

}  // namespace dagarray::cli
