#include "task_states.hpp"

namespace dagarray::dashboard {

namespace {

nlohmann::json seconds_or_null(std::int64_t ns) {
  return ns < 0 ? nlohmann::json(nullptr) : nlohmann::json(static_cast<double>(ns) * 1e-9);
}

std::size_t& count_of(TaskCounts& counts, TaskState state) {
  switch (state) {
    case TaskState::running:
      return counts.running;
    case TaskState::done:
      return counts.done;
    case TaskState::failed:
      return counts.failed;
    case TaskState::waiting:
      break;
  }
  return counts.waiting;
}

}  // namespace

nlohmann::json TaskCounts::to_json() const {
  return {{"waiting", waiting}, {"running", running}, {"done", done}, {"failed", failed}};
}

TaskStates::TaskStates(const core::Graph& graph, Detail detail)
    : _size(graph.size()),
      _detail(detail),
      _state(new std::atomic<std::uint8_t>[_size]),
      _worker(new std::atomic<std::int32_t>[_size]),
      _start_ns(new std::atomic<std::int64_t>[_size]),
      _end_ns(new std::atomic<std::int64_t>[_size]),
      _sent(_size, TaskState::waiting) {
  const auto tasks = _size;
  // A layer's tasks are consecutive (core::Graph), so its end is the next one's first task.
  const auto layers = graph.layers().size();
  for (std::uint32_t l = 1; l <= layers; ++l) {
    _layer_end.push_back(l < layers ? graph.first_task(l) : tasks);
  }
  _layer_counts.resize(layers);
  core::TaskId begin = 0;
  for (std::size_t l = 0; l < layers; ++l) {
    _layer_counts[l].waiting = _layer_end[l] - begin;
    begin = _layer_end[l];
  }
  for (std::size_t t = 0; t < tasks; ++t) {
    _state[t].store(static_cast<std::uint8_t>(TaskState::waiting), std::memory_order_relaxed);
    _worker[t].store(-1, std::memory_order_relaxed);
    _start_ns[t].store(-1, std::memory_order_relaxed);
    _end_ns[t].store(-1, std::memory_order_relaxed);
  }
  _counts.waiting = tasks;
}

void TaskStates::started(core::TaskId task, int worker, std::int64_t ns) noexcept {
  _worker[task].store(worker, std::memory_order_relaxed);
  _start_ns[task].store(ns, std::memory_order_relaxed);
  // release: whoever sees "running" sees the worker and start written above.
  _state[task].store(static_cast<std::uint8_t>(TaskState::running), std::memory_order_release);
}

void TaskStates::finished(core::TaskId task, std::int64_t ns, bool failed) noexcept {
  _end_ns[task].store(ns, std::memory_order_relaxed);
  const auto state = failed ? TaskState::failed : TaskState::done;
  _state[task].store(static_cast<std::uint8_t>(state), std::memory_order_release);
}

nlohmann::json TaskStates::entry(core::TaskId task, TaskState state) const {
  const bool ended = state == TaskState::done || state == TaskState::failed;
  return nlohmann::json::array(
      {task, static_cast<int>(state), _worker[task].load(std::memory_order_relaxed),
       seconds_or_null(_start_ns[task].load(std::memory_order_relaxed)),
       ended ? seconds_or_null(_end_ns[task].load(std::memory_order_relaxed)) : nullptr});
}

nlohmann::json TaskStates::layer_entry(std::size_t layer) const {
  const auto& c = _layer_counts[layer];
  return nlohmann::json::array({layer, c.waiting, c.running, c.done, c.failed});
}

nlohmann::json TaskStates::layer_sizes() const {
  auto sizes = nlohmann::json::array();
  for (const auto& c : _layer_counts) sizes.push_back(c.waiting + c.running + c.done + c.failed);
  return sizes;
}

nlohmann::json TaskStates::take_changes() {
  auto changes = nlohmann::json::array();
  core::TaskId t = 0;
  for (std::size_t l = 0; l < _layer_end.size(); ++l) {
    bool changed = false;
    for (; t < _layer_end[l]; ++t) {
      const auto now = static_cast<TaskState>(_state[t].load(std::memory_order_acquire));
      if (now == _sent[t]) continue;
      for (auto* counts : {&_counts, &_layer_counts[l]}) {
        --count_of(*counts, _sent[t]);
        ++count_of(*counts, now);
      }
      _sent[t] = now;
      changed = true;
      if (_detail == Detail::tasks) changes.push_back(entry(t, now));
    }
    if (changed && _detail == Detail::layers) changes.push_back(layer_entry(l));
  }
  return changes;
}

nlohmann::json TaskStates::sent_snapshot() const {
  auto entries = nlohmann::json::array();
  if (_detail == Detail::layers) {
    for (std::size_t l = 0; l < _layer_counts.size(); ++l) {
      const auto& c = _layer_counts[l];
      if (c.running + c.done + c.failed > 0) entries.push_back(layer_entry(l));
    }
    return entries;
  }
  for (core::TaskId t = 0; t < _size; ++t) {
    if (_sent[t] != TaskState::waiting) entries.push_back(entry(t, _sent[t]));
  }
  return entries;
}

}  // namespace dagarray::dashboard
