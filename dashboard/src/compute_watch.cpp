#include "compute_watch.hpp"

#include <dagarray/core/graph_json.hpp>

namespace dagarray::dashboard {

namespace {

Detail detail_for(const core::Graph& graph, std::size_t max_graph_tasks) {
  return graph.size() <= max_graph_tasks ? Detail::tasks : Detail::layers;
}

}  // namespace

ComputeWatch::ComputeWatch(int id, const ComputeStart& start, std::size_t max_graph_tasks)
    : _id(id),
      _detail(detail_for(start.graph, max_graph_tasks)),
      _graph(&start.graph),
      _states(start.graph, _detail),
      _last_usage(process_usage()) {
  _compute = compute_message({
      .compute = id,
      .detail = _detail,
      .graph = _detail == Detail::tasks ? core::graph_to_json(start.graph, start.optimized)
                                        : core::graph_layers_to_json(start.graph, start.optimized),
      .layer_tasks = _states.layer_sizes(),
      .task_count = start.graph.size(),
      .workers = start.workers,
      .scheduler = scheduler_name(start.scheduler),
  });
  // Time 0 is when tasks may start: after the graph's JSON, which takes a while for a large
  // graph, so the page's time line does not open with a gap that no task caused.
  _start = ObserverClock::now();
  _last_time = _start;
}

double ComputeWatch::seconds_since_start(ObserverClock::time_point time) const {
  return std::chrono::duration<double>(time - _start).count();
}

std::int64_t ComputeWatch::ns_since_start(ObserverClock::time_point time) const {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(time - _start).count();
}

void ComputeWatch::task_started(const TaskEvent& event) noexcept {
  _states.started(event.task, event.worker, ns_since_start(event.time));
}

void ComputeWatch::task_finished(const TaskEvent& event) noexcept {
  _states.finished(event.task, ns_since_start(event.time), event.failed());
  if (!event.failed()) return;
  try {
    std::lock_guard lock(_failures_mutex);
    _new_failures.push_back({event.task, _graph->key(event.task), std::string(event.error)});
  } catch (...) {  // out of memory: the page still shows the task failed, without its message
  }
}

std::vector<Message> ComputeWatch::take_messages(ObserverClock::time_point now) {
  // Failures first: each was recorded after its task's state, so the update taken next
  // carries that state, and the page reads "failed" after the update that marks it.
  std::vector<Failure> failures;
  {
    std::lock_guard lock(_failures_mutex);
    failures.swap(_new_failures);
  }
  const auto usage = process_usage();
  const double wall = std::chrono::duration<double>(now - _last_time).count();
  const double cpu = std::chrono::duration<double>(usage.cpu_time - _last_usage.cpu_time).count();
  const auto sample = nlohmann::json::array(
      {seconds_since_start(now), usage.rss_bytes, wall > 0 ? 100.0 * cpu / wall : 0.0});
  _last_time = now;
  _last_usage = usage;
  _memory.push_back(sample);

  // The counts must be read after the changes are taken (arguments have no order).
  auto changes = _states.take_changes();
  std::vector<Message> messages;
  messages.push_back(update_message(_id, seconds_since_start(now), _detail, std::move(changes),
                                    nlohmann::json::array({sample}),
                                    _states.sent_counts().to_json()));
  for (const auto& failure : failures) {
    _failed.push_back(failed_message(_id, failure.task, failure.key, failure.message));
    messages.push_back(_failed.back());
  }
  return messages;
}

std::vector<Message> ComputeWatch::finish(const ComputeEnd& end) {
  auto messages = take_messages(end.time);
  _end = end_message(_id, seconds_since_start(end.time), end.error);
  messages.push_back(_end);
  _graph = nullptr;
  return messages;
}

std::vector<Message> ComputeWatch::snapshot() const {
  std::vector<Message> messages{_compute};
  const double time = _memory.empty() ? 0.0 : _memory.back()[0].get<double>();
  messages.push_back(update_message(_id, time, _detail, _states.sent_snapshot(), _memory,
                                    _states.sent_counts().to_json()));
  messages.insert(messages.end(), _failed.begin(), _failed.end());
  if (_end) messages.push_back(_end);
  return messages;
}

}  // namespace dagarray::dashboard
