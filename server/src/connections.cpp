#include "connections.hpp"

#include <utility>

namespace dagarray::server {

bool Connections::add(const std::shared_ptr<Connection>& connection) {
  const std::lock_guard lock(_mutex);
  if (_closed) return false;
  std::erase_if(_connections, [](const auto& weak) { return weak.expired(); });
  _connections.push_back(connection);
  return true;
}

void Connections::close_all() {
  std::vector<std::weak_ptr<Connection>> closing;
  {
    const std::lock_guard lock(_mutex);
    _closed = true;
    closing = std::move(_connections);
    _connections.clear();
  }
  // Outside the lock: close() may end up in code that adds a connection (and is refused).
  for (const auto& weak : closing) {
    if (const auto connection = weak.lock()) connection->close();
  }
}

}  // namespace dagarray::server
