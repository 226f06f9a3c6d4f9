#include "results.hpp"

#include <dagarray/scheduler/task_error.hpp>

#include <exception>

namespace dagarray::scheduler::detail {

Results::Results(const core::Graph& graph)
    : _graph(graph),
      _buffers(graph.size()),
      _readers_left(new std::atomic<std::uint32_t>[graph.size()]),
      _is_output(graph.size(), false) {
  for (core::TaskId t = 0; t < graph.size(); ++t) {
    _readers_left[t].store(static_cast<std::uint32_t>(graph.dependents(t).size()),
                           std::memory_order_relaxed);
  }
  for (auto t : graph.output_tasks()) _is_output[t] = true;
}

Results::Results(const core::Graph& graph, const std::vector<std::uint32_t>& local_readers,
                 std::vector<bool> keep)
    : _graph(graph),
      _buffers(graph.size()),
      _readers_left(new std::atomic<std::uint32_t>[graph.size()]),
      _is_output(std::move(keep)) {
  for (core::TaskId t = 0; t < graph.size(); ++t) {
    _readers_left[t].store(local_readers[t], std::memory_order_relaxed);
  }
}

void Results::drop_if_unread(core::TaskId task) {
  if (_readers_left[task].load(std::memory_order_acquire) == 0 && !_is_output[task]) {
    _buffers[task] = core::Buffer();
  }
}

void Results::run(core::TaskId task, const Watchers& watchers, int worker) {
  watchers.task_started(task, worker);
  try {
    compute(task);
  } catch (const TaskError& e) {
    watchers.task_finished(task, worker, e.cause());
    throw;
  } catch (...) {  // TaskError itself could not be made (out of memory)
    watchers.task_finished(task, worker, "an exception of unknown type");
    throw;
  }
  watchers.task_finished(task, worker, {});
}

void Results::compute(core::TaskId task) {
  const auto deps = _graph.dependencies(task);
  // Most tasks read one to a few blocks; a reduction tree reads at most its fan-in.
  constexpr std::size_t kInline = 16;
  const core::Buffer* inline_inputs[kInline];
  std::vector<const core::Buffer*> many;
  const core::Buffer** inputs = inline_inputs;
  if (deps.size() > kInline) {
    many.resize(deps.size());
    inputs = many.data();
  }
  for (std::size_t i = 0; i < deps.size(); ++i) inputs[i] = &_buffers[deps[i]];
  try {
    _buffers[task] = _graph.layer(task).compute_block(
        _graph.block(task), std::span<const core::Buffer* const>(inputs, deps.size()));
  } catch (const std::exception& e) {
    throw TaskError(_graph.key(task), e.what());
  } catch (...) {
    throw TaskError(_graph.key(task), "unknown exception");
  }
}

std::int64_t Results::release_inputs(core::TaskId task) {
  std::int64_t freed = 0;
  for (auto dep : _graph.dependencies(task)) {
    // acq_rel: the last reader's release happens after every other reader has finished.
    if (_readers_left[dep].fetch_sub(1, std::memory_order_acq_rel) == 1 && !_is_output[dep]) {
      freed += static_cast<std::int64_t>(_buffers[dep].bytes());
      _buffers[dep] = core::Buffer();
    }
  }
  return freed;
}

std::vector<core::Buffer> Results::take_outputs() {
  std::vector<core::Buffer> outputs;
  outputs.reserve(_graph.output_tasks().size());
  for (auto t : _graph.output_tasks()) outputs.push_back(_buffers[t]);
  _buffers.clear();
  return outputs;
}

}  // namespace dagarray::scheduler::detail
