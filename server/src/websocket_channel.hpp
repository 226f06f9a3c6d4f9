#pragma once
// What a route's code holds of one WebSocket client: the messages waiting to be sent and
// whether the connection is open, shared between any thread that sends and the session that
// writes. It holds nothing of the server's io_context (no socket, no executor) and refers to the
// session only weakly, so it may outlive both: once closed, every call is a no-op.

#include <dagarray/server/websocket.hpp>

#include <cstddef>
#include <deque>
#include <memory>
#include <mutex>
#include <string>

namespace dagarray::server {

class WebSocketSession;

class WebSocketChannel final : public WebSocketClient {
 public:
  /// @brief For `session`; `max_queue_bytes` as in ServerOptions::max_websocket_queue_bytes.
  WebSocketChannel(std::weak_ptr<WebSocketSession> session, std::size_t max_queue_bytes);

  void send(std::shared_ptr<const std::string> text) override;
  bool is_open() const override;
  bool fell_behind() const override;
  void close() override;

  // The session's side, on its strand.

  /// @brief After the handshake: sending begins. false when close() came first.
  bool open();
  /// @brief The next message to write, or nullptr when there is none (or the channel is
  /// closed): then the next send() posts a write again.
  std::shared_ptr<const std::string> next_to_write();
  /// @brief A message of `bytes` from next_to_write() has left.
  void written(std::size_t bytes);
  /// @brief The connection has ended (or its session is going): drops what still waits.
  void ended();

 private:
  enum class State { handshake, open, closed };

  /// @brief Runs `step` of the session on its strand. Call with _mutex held, and only when the
  /// channel was not closed when the lock was taken.
  void post(void (WebSocketSession::*step)());

  const std::weak_ptr<WebSocketSession> _session;
  const std::size_t _max_queue_bytes;
  mutable std::mutex _mutex;
  State _state = State::handshake;
  std::deque<std::shared_ptr<const std::string>> _queue;
  std::size_t _queued_bytes = 0;  // those in _queue and the one being written
  bool _writing = false;          // a write is posted or under way: send() need not post one
  bool _fell_behind = false;
};

}  // namespace dagarray::server
