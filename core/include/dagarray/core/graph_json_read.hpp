#pragma once
// Reading a dagarray-graph document back, as `dagarray serve` does before it shows one: the
// JSON parsed, and every member the format requires checked for presence and type, every key
// and layer name a task or layer names checked to exist earlier in the file (which also rules
// out cycles and self-loops), so that a viewer never meets a graph it cannot draw.

#include <nlohmann/json.hpp>

#include <string_view>

namespace dagarray::core {

/// @brief The parsed graph, when `text` is a dagarray-graph document of a version this build
/// reads (kGraphFormatOldestReadable to kGraphFormatVersion) that holds together.
/// @throws std::invalid_argument naming what is wrong and where: "tasks[3].dependencies[0]:
/// ('sum-…', 9) is not the key of an earlier task".
nlohmann::json read_graph_json(std::string_view text);

}  // namespace dagarray::core
