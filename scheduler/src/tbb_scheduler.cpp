// The parallel scheduler, on oneTBB: each task waits on an atomic count of unfinished
// dependencies; the task that brings a count to zero continues with that task itself (depth
// first, which keeps chunks hot in cache and memory low) and hands any others to the
// work-stealing pool.

#include <dagarray/scheduler/scheduler.hpp>

#include <oneapi/tbb/task_arena.h>
#include <oneapi/tbb/task_group.h>

#include <atomic>
#include <exception>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>

#include "arenas.hpp"
#include "memory_budget.hpp"
#include "results.hpp"
#include "runners.hpp"

namespace dagarray::scheduler {

namespace {

// oneTBB 2021's task_group::run counts a task in the group's wait count before allocating it,
// so a run() that throws std::bad_alloc leaves the count one too high, and wait() then blocks
// for ever. The count is a protected member; this group gives the one back when run() throws.
class SpawnGroup : public tbb::task_group {
 public:
  template <class F>
  void run_or_undo(F&& f) {
    try {
      run(std::forward<F>(f));
    } catch (...) {
      if constexpr (requires(SpawnGroup & group) { group.m_wait_ctx.release(); }) {
        m_wait_ctx.release();
      }
      throw;
    }
  }
};

class ParallelRun {
 public:
  ParallelRun(const core::Graph& graph, const detail::Watchers& watchers, std::int64_t memory_limit)
      : _graph(graph),
        _watchers(watchers),
        _results(graph),
        _pending(new std::atomic<std::uint32_t>[graph.size()]) {
    if (memory_limit > 0) _budget.emplace(graph, memory_limit);
    for (core::TaskId t = 0; t < graph.size(); ++t) {
      _pending[t].store(static_cast<std::uint32_t>(graph.dependencies(t).size()),
                        std::memory_order_relaxed);
    }
  }

  std::vector<core::Buffer> run(int num_threads, std::stop_token stop) {
    {
      // On a stop request, from whichever thread makes it: end as a failure does. The error is
      // made here, since a callback must not throw.
      auto cancelled = std::make_exception_ptr(Cancelled());
      std::stop_callback on_stop(stop, [this, &cancelled] { fail(cancelled); });
      detail::arena_for(num_threads).execute([&] {
        try {
          start_sources();
        } catch (...) {  // the list of sources could not be made: nothing was spawned
          fail(std::current_exception());
        }
        _group.wait();
      });
    }
    if (_error) std::rethrow_exception(_error);
    return _results.take_outputs();
  }

 private:
  void start_sources() {
    for (core::TaskId t = 0; t < _graph.size(); ++t) {
      if (_graph.dependencies(t).empty()) _sources.push_back(t);
    }
    if (_budget) {
      std::vector<core::TaskId> ready;
      _budget->offer(_sources, ready);
      _sources = std::move(ready);
    }
    if (!_sources.empty()) spawn_sources(0, _sources.size());
  }

  // Sources [begin, end) of _sources: halves are handed out as they are needed, so that a
  // graph of millions of sources never has millions of queued oneTBB tasks at once.
  void spawn_sources(std::size_t begin, std::size_t end) {
    spawn_function([this, begin, end] { run_sources(begin, end); });
  }

  void run_sources(std::size_t begin, std::size_t end) {
    while (end - begin > 1) {
      const auto middle = begin + (end - begin) / 2;
      spawn_sources(middle, end);
      end = middle;
    }
    execute(_sources[begin]);
  }

  void spawn(core::TaskId task) {
    spawn_function([this, task] { execute(task); });
  }

  // A spawn that cannot allocate ends the compute as a failing task does.
  template <class F>
  void spawn_function(F&& f) {
    try {
      _group.run_or_undo(std::forward<F>(f));
    } catch (...) {
      fail(std::current_exception());
    }
  }

  void execute(core::TaskId task) {
    if (_budget) return execute_within_budget(task);
    while (true) {
      if (!run_one(task)) return;
      core::TaskId next = 0;
      bool have_next = false;
      for (auto user : _graph.dependents(task)) {
        if (_pending[user].fetch_sub(1, std::memory_order_acq_rel) != 1) continue;
        if (!have_next) {
          next = user;
          have_next = true;
        } else {
          spawn(user);
        }
      }
      if (!have_next) return;
      task = next;
    }
  }

  // The same walk, with each ready task passing through the budget, which may park it.
  void execute_within_budget(core::TaskId task) {
    std::vector<core::TaskId> woken;
    std::vector<core::TaskId> ready;
    while (true) {
      std::int64_t freed = 0;
      if (!run_one(task, &freed)) return;
      woken.clear();
      for (auto user : _graph.dependents(task)) {
        if (_pending[user].fetch_sub(1, std::memory_order_acq_rel) == 1) woken.push_back(user);
      }
      ready.clear();
      const auto output = static_cast<std::int64_t>(_results.result(task).bytes());
      _budget->finished(task, output, freed, woken, ready);
      if (ready.empty()) return;
      for (std::size_t i = 1; i < ready.size(); ++i) spawn(ready[i]);
      task = ready.front();
    }
  }

  // Runs one task and releases its inputs; false when the compute has failed or was stopped.
  bool run_one(core::TaskId task, std::int64_t* freed = nullptr) {
    if (_failed.load(std::memory_order_relaxed)) return false;
    try {
      _results.run(task, _watchers, tbb::this_task_arena::current_thread_index());
      const auto bytes = _results.release_inputs(task);
      if (freed != nullptr) *freed = bytes;
    } catch (...) {
      fail(std::current_exception());
      return false;
    }
    return true;
  }

  void fail(std::exception_ptr error) {
    std::lock_guard lock(_error_mutex);
    if (!_error) _error = error;
    _failed.store(true, std::memory_order_relaxed);
    _group.cancel();  // drop queued tasks so the compute ends promptly
  }

  const core::Graph& _graph;
  const detail::Watchers& _watchers;
  detail::Results _results;
  std::unique_ptr<std::atomic<std::uint32_t>[]> _pending;
  std::optional<detail::MemoryBudget> _budget;
  std::vector<core::TaskId> _sources;
  SpawnGroup _group;
  std::atomic<bool> _failed{false};
  std::mutex _error_mutex;
  std::exception_ptr _error;
};

}  // namespace

std::vector<core::Buffer> run_threads(const core::Graph& graph, int num_threads) {
  if (num_threads < 0 || num_threads > kMaxThreads) {
    throw std::invalid_argument("run_threads: num_threads = " + std::to_string(num_threads) +
                                " must be in [0, " + std::to_string(kMaxThreads) +
                                "] (0 means every core)");
  }
  return detail::run_threads(graph, thread_count(num_threads), detail::Watchers(), {}, 0);
}

std::vector<core::Buffer> detail::run_threads(const core::Graph& graph, int threads,
                                              const Watchers& watchers, std::stop_token stop,
                                              std::int64_t memory_limit) {
  if (stop.stop_requested()) throw Cancelled();
  if (graph.size() == 0) return {};
  return ParallelRun(graph, watchers, memory_limit).run(threads, std::move(stop));
}

}  // namespace dagarray::scheduler
