#pragma once
// The task graph as data: the documented "dagarray-graph" JSON format (docs/graph-format.md,
// schema in docs/graph.schema.json), for viewers and other tools. A format of its own, apart
// from any scheduler, as Dask's graph spec is.

#include <dagarray/core/graph.hpp>
#include <dagarray/core/graph_profile.hpp>

#include <nlohmann/json.hpp>

#include <string>

namespace dagarray::core {

/// @brief Name and version written into every export; the version changes whenever a reader
/// would have to change.
inline constexpr const char* kGraphFormat = "dagarray-graph";
inline constexpr int kGraphFormatVersion = 2;
/// @brief The oldest version a reader of this version also reads: 2 only added optional
/// members (a profile and per-task timings).
inline constexpr int kGraphFormatOldestReadable = 1;

/// @brief The graph in the dagarray-graph format: its layers, its tasks (both in topological
/// order) and its output keys. `optimized` records which graph this is. Objects hold their
/// keys sorted, so the same graph always gives the same bytes. With `profile`, the compute's
/// "profile" and each timed task's "timing" are added (tasks it does not name get none).
nlohmann::json graph_to_json(const Graph& graph, bool optimized,
                             const GraphProfile* profile = nullptr);

/// @brief The same document with its layers only, `tasks` and `outputs` empty: a graph too
/// large to send or draw task by task (the dashboard's past its limit) still shows its shape.
nlohmann::json graph_layers_to_json(const Graph& graph, bool optimized);

/// @brief JSON text meant for people as well as programs: objects one member per line,
/// indented, while arrays without objects inside (shapes, chunks, dependency keys) stay on one
/// line. nlohmann's own indented dump puts every number of every shape on a line of its own.
std::string graph_json_text(const nlohmann::json& graph);

}  // namespace dagarray::core
