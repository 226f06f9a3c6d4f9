#pragma once
// Look at a graph without running it: the task graph of one or more arrays as JSON (the
// documented dagarray-graph format, which the browser viewer draws) or as Graphviz DOT.

#include <dagarray/array/array.hpp>
#include <dagarray/scheduler/profiler.hpp>

#include <nlohmann/json.hpp>

#include <initializer_list>
#include <span>
#include <string>

namespace dagarray {

/// @brief Options of to_json() and to_dot(); an aggregate: `da::to_json(x, {.optimized = false})`.
struct ExportOptions {
  /// The graph compute() runs, after its optimisation passes (true: fused chains are one task
  /// per block), or the graph as the expression built it (false).
  bool optimized = true;
  /// Timings to merge in (JSON only): each task the profiler saw in its last compute gets a
  /// "timing", and the graph a "profile", for the viewer's task stream. Profile the same
  /// graph: `compute({.optimize = o, .observers = {&p}})` then `to_json(x, {.optimized = o,
  /// .profile = &p})`.
  const Profiler* profile = nullptr;
};

/// @brief A lazy array of any element type, so several can be exported as one graph.
class GraphOutput {
 public:
  template <Element T>
  GraphOutput(const Array<T>& array) : _layer(array.layer()) {}  // NOLINT: implicit on purpose
  /// @brief The array whose last layer is `layer`; throws std::invalid_argument for none.
  explicit GraphOutput(core::LayerPtr layer);
  const core::LayerPtr& layer() const { return _layer; }

 private:
  core::LayerPtr _layer;
};

/// @brief The task graph that computes `outputs` together, shared work once: the graph
/// compute() runs (options.optimized, the default: after fusion and culling) or the graph as
/// the expressions built it. to_json() and to_dot() write it; size() is its task count.
/// Throws std::invalid_argument for no outputs.
/// @code{.cpp}
/// auto x = da::random::uniform(0.0, 1.0, {1000}, {250}, 7);
/// std::size_t tasks = da::task_graph({da::sum(x), da::max(x)}).size();
/// @endcode
core::Graph task_graph(std::span<const GraphOutput> outputs, const ExportOptions& options = {});
core::Graph task_graph(std::initializer_list<GraphOutput> outputs,
                       const ExportOptions& options = {});

template <Element T>
core::Graph task_graph(const Array<T>& array, const ExportOptions& options = {}) {
  return task_graph({GraphOutput(array)}, options);
}

/// @brief The graph that computes `outputs` together (shared work appears once), as the
/// documented dagarray-graph JSON (docs/graph-format.md).
/// @code{.cpp}
/// auto x = da::random::uniform(0.0, 1.0, {1000}, {250}, 7);
/// nlohmann::json graph = da::to_json({da::sum(x), da::max(x)});
/// std::ofstream("graph.json") << graph.dump(2);
/// @endcode
nlohmann::json to_json(std::span<const GraphOutput> outputs, const ExportOptions& options = {});
nlohmann::json to_json(std::initializer_list<GraphOutput> outputs,
                       const ExportOptions& options = {});

template <Element T>
nlohmann::json to_json(const Array<T>& array, const ExportOptions& options = {}) {
  return to_json({GraphOutput(array)}, options);
}

/// @brief The same graph as Graphviz DOT text: `dot -Tsvg graph.dot -o graph.svg`.
std::string to_dot(std::span<const GraphOutput> outputs, const ExportOptions& options = {});
std::string to_dot(std::initializer_list<GraphOutput> outputs, const ExportOptions& options = {});

template <Element T>
std::string to_dot(const Array<T>& array, const ExportOptions& options = {}) {
  return to_dot({GraphOutput(array)}, options);
}

}  // namespace dagarray
