#include "arenas.hpp"

#include <map>
#include <memory>
#include <mutex>
#include <utility>

namespace dagarray::scheduler::detail {

// An arena made and destroyed per compute leaves memory behind in oneTBB 2021.8 and is slow to
// make (RSS grew by 670 MB over 100,000 small computes, at 5 ms each; docs/reliability.md).
// Leaked on purpose, so that no compute can outlive its arena at exit.
tbb::task_arena& arena_for(int threads, int reserved_for_caller) {
  static std::mutex mutex;
  static auto* arenas = new std::map<std::pair<int, int>, std::unique_ptr<tbb::task_arena>>();
  std::lock_guard lock(mutex);
  auto& arena = (*arenas)[{threads, reserved_for_caller}];
  if (!arena) {
    arena = std::make_unique<tbb::task_arena>(threads, static_cast<unsigned>(reserved_for_caller));
  }
  return *arena;
}

}  // namespace dagarray::scheduler::detail
