#pragma once
// The oneTBB arenas computes run in: one per thread count and number of slots kept for the
// calling thread, made on first use and kept for the life of the process.

#include <oneapi/tbb/task_arena.h>

namespace dagarray::scheduler::detail {

/// @brief The arena of `threads` slots, `reserved_for_caller` of them kept for the thread that
/// calls execute() (1 for the threads scheduler; 0 for an MPI rank, whose calling thread drives
/// MPI instead). Thread-safe.
tbb::task_arena& arena_for(int threads, int reserved_for_caller = 1);

}  // namespace dagarray::scheduler::detail
