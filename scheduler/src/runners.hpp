#pragma once
// The two schedulers with their observers, as run() calls them.

#include <dagarray/core/graph.hpp>

#include <vector>

#include "watchers.hpp"

namespace dagarray::scheduler::detail {

std::vector<core::Buffer> run_sync(const core::Graph& graph, const Watchers& watchers);

/// @brief `threads` >= 1.
std::vector<core::Buffer> run_threads(const core::Graph& graph, int threads,
                                      const Watchers& watchers);

}  // namespace dagarray::scheduler::detail
