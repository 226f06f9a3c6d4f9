#pragma once
// The open connections of one server, HTTP and WebSocket alike, so that stop() can close them.
// Connections are added from any connection's strand (an HTTP session that turns into a
// WebSocket one adds the new session), hence the mutex rather than the acceptor's strand.

#include <memory>
#include <mutex>
#include <vector>

namespace dagarray::server {

/// @brief Something stop() must close.
class Connection {
 public:
  virtual ~Connection() = default;
  /// @brief Closes the connection, whatever it is doing; safe from any thread.
  virtual void close() = 0;
};

class Connections {
 public:
  /// @brief Lists `connection` (weakly: it lives as long as its operations hold it). false once
  /// close_all() has run: then the caller must not start it, since nothing would close it.
  bool add(const std::shared_ptr<Connection>& connection);

  /// @brief Closes every connection listed, and every one added later is refused.
  void close_all();

 private:
  std::mutex _mutex;
  bool _closed = false;
  std::vector<std::weak_ptr<Connection>> _connections;
};

}  // namespace dagarray::server
