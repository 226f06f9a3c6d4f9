#include <dagarray/scheduler/owner_map.hpp>

#include <algorithm>
#include <stdexcept>
#include <string>
#include <utility>

namespace dagarray::scheduler {

namespace {

int contiguous_rank(const core::Graph& graph, core::TaskId task, int ranks) {
  const auto blocks = graph.layer(task).num_blocks();
  return static_cast<int>(graph.block(task) * ranks / blocks);
}

}  // namespace

std::int64_t task_bytes(const core::Graph& graph, core::TaskId task) {
  const auto& layer = graph.layer(task);
  return core::shape_size(layer.block_shape(graph.block(task))) *
         static_cast<std::int64_t>(core::dtype_size(layer.dtype()));
}

std::vector<int> assign_owners(const core::Graph& graph, int ranks) {
  if (ranks < 1) {
    throw std::invalid_argument("assign_owners: ranks = " + std::to_string(ranks) +
                                " must be >= 1");
  }
  std::vector<int> owners(graph.size(), 0);
  if (ranks == 1) return owners;
  // (rank, bytes) of one task's inputs; a task reads a few blocks, so a short vector beats a map.
  std::vector<std::pair<int, std::int64_t>> held;
  for (core::TaskId t = 0; t < graph.size(); ++t) {
    const int home = contiguous_rank(graph, t, ranks);
    const auto deps = graph.dependencies(t);
    if (deps.empty()) {
      owners[t] = home;
      continue;
    }
    held.clear();
    for (auto dep : deps) {
      const int rank = owners[dep];  // topological order: every dependency is placed already
      const auto bytes = task_bytes(graph, dep);
      auto it = std::find_if(held.begin(), held.end(), [&](auto& h) { return h.first == rank; });
      if (it == held.end()) {
        held.emplace_back(rank, bytes);
      } else {
        it->second += bytes;
      }
    }
    std::int64_t most = -1;
    for (const auto& [rank, bytes] : held) most = std::max(most, bytes);
    int chosen = ranks;
    for (const auto& [rank, bytes] : held) {
      if (bytes != most) continue;
      if (rank == home) {
        chosen = home;
        break;
      }
      chosen = std::min(chosen, rank);
    }
    owners[t] = chosen;
  }
  return owners;
}

OwnerStats owner_stats(const core::Graph& graph, const std::vector<int>& owners, int ranks) {
  if (owners.size() != graph.size()) {
    throw std::invalid_argument("owner_stats: owners.size() = " + std::to_string(owners.size()) +
                                " must equal the graph's " + std::to_string(graph.size()) +
                                " tasks");
  }
  OwnerStats stats;
  stats.tasks_per_rank.assign(static_cast<std::size_t>(std::max(ranks, 0)), 0);
  for (core::TaskId t = 0; t < graph.size(); ++t) {
    if (owners[t] < 0 || owners[t] >= ranks) {
      throw std::invalid_argument("owner_stats: owners[" + std::to_string(t) +
                                  "] = " + std::to_string(owners[t]) + " is not a rank below " +
                                  std::to_string(ranks));
    }
    ++stats.tasks_per_rank[static_cast<std::size_t>(owners[t])];
  }
  std::vector<int> sent_to;
  for (core::TaskId t = 0; t < graph.size(); ++t) {
    sent_to.clear();
    for (auto user : graph.dependents(t)) {
      if (owners[user] == owners[t]) continue;
      ++stats.cross_rank_edges;
      if (std::find(sent_to.begin(), sent_to.end(), owners[user]) != sent_to.end()) continue;
      sent_to.push_back(owners[user]);
      ++stats.messages;
      stats.message_bytes += task_bytes(graph, t);
    }
  }
  return stats;
}

std::vector<int> output_tree_children(int rank, int root, int ranks) {
  if (ranks < 1) {
    throw std::invalid_argument("output_tree_children: ranks = " + std::to_string(ranks));
  }
  if (rank < 0 || rank >= ranks) {
    throw std::invalid_argument("output_tree_children: rank = " + std::to_string(rank) + " of " +
                                std::to_string(ranks));
  }
  if (root < 0 || root >= ranks) {
    throw std::invalid_argument("output_tree_children: root = " + std::to_string(root) + " of " +
                                std::to_string(ranks));
  }
  const int relative = (rank - root + ranks) % ranks;
  std::vector<int> children;
  for (int step = 1; step < ranks; step *= 2) {
    if (step <= relative) continue;
    if (relative + step >= ranks) break;
    children.push_back((relative + step + root) % ranks);
  }
  return children;
}

}  // namespace dagarray::scheduler
