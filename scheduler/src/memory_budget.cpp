#include "memory_budget.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace dagarray::scheduler::detail {

MemoryBudget::MemoryBudget(const core::Graph& graph, std::int64_t limit)
    : _graph(graph), _limit(limit), _estimate(graph.size()) {
  for (core::TaskId t = 0; t < graph.size(); ++t) {
    const auto& layer = graph.layer(t);
    _estimate[t] = core::shape_size(layer.block_shape(graph.block(t))) *
                   static_cast<std::int64_t>(core::dtype_size(layer.dtype()));
    if (_estimate[t] > limit) {
      throw std::invalid_argument("compute: memory_limit = " + std::to_string(limit) +
                                  " bytes is less than the " + std::to_string(_estimate[t]) +
                                  " bytes of task " + graph.key(t) + "'s output alone");
    }
  }
  const auto largest =
      _estimate.empty() ? 0 : *std::max_element(_estimate.begin(), _estimate.end());
  _source_limit = limit - largest;
}

void MemoryBudget::park(std::span<const core::TaskId> tasks) {
  // Newest first out, and the first of `tasks` first among them.
  for (auto t = tasks.rbegin(); t != tasks.rend(); ++t) {
    (_graph.dependencies(*t).empty() ? _parked_sources : _parked_readers).push_back(*t);
  }
}

void MemoryBudget::start_what_fits(std::vector<core::TaskId>& ready) {
  for (auto* parked : {&_parked_readers, &_parked_sources}) {
    const auto limit = parked == &_parked_sources ? _source_limit : _limit;
    // With nothing running, no end can free memory: one task starts anyway, or none would.
    while (!parked->empty() && (_running == 0 || _held + _estimate[parked->back()] <= limit)) {
      const auto task = parked->back();
      parked->pop_back();
      _held += _estimate[task];
      ++_running;
      ready.push_back(task);
    }
  }
}

void MemoryBudget::offer(std::span<const core::TaskId> tasks, std::vector<core::TaskId>& ready) {
  std::lock_guard lock(_mutex);
  park(tasks);
  start_what_fits(ready);
}

void MemoryBudget::finished(core::TaskId task, std::int64_t output_bytes, std::int64_t freed_bytes,
                            std::span<const core::TaskId> woken, std::vector<core::TaskId>& ready) {
  std::lock_guard lock(_mutex);
  _held += output_bytes - _estimate[task] - freed_bytes;
  --_running;
  park(woken);
  start_what_fits(ready);
}

}  // namespace dagarray::scheduler::detail
