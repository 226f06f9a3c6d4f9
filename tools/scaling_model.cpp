#include "scaling_model.hpp"

#include <dagarray/scheduler/owner_map.hpp>

#include <algorithm>
#include <cmath>
#include <deque>
#include <queue>
#include <stdexcept>
#include <string>

namespace dagarray::cli {

// ---- ModelGraph

ModelGraph ModelGraph::from_graph(const core::Graph& graph) {
  ModelGraph model;
  model._bytes.reserve(graph.size());
  model._dep_begin.reserve(graph.size() + 1);
  for (core::TaskId t = 0; t < graph.size(); ++t) {
    model.add_task(graph.dependencies(t), scheduler::task_bytes(graph, t));
  }
  for (auto t : graph.output_tasks()) model.add_output(t);
  return model;
}

core::TaskId ModelGraph::add_task(std::span<const core::TaskId> dependencies, std::int64_t bytes) {
  if (bytes < 0) throw std::invalid_argument("add_task: bytes = " + std::to_string(bytes));
  const auto id = static_cast<core::TaskId>(size());
  for (auto dep : dependencies) {
    if (dep >= id) {
      throw std::invalid_argument("add_task: dependency " + std::to_string(dep) +
                                  " is not an earlier task than " + std::to_string(id));
    }
  }
  _deps.insert(_deps.end(), dependencies.begin(), dependencies.end());
  _dep_begin.push_back(_deps.size());
  _bytes.push_back(bytes);
  return id;
}

void ModelGraph::add_output(core::TaskId task) {
  if (task >= size()) {
    throw std::invalid_argument("add_output: task = " + std::to_string(task) + " of " +
                                std::to_string(size()));
  }
  _outputs.push_back(task);
}

// ---- replay

namespace {

void check_cost(const char* name, double value) {
  if (!std::isfinite(value) || value < 0) {
    throw std::invalid_argument(std::string("replay: cluster.") + name + " = " +
                                std::to_string(value) + " must be finite and >= 0");
  }
}

void check_arguments(const ModelGraph& graph, std::span<const int> owners,
                     std::span<const double> durations, const ClusterModel& cluster) {
  if (cluster.nodes < 1) {
    throw std::invalid_argument("replay: cluster.nodes = " + std::to_string(cluster.nodes));
  }
  if (cluster.cores_per_node < 1) {
    throw std::invalid_argument("replay: cluster.cores_per_node = " +
                                std::to_string(cluster.cores_per_node));
  }
  check_cost("task_overhead", cluster.task_overhead);
  check_cost("latency", cluster.latency);
  check_cost("message_overhead", cluster.message_overhead);
  if (!(cluster.bandwidth > 0) || !std::isfinite(cluster.bandwidth)) {
    throw std::invalid_argument("replay: cluster.bandwidth = " + std::to_string(cluster.bandwidth) +
                                " must be finite and > 0");
  }
  if (owners.size() != graph.size() || durations.size() != graph.size()) {
    throw std::invalid_argument("replay: owners.size() = " + std::to_string(owners.size()) +
                                " and durations.size() = " + std::to_string(durations.size()) +
                                " must equal the graph's " + std::to_string(graph.size()) +
                                " tasks");
  }
  for (std::size_t t = 0; t < graph.size(); ++t) {
    if (owners[t] < 0 || owners[t] >= cluster.nodes) {
      throw std::invalid_argument("replay: owners[" + std::to_string(t) +
                                  "] = " + std::to_string(owners[t]) + " is not a node below " +
                                  std::to_string(cluster.nodes));
    }
    if (!std::isfinite(durations[t]) || durations[t] < 0) {
      throw std::invalid_argument("replay: durations[" + std::to_string(t) +
                                  "] = " + std::to_string(durations[t]));
    }
  }
}

/// Each task's readers, grouped by the node that owns them: one message per group elsewhere.
struct Readers {
  std::vector<std::size_t> begin;
  std::vector<core::TaskId> tasks;

