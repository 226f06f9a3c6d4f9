#include <dagarray/server/routes.hpp>

#include <stdexcept>
#include <utility>

namespace dagarray::server {

Routes& Routes::add(std::string path, std::string content_type, std::string body) {
  Response response{.status = 200,
                    .content_type = std::move(content_type),
                    .body = std::make_shared<const std::string>(std::move(body))};
  return add(std::move(path),
             [response = std::move(response)](const Request&) { return response; });
}

Routes& Routes::add(std::string path, Handler handler) {
  check_path(path);
  if (!handler) throw std::invalid_argument("route " + path + " has no handler");
  _handlers.emplace(std::move(path), std::move(handler));
  return *this;
}

Routes& Routes::add_websocket(std::string path, WebSocketOpen on_open) {
  check_path(path);
  if (!on_open) throw std::invalid_argument("WebSocket route " + path + " has no handler");
  _websockets.emplace(std::move(path), std::move(on_open));
  return *this;
}

const Handler* Routes::find(std::string_view path) const {
  const auto found = _handlers.find(path);
  return found == _handlers.end() ? nullptr : &found->second;
}

const WebSocketOpen* Routes::find_websocket(std::string_view path) const {
  const auto found = _websockets.find(path);
  return found == _websockets.end() ? nullptr : &found->second;
}

// One path, one meaning: a resource and a WebSocket may not share a path.
void Routes::check_path(const std::string& path) const {
  if (path.empty() || path.front() != '/') {
    throw std::invalid_argument("route path \"" + path + "\" does not start with '/'");
  }
  if (_handlers.contains(path) || _websockets.contains(path)) {
    throw std::invalid_argument("route " + path + " is already taken");
  }
}

}  // namespace dagarray::server
