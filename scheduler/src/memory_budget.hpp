#pragma once
// ComputeOptions::memory_limit for the threads scheduler: decides which ready task may start
// so that the bytes of the blocks held stay within the budget while running tasks can still
// free some, and parks the others until they can.

#include <dagarray/core/graph.hpp>

#include <cstdint>
#include <mutex>
#include <span>
#include <vector>

namespace dagarray::scheduler::detail {

class MemoryBudget {
 public:
  /// @brief Estimates each task's output from its block's shape and dtype.
  /// @throws std::invalid_argument when one task's output alone is larger than `limit`.
  MemoryBudget(const core::Graph& graph, std::int64_t limit);

  /// @brief Offers tasks that became ready; appends to `ready` those that may start now
  /// (counted as held from then on) and parks the rest.
  void offer(std::span<const core::TaskId> tasks, std::vector<core::TaskId>& ready);

  /// @brief A task ended, producing `output_bytes` and releasing `freed_bytes`, and made
  /// `woken` ready; appends to `ready` the tasks that may start now, parked ones included.
  void finished(core::TaskId task, std::int64_t output_bytes, std::int64_t freed_bytes,
                std::span<const core::TaskId> woken, std::vector<core::TaskId>& ready);

 private:
  void park(std::span<const core::TaskId> tasks);
  void start_what_fits(std::vector<core::TaskId>& ready);

  const core::Graph& _graph;
  const std::int64_t _limit;
  // Sources stop short of the limit by the largest output, so that a task reading their blocks
  // still fits: with the limit filled by sources, every reader would wait on the others.
  std::int64_t _source_limit = 0;
  std::vector<std::int64_t> _estimate;
  std::mutex _mutex;
  std::int64_t _held = 0;
  int _running = 0;
  // Parked tasks, newest first out. Tasks that read blocks can free them, so they go before
  // the sources, which only add.
  std::vector<core::TaskId> _parked_readers;
  std::vector<core::TaskId> _parked_sources;
};

}  // namespace dagarray::scheduler::detail
