#include "scaling_calibration.hpp"

#include <dagarray/dagarray.hpp>

#include <algorithm>
#include <chrono>
#include <stdexcept>

#include "median.hpp"

namespace dagarray::cli {

namespace {

void check_repeat(int repeat) {
  if (repeat < 1) throw std::invalid_argument("repeat = " + std::to_string(repeat));
}

}  // namespace

double task_elements(const core::Graph& graph, core::TaskId task) {
  const auto written = core::shape_size(graph.layer(task).block_shape(graph.block(task)));
  std::int64_t read = 0;
  for (auto dep : graph.dependencies(task)) {
    read += core::shape_size(graph.layer(dep).block_shape(graph.block(dep)));
  }
  return double(std::max<std::int64_t>({written, read, 1}));
}

OpTimes profile_ops(const core::Graph& graph, int repeat) {
  check_repeat(repeat);
  std::map<std::string, std::vector<double>> seconds;
  for (int r = 0; r < repeat; ++r) {
    Profiler profiler;
    scheduler::run(graph, {.num_threads = 1, .observers = {&profiler}});
    for (const auto& task : profiler.results()) seconds[task.op].push_back(task.end - task.start);
  }
  std::map<std::string, std::vector<double>> elements;
  for (core::TaskId t = 0; t < graph.size(); ++t) {
    elements[graph.layer(t).op()].push_back(task_elements(graph, t));
  }
  OpTimes times;
  for (const auto& [op, values] : seconds) {
    times.ops[op] = {median(values), median(elements[op]), std::int64_t(values.size())};
  }
  return times;
}

std::vector<double> task_durations(const core::Graph& graph, const OpTimes& times) {
  if (times.ops.empty()) throw std::invalid_argument("task_durations: times has no ops");
  // Per layer, not per task: the op lookup is a string compare.
  std::vector<const OpTimes::Op*> of_layer;
  OpTimes::Op fallback{0, 1, 0};
  for (const auto& [op, time] : times.ops) {
    if (time.seconds > fallback.seconds && op.find("partial") == std::string::npos) {
      fallback = time;
    }
  }
  for (const auto& layer : graph.layers()) {
    const auto it = times.ops.find(layer->op());
    of_layer.push_back(it == times.ops.end() ? &fallback : &it->second);
  }
  std::vector<double> durations(graph.size());
  for (core::TaskId t = 0; t < graph.size(); ++t) {
    const auto& op = *of_layer[graph.layer_index(t)];
    durations[t] = op.seconds * task_elements(graph, t) / op.elements;
  }
  return durations;
}

double measure_task_overhead(std::int64_t tasks, int repeat) {
  check_repeat(repeat);
  if (tasks < 1) throw std::invalid_argument("tasks = " + std::to_string(tasks));
  // As bench_overhead.cpp: one-element blocks summed, about 15/7 tasks per block.
  const auto graph =
      task_graph(sum(arange(std::max<std::int64_t>(1, tasks * 7 / 15), 1)), {.optimized = false});
  std::vector<double> per_task;
  for (int r = 0; r < repeat; ++r) {
    const auto start = std::chrono::steady_clock::now();
    scheduler::run(graph, {.num_threads = 1});
    const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
    per_task.push_back(took.count() / double(graph.size()));
  }
  return median(per_task);
}

}  // namespace dagarray::cli
