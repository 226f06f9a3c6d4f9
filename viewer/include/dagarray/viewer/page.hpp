#pragma once
// The browser graph viewer: one HTML page (script and style inline) that draws a task graph in
// the dagarray-graph JSON format; and the live dashboard, one page that follows a compute over
// a WebSocket. Built from viewer/web/ by esbuild when Node.js is present, and embedded here so
// that `dagarray graph --format html`, `dagarray serve` and the dashboard need no files.

#include <string>
#include <string_view>

namespace dagarray::viewer {

/// @brief true when this build bundled the viewer (Node.js and npm were found at configure time).
bool available();

/// @brief Why the viewer is missing (empty when available()), for error messages.
std::string_view unavailable_reason();

/// @brief The viewer page that fetches "graph.json" (a relative URL): what the server sends at
/// "/". When !available(), a small plain HTML page saying the viewer was not built and why.
std::string_view served_page();

/// @brief The live dashboard page: what a dashboard server sends at "/". It connects to the
/// WebSocket "events" next to its own URL (page http://host:port/ -> ws://host:port/events),
/// and shows the compute the messages describe as it runs. When !available(), a small plain
/// HTML page saying the dashboard was not built and why.
/// @code{.cpp}
/// routes.add("/", "text/html; charset=utf-8", std::string(dagarray::viewer::dashboard_page()));
/// @endcode
std::string_view dashboard_page();

/// @brief One self-contained page with `graph_json` embedded, which opens from disk with no
/// network. Every '<' of the JSON is written as \u003c, so the JSON cannot close its <script>.
/// @throws std::runtime_error with unavailable_reason() when !available().
/// @code{.cpp}
/// std::ofstream("graph.html") << dagarray::viewer::standalone_page(json.dump());
/// @endcode
std::string standalone_page(std::string_view graph_json);

}  // namespace dagarray::viewer
