// The Chrome trace event format ("JSON Object Format" of the Trace Event Format document),
// which Perfetto and chrome://tracing open: times in microseconds, one track per worker.

#include <dagarray/scheduler/profiler.hpp>
#include <dagarray/scheduler/resource_profiler.hpp>

#include <set>
#include <string>

namespace dagarray {

namespace {

using nlohmann::json;

constexpr int kProcess = 1;

double micros(double seconds) {
  return seconds * 1e6;
}

json metadata(const char* what, int thread, const std::string& name) {
  json event = {{"name", what}, {"ph", "M"}, {"pid", kProcess}, {"args", {{"name", name}}}};
  if (thread >= 0) event["tid"] = thread;
  return event;
}

}  // namespace

json Profiler::chrome_trace(const ResourceProfiler* resources) const {
  json events = json::array();
  events.push_back(metadata("process_name", -1, "dagarray compute"));
  std::set<int> workers;
  for (const auto& task : _tasks) workers.insert(task.worker);
  for (int worker : workers) {
    events.push_back(metadata("thread_name", worker, "worker " + std::to_string(worker)));
  }
  for (const auto& task : _tasks) {
    json args = {{"key", task.key}, {"layer", task.layer}, {"compute", task.compute}};
    if (task.failed) args["failed"] = true;
    events.push_back({{"name", task.op},
                      {"cat", "task"},
                      {"ph", "X"},
                      {"ts", micros(task.start)},
                      {"dur", micros(task.end - task.start)},
                      {"pid", kProcess},
                      {"tid", task.worker},
                      {"args", std::move(args)}});
  }
  if (resources != nullptr) {
    // Both count from their first compute; put the samples on this profiler's time line.
    const double offset =
        _computes.empty() ? 0.0
                          : std::chrono::duration<double>(resources->origin() - _origin).count();
    for (const auto& sample : resources->results()) {
      const double ts = micros(sample.time + offset);
      events.push_back(
          {{"name", "memory"},
           {"ph", "C"},
           {"ts", ts},
           {"pid", kProcess},
           {"args", {{"rss_mib", static_cast<double>(sample.rss_bytes) / (1 << 20)}}}});
      events.push_back({{"name", "cpu"},
                        {"ph", "C"},
                        {"ts", ts},
                        {"pid", kProcess},
                        {"args", {{"percent", sample.cpu_percent}}}});
    }
  }
  return {{"traceEvents", std::move(events)}, {"displayTimeUnit", "ms"}};
}

}  // namespace dagarray
