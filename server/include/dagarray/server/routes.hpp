#pragma once
// What the server answers: a table from request paths to in-memory resources, handlers and
// WebSocket endpoints.
// The server reads no files, so no URL, however crafted, can reach the disk.

#include <dagarray/server/websocket.hpp>

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>

namespace dagarray::server {

/// @brief A request as a route sees it. Only GET and HEAD reach a route; the server answers
/// HEAD with the GET response's headers.
struct Request {
  std::string path;   ///< percent-decoded, e.g. "/graph.json"
  std::string query;  ///< as sent, after the '?'; often empty
};

/// @brief What a route answers.
struct Response {
  unsigned status = 200;
  std::string content_type;
  /// Shared so that a fixed resource is sent from one copy however many clients fetch it.
  std::shared_ptr<const std::string> body;
};

/// @brief Computes a response; called on the server's threads, possibly several at once.
using Handler = std::function<Response(const Request&)>;

/// @brief Paths ("/", "/graph.json") and what each answers: a resource, or a WebSocket
/// endpoint. Built before the server starts, read-only while it runs.
/// @code{.cpp}
/// dagarray::server::Routes routes;
/// routes.add("/", "text/html; charset=utf-8", page).add("/graph.json", "application/json", json);
/// routes.add_websocket("/events", on_open);
/// @endcode
class Routes {
 public:
  /// @brief A fixed resource: the same bytes for every request.
  /// @throws std::invalid_argument when `path` does not start with '/' or is already routed.
  Routes& add(std::string path, std::string content_type, std::string body);

  /// @brief A resource computed per request.
  /// @throws std::invalid_argument as above, or when `handler` is empty.
  Routes& add(std::string path, Handler handler);

  /// @brief A WebSocket endpoint at `path` (GET with Upgrade: websocket). Plain GETs of `path`
  /// get 426 Upgrade Required; upgrades of paths routed by add() get 404.
  /// @throws std::invalid_argument like add() (bad path, already routed, empty handler).
  Routes& add_websocket(std::string path, WebSocketOpen on_open);

  /// @brief The handler of exactly `path`, or nullptr.
  const Handler* find(std::string_view path) const;

  /// @brief The WebSocket endpoint of exactly `path`, or nullptr.
  const WebSocketOpen* find_websocket(std::string_view path) const;

 private:
  void check_path(const std::string& path) const;

  std::map<std::string, Handler, std::less<>> _handlers;
  std::map<std::string, WebSocketOpen, std::less<>> _websockets;
};

}  // namespace dagarray::server
