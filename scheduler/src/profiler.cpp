#include <dagarray/scheduler/profiler.hpp>

#include <algorithm>
#include <stdexcept>

namespace dagarray {

namespace {

double seconds(std::int64_t ns) {
  return static_cast<double>(ns) * 1e-9;
}

}  // namespace

void Profiler::compute_started(const ComputeStart& start) {
  if (_graph != nullptr) {
    throw std::logic_error(
        "Profiler: already watching a compute; give each concurrent compute its own profiler");
  }
  if (_computes.empty()) _origin = start.time;
  _graph = &start.graph;
  _slots.assign(start.graph.size(), Slot{});
  const auto at = seconds(since_origin(start.time));
  _computes.push_back({at, at, start.workers, start.scheduler, start.optimized, {}});
}

void Profiler::task_started(const TaskEvent& event) noexcept {
  auto& slot = _slots[event.task];
  slot.start_ns = since_origin(event.time);
  slot.worker = event.worker;
}

void Profiler::task_finished(const TaskEvent& event) noexcept {
  auto& slot = _slots[event.task];
  slot.end_ns = since_origin(event.time);
  slot.failed = event.failed();
}

void Profiler::compute_finished(const ComputeEnd& end) {
  const core::Graph& graph = *_graph;
  _graph = nullptr;
  auto& compute = _computes.back();
  compute.end = seconds(since_origin(end.time));
  compute.error = std::string(end.error);

  std::vector<core::TaskId> ran;
  for (core::TaskId t = 0; t < _slots.size(); ++t) {
    if (_slots[t].start_ns >= 0) ran.push_back(t);
  }
  std::sort(ran.begin(), ran.end(), [this](core::TaskId a, core::TaskId b) {
    return _slots[a].start_ns < _slots[b].start_ns;
  });
  const int index = static_cast<int>(_computes.size()) - 1;
  _tasks.reserve(_tasks.size() + ran.size());
  for (auto t : ran) {
    const auto& slot = _slots[t];
    const auto& layer = graph.layer(t);
    _tasks.push_back({graph.key(t), layer.name(), layer.op(), index, slot.worker,
                      seconds(slot.start_ns), seconds(std::max(slot.end_ns, slot.start_ns)),
                      slot.failed});
  }
  _slots.clear();
  _slots.shrink_to_fit();
}

core::GraphProfile Profiler::graph_profile() const {
  if (_computes.empty()) {
    throw std::logic_error("Profiler::graph_profile: no compute has been profiled yet");
  }
  const auto& compute = _computes.back();
  const int index = static_cast<int>(_computes.size()) - 1;
  core::GraphProfile profile;
  profile.workers = compute.workers;
  profile.duration = compute.end - compute.start;
  profile.scheduler = scheduler_name(compute.scheduler);
  for (const auto& task : _tasks) {
    if (task.compute != index) continue;
    profile.tasks[task.key] = {task.start - compute.start, task.end - compute.start, task.worker};
  }
  return profile;
}

void Profiler::clear() {
  if (_graph != nullptr) throw std::logic_error("Profiler::clear: a compute is being watched");
  _tasks.clear();
  _computes.clear();
}

}  // namespace dagarray
