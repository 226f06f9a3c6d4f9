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

Message hello_message();
/// @brief `graph` is the dagarray-graph JSON of the graph being run.
Message compute_message(int compute, nlohmann::json graph, int workers, std::string_view scheduler);
Message update_message(int compute, double time, nlohmann::json tasks, nlohmann::json memory,
                       nlohmann::json counts);
Message failed_message(int compute, std::size_t task, std::string_view key,
                       std::string_view message);
Message end_message(int compute, double time, std::string_view error);

}  // namespace dagarray::dashboard