  Readers(const ModelGraph& graph, std::span<const int> owners) : begin(graph.size() + 1, 0) {
    for (core::TaskId t = 0; t < graph.size(); ++t) {
      for (auto dep : graph.dependencies(t)) ++begin[dep + 1];
    }
    for (std::size_t t = 0; t < graph.size(); ++t) begin[t + 1] += begin[t];
    tasks.resize(begin.back());
    std::vector<std::size_t> next(begin.begin(), begin.end() - 1);
    for (core::TaskId t = 0; t < graph.size(); ++t) {
      for (auto dep : graph.dependencies(t)) tasks[next[dep]++] = t;
    }
    for (std::size_t t = 0; t < graph.size(); ++t) {
      std::stable_sort(tasks.begin() + begin[t], tasks.begin() + begin[t + 1],
                       [&](auto a, auto b) { return owners[a] < owners[b]; });
    }
  }
};

enum class EventKind { ready, done, wire, received };

/// What happens at `time`: a task becomes ready or ends on its node, or a message of `task`
/// reaches `node` (wire: its first byte; received: its last), for readers [first, last).
struct Event {
  double time;
  std::uint64_t order;  // ties go first come, first served, so the replay is deterministic
  EventKind kind;
  core::TaskId task;
  int node;
  std::size_t first;
  std::size_t last;
  bool operator>(const Event& other) const {
    return time != other.time ? time > other.time : order > other.order;
  }
};

class Simulation {
 public:
  Simulation(const ModelGraph& graph, std::span<const int> owners,
             std::span<const double> durations, const ClusterModel& cluster)
      : _graph(graph),
        _owners(owners),
        _durations(durations),
        _cluster(cluster),
        _readers(graph, owners),
        _pending(graph.size()),
        _ready_at(graph.size(), 0.0),
        _is_output(graph.size(), false),
        _free_cores(static_cast<std::size_t>(cluster.nodes), cluster.cores_per_node),
        _queued(static_cast<std::size_t>(cluster.nodes)),
        _mpi_free(static_cast<std::size_t>(cluster.nodes), 0.0),
        _out_free(static_cast<std::size_t>(cluster.nodes), 0.0),
        _in_free(static_cast<std::size_t>(cluster.nodes), 0.0) {
    _result.busy_per_node.assign(static_cast<std::size_t>(cluster.nodes), 0.0);
    for (auto t : graph.outputs()) _is_output[t] = true;
  }

  Replay run() {
    for (core::TaskId t = 0; t < _graph.size(); ++t) {
      _pending[t] = static_cast<std::uint32_t>(_graph.dependencies(t).size());
      _result.work += _durations[t];
      if (_pending[t] == 0) push({0.0, 0, EventKind::ready, t, _owners[t], 0, 0});
    }
    while (!_events.empty()) {
      const auto event = _events.top();
      _events.pop();
      _result.makespan = std::max(_result.makespan, event.time);
      switch (event.kind) {
        case EventKind::ready:
          on_ready(event);
          break;
        case EventKind::done:
          on_done(event);
          break;
        case EventKind::wire:
          on_wire(event);
          break;
        case EventKind::received:
          on_received(event);
          break;
      }
    }
    const double capacity = double(_cluster.nodes) * _cluster.cores_per_node * _result.makespan;
    _result.efficiency = capacity > 0 ? _result.work / capacity : 1.0;
    return _result;
  }

 private:
  void push(Event event) {
    event.order = _order++;
    _events.push(event);
  }

  void start(core::TaskId task, int node, double time) {
    --_free_cores[node];
    const double held = _cluster.task_overhead + _durations[task];
    _result.busy_per_node[node] += held;
    push({time + held, 0, EventKind::done, task, node, 0, 0});
  }

  void on_ready(const Event& e) {
    if (_free_cores[e.node] > 0) {
      start(e.task, e.node, e.time);
    } else {
      _queued[e.node].push_back(e.task);
    }
  }

  void on_done(const Event& e) {
    ++_free_cores[e.node];
    if (!_queued[e.node].empty()) {
      const auto next = _queued[e.node].front();
      _queued[e.node].pop_front();
      start(next, e.node, e.time);
    }
    const auto [first, last] = group_of(e.task, e.node);
    deliver(first, last, e.time);  // readers on this node have the result now
    if (_is_output[e.task]) {
      pass_down_tree(e.task, e.node, e.time);
      return;
    }
    // Each other node with readers gets one message.
    const auto end = _readers.begin[e.task + 1];
    for (auto group = _readers.begin[e.task]; group < end;) {
      const int node = _owners[_readers.tasks[group]];
      auto group_end = group;
      while (group_end < end && _owners[_readers.tasks[group_end]] == node) ++group_end;
      if (node != e.node) send(e.task, e.node, node, e.time, group, group_end);
      group = group_end;
    }
  }

