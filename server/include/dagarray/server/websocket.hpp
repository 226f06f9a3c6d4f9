#pragma once
// WebSocket endpoints of the embedded server: a stream of text messages from the server to
// each connected page (a live dashboard, say). What a client sends is read and dropped, so
// that its close frames, pings and disconnects are noticed; the server sends nothing it did
// not receive through send().
//
// Who may connect: a page of another site must not (cross-site WebSocket hijacking), since a
// browser lets any page open a WebSocket to any address, 127.0.0.1 too, and sends along its
// own Origin. So an upgrade whose Origin header is present and is not exactly
// "http://" + the request's Host header is refused with 403. Programs other than browsers send
// no Origin and are let in. The Host rules of every request (HttpServer) apply as well.

#include <functional>
#include <memory>
#include <string>

namespace dagarray::server {

/// @brief One connected WebSocket client, to which the server sends text messages.
/// @code{.cpp}
/// routes.add_websocket("/events", [&hub](const std::shared_ptr<WebSocketClient>& client) {
///   client->send(std::make_shared<const std::string>("{\"hello\": 1}"));
///   hub.add(client);  // and later, from any thread: client->send(...)
/// });
/// @endcode
class WebSocketClient {
 public:
  virtual ~WebSocketClient() = default;

  /// @brief Queues a text message; safe from any thread, at any time (also after close: then a
  /// no-op). Messages arrive in the order sent. A client that falls behind (queued bytes >
  /// ServerOptions::max_websocket_queue_bytes) is disconnected rather than let memory grow:
  /// what waits is dropped and, after the message being written, it is sent a close frame
  /// 1013 (try again later) whose reason says so. Shared so that one message goes to many
  /// clients from one copy.
  virtual void send(std::shared_ptr<const std::string> text) = 0;

  /// @brief false once the connection is closed (by either side, by stop(), or for falling
  /// behind).
  virtual bool is_open() const = 0;

  /// @brief true once the client was disconnected for falling behind, so that the route can
  /// say so where its users look.
  virtual bool fell_behind() const = 0;

  /// @brief Closes the connection (close frame "going away" when possible); safe from any
  /// thread.
  virtual void close() = 0;
};

/// @brief Called once per client, on a server thread, right after the handshake; may call
/// send() at once. Keep the pointer to send later; an exception thrown here closes the client.
using WebSocketOpen = std::function<void(const std::shared_ptr<WebSocketClient>&)>;

}  // namespace dagarray::server
