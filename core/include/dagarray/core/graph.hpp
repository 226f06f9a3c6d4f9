#pragma once
// The flat task graph: every block of every layer an output needs, with its dependencies.
// This is what a scheduler runs: a graph in, the output blocks out.

#include <dagarray/core/layer.hpp>
#include <dagarray/core/layer_graph.hpp>

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace dagarray::core {

/// @brief Index of a task in a Graph.
using TaskId = std::uint32_t;

/// @brief Tasks in topological order (every task after the tasks it reads), with their
/// dependencies and dependents stored flat for cheap traversal.
class Graph {
 public:
  /// @brief Materialises the tasks of `outputs` and of every layer they read. Layers with the
  /// same name are the same computation and appear once, so shared work runs once.
  static Graph from_layers(std::span<const LayerPtr> outputs);

  /// @brief Materialises the tasks of a layer graph, as built or after optimisation passes.
  static Graph from_layer_graph(const LayerGraph& layers);

  std::size_t size() const { return _layer_of.size(); }

  /// @brief Distinct layers, each after the layers it reads.
  const std::vector<LayerPtr>& layers() const { return _layers; }

  const Layer& layer(TaskId task) const { return *_layers[_layer_of[task]]; }
  std::uint32_t layer_index(TaskId task) const { return _layer_of[task]; }
  std::int64_t block(TaskId task) const { return _block_of[task]; }

  /// @brief First task of a layer. A layer's tasks are consecutive, in block order; before
  /// culling every block is there, so block b is task first_task(layer) + b.
  TaskId first_task(std::uint32_t layer_index) const { return _first_task[layer_index]; }

  /// @brief The task of a block of a layer, if the graph has it (a culled graph may not).
  std::optional<TaskId> task_of(std::uint32_t layer_index, std::int64_t block) const;

  /// @brief Tasks this task reads, in the order its layer's compute_block expects them.
  std::span<const TaskId> dependencies(TaskId task) const {
    return {_deps.data() + _dep_begin[task], _deps.data() + _dep_begin[task + 1]};
  }
  /// @brief Tasks that read this task (a task reading it twice is listed twice).
  std::span<const TaskId> dependents(TaskId task) const {
    return {_users.data() + _user_begin[task], _users.data() + _user_begin[task + 1]};
  }

  /// @brief For each output passed to from_layers, its layer's index in layers().
  const std::vector<std::uint32_t>& output_layers() const { return _output_layers; }

  /// @brief Every output task, outputs in the order given and blocks in row-major order.
  const std::vector<TaskId>& output_tasks() const { return _output_tasks; }

  /// @brief Dask-style key, e.g. "('square-3f0c9a1b2d4e5f60', 0, 3)".
  std::string key(TaskId task) const;

 private:
  friend Graph cull(const Graph& graph);
  void link_dependents();

  std::vector<LayerPtr> _layers;
  std::vector<TaskId> _first_task;
  std::vector<std::uint32_t> _layer_of;
  std::vector<std::int64_t> _block_of;
  std::vector<std::size_t> _dep_begin;
  std::vector<TaskId> _deps;
  std::vector<std::size_t> _user_begin;
  std::vector<TaskId> _users;
  std::vector<std::uint32_t> _output_layers;
  std::vector<TaskId> _output_tasks;
};

/// @brief Culling, as Dask's cull: the graph of the tasks some output needs, and no others,
/// in the same order. A pass over tasks, after the layer passes of optimize.hpp.
Graph cull(const Graph& graph);

/// @brief Dask-style key of a block of a layer.
std::string block_key(const Layer& layer, std::int64_t block);

}  // namespace dagarray::core
