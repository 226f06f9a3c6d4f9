// The parallel scheduler, on oneTBB: each task waits on an atomic count of unfinished
// dependencies; the task that brings a count to zero continues with that task itself (depth
// first, which keeps chunks hot in cache and memory low) and hands any others to the
// work-stealing pool.

#include <dagarray/scheduler/scheduler.hpp>

#include <oneapi/tbb/info.h>
#include <oneapi/tbb/task_arena.h>
#include <oneapi/tbb/task_group.h>

#include <atomic>
#include <exception>
#include <memory>
#include <mutex>

#include "results.hpp"
#include "runners.hpp"

namespace dagarray::scheduler {

namespace {

class ParallelRun {
 public:
  ParallelRun(const core::Graph& graph, const detail::Watchers& watchers)
      : _graph(graph),
        _watchers(watchers),
        _results(graph),
        _pending(new std::atomic<std::uint32_t>[graph.size()]) {
    for (core::TaskId t = 0; t < graph.size(); ++t) {
      _pending[t].store(static_cast<std::uint32_t>(graph.dependencies(t).size()),
                        std::memory_order_relaxed);
    }
  }

  std::vector<core::Buffer> run(int num_threads) {
    tbb::task_arena arena(num_threads);
    arena.execute([&] {
      for (core::TaskId t = 0; t < _graph.size(); ++t) {
        if (_graph.dependencies(t).empty()) _group.run([this, t] { execute(t); });
      }
      _group.wait();
    });
    if (_error) std::rethrow_exception(_error);
    return _results.take_outputs();
  }

 private:
  void execute(core::TaskId task) {
    while (true) {
      if (_failed.load(std::memory_order_relaxed)) return;
      try {
        _results.run(task, _watchers, tbb::this_task_arena::current_thread_index());
      } catch (...) {
        fail(std::current_exception());
        return;
      }
      _results.release_inputs(task);
      core::TaskId next = 0;
      bool have_next = false;
      for (auto user : _graph.dependents(task)) {
        if (_pending[user].fetch_sub(1, std::memory_order_acq_rel) != 1) continue;
        if (!have_next) {
          next = user;
          have_next = true;
        } else {
          _group.run([this, user] { execute(user); });
        }
      }
      if (!have_next) return;
      task = next;
    }
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
  tbb::task_group _group;
  std::atomic<bool> _failed{false};
  std::mutex _error_mutex;
  std::exception_ptr _error;
};

}  // namespace

std::vector<core::Buffer> run_threads(const core::Graph& graph, int num_threads) {
  if (num_threads < 0) {
    throw std::invalid_argument("run_threads: num_threads = " + std::to_string(num_threads) +
                                " must be >= 0 (0 means every core)");
  }
  const int threads = num_threads == 0 ? tbb::info::default_concurrency() : num_threads;
  return detail::run_threads(graph, threads, detail::Watchers());
}

std::vector<core::Buffer> detail::run_threads(const core::Graph& graph, int threads,
                                              const Watchers& watchers) {
  if (graph.size() == 0) return {};
  return ParallelRun(graph, watchers).run(threads);
}

}  // namespace dagarray::scheduler