  /// @brief An output reaches every node down the binomial tree rooted at its owner, as the
  /// executor sends it: `node` passes it on to its children, each with its readers there.
  void pass_down_tree(core::TaskId task, int node, double time) {
    for (int child : scheduler::output_tree_children(node, _owners[task], _cluster.nodes)) {
      const auto [first, last] = group_of(task, child);
      send(task, node, child, time, first, last);
    }
  }

  /// @brief The readers of `task` on `node`: a range of _readers.tasks (sorted by owner).
  std::pair<std::size_t, std::size_t> group_of(core::TaskId task, int node) const {
    const auto begin = _readers.tasks.begin() + static_cast<std::ptrdiff_t>(_readers.begin[task]);
    const auto end = _readers.tasks.begin() + static_cast<std::ptrdiff_t>(_readers.begin[task + 1]);
    const auto [lo, hi] = std::equal_range(begin, end, node, Compare{_owners});
    return {std::size_t(lo - _readers.tasks.begin()), std::size_t(hi - _readers.tasks.begin())};
  }

  /// Orders readers by their owner, against a node: for equal_range.
  struct Compare {
    std::span<const int> owners;
    bool operator()(core::TaskId reader, int node) const { return owners[reader] < node; }
    bool operator()(int node, core::TaskId reader) const { return node < owners[reader]; }
  };

  void send(core::TaskId task, int from, int to, double time, std::size_t first, std::size_t last) {
    const double on_wire = double(_graph.bytes(task)) / _cluster.bandwidth;
    auto& mpi = _mpi_free[from];
    mpi = std::max(mpi, time) + _cluster.message_overhead;
    auto& out = _out_free[from];
    const double leaves = std::max(out, mpi);
    out = leaves + on_wire;
    ++_result.messages;
    _result.message_bytes += _graph.bytes(task);
    push({leaves + _cluster.latency, 0, EventKind::wire, task, to, first, last});
  }

  void on_wire(const Event& e) {
    auto& in = _in_free[e.node];
    in = std::max(in, e.time) + double(_graph.bytes(e.task)) / _cluster.bandwidth;
    push({in, 0, EventKind::received, e.task, e.node, e.first, e.last});
  }

  void on_received(const Event& e) {
    auto& mpi = _mpi_free[e.node];
    mpi = std::max(mpi, e.time) + _cluster.message_overhead;
    _result.makespan = std::max(_result.makespan, mpi);  // an output copy: nobody may wait
    deliver(e.first, e.last, mpi);
    if (_is_output[e.task]) pass_down_tree(e.task, e.node, mpi);
  }

  void deliver(std::size_t first, std::size_t last, double time) {
    for (auto r = first; r < last; ++r) {
      const auto reader = _readers.tasks[r];
      _ready_at[reader] = std::max(_ready_at[reader], time);
      if (--_pending[reader] == 0) {
        push({_ready_at[reader], 0, EventKind::ready, reader, _owners[reader], 0, 0});
      }
    }
  }

  const ModelGraph& _graph;
  std::span<const int> _owners;
  std::span<const double> _durations;
  const ClusterModel& _cluster;
  Readers _readers;
  std::vector<std::uint32_t> _pending;
  std::vector<double> _ready_at;
  std::vector<bool> _is_output;
  std::vector<int> _free_cores;
  std::vector<std::deque<core::TaskId>> _queued;
  std::vector<double> _mpi_free;  // when each node's MPI thread is next idle
  std::vector<double> _out_free;  // ... its outgoing link
  std::vector<double> _in_free;   // ... its incoming link
  std::priority_queue<Event, std::vector<Event>, std::greater<>> _events;
  std::uint64_t _order = 0;
  Replay _result;
};

}  // namespace

Replay replay(const ModelGraph& graph, std::span<const int> owners,
              std::span<const double> durations, const ClusterModel& cluster) {
  check_arguments(graph, owners, durations, cluster);
  return Simulation(graph, owners, durations, cluster).run();
}

}  // namespace dagarray::cli
