#pragma once
// How a kernel runs: a lazy block runs its kernel on one thread (the scheduler already runs
// blocks in parallel); an eager operation splits the same kernel over all cores.

#include <dagarray/scheduler/parallel_for.hpp>

#include <cstdint>

namespace dagarray::detail {

enum class Execution { sequential, parallel };

/// @brief f(begin, end) over [0, n): whole, or cut into pieces run in parallel.
template <class F>
void for_ranges(Execution execution, std::int64_t n, const F& f,
                std::int64_t grain = scheduler::kParallelGrain) {
  if (execution == Execution::parallel) {
    scheduler::parallel_for(n, f, grain);
  } else {
    f(std::int64_t{0}, n);
  }
}

}  // namespace dagarray::detail
