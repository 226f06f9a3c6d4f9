#pragma once
// The dashboard's messages to the page (protocol 1, docs/diagnostics.md): JSON text, one
// shared copy per message whatever the number of pages.

#include <nlohmann/json.hpp>

#include <memory>
#include <string>
#include <string_view>

namespace dagarray::dashboard {

using Message = std::shared_ptr<const std::string>;

inline constexpr int kProtocol = 1;

/// @brief What a page is told of a compute: each task (its graph whole, a state per task), or
/// for a graph of more tasks than DashboardOptions::max_graph_tasks its layers only, with
/// counts per layer. A page can hold and draw 100,000 tasks; 4 million would cost it (and the
/// queue of every page) gigabytes.
enum class Detail { tasks, layers };

std::string_view detail_name(Detail detail);

Message hello_message();

struct ComputeShown {
  int compute;
  Detail detail;
  nlohmann::json graph;        ///< dagarray-graph JSON: whole, or layers only
  nlohmann::json layer_tasks;  ///< tasks per layer in this graph (culling may leave fewer)
  std::size_t task_count;
  int workers;
  std::string_view scheduler;
};
Message compute_message(ComputeShown shown);
/// @brief `changes`: task entries, or layer entries when `detail` is layers.
Message update_message(int compute, double time, Detail detail, nlohmann::json changes,
                       nlohmann::json memory, nlohmann::json counts);
Message failed_message(int compute, std::size_t task, std::string_view key,
                       std::string_view message);
Message end_message(int compute, double time, std::string_view error);

}  // namespace dagarray::dashboard
