#include "websocket_channel.hpp"

#include <boost/asio/post.hpp>

#include <utility>

#include "websocket_session.hpp"

namespace dagarray::server {

WebSocketChannel::WebSocketChannel(std::weak_ptr<WebSocketSession> session,
                                   std::size_t max_queue_bytes)
    : _session(std::move(session)), _max_queue_bytes(max_queue_bytes) {}

void WebSocketChannel::send(std::shared_ptr<const std::string> text) {
  if (!text) return;
  const std::lock_guard lock(_mutex);
  if (_state != State::open) return;
  if (_queued_bytes + text->size() > _max_queue_bytes) {
    // The client reads slower than we send: cut it off rather than buffer without bound. What
    // waits is dropped, so the close frame that says why goes right after the message being
    // written; a client that reads nothing at all is torn down when the close times out.
    _state = State::closed;
    _fell_behind = true;
    _queue.clear();
    return post(&WebSocketSession::close_fallen_behind);
  }
  _queued_bytes += text->size();
  _queue.push_back(std::move(text));
  if (!_writing) {
    _writing = true;
    post(&WebSocketSession::write_next);
  }
}

bool WebSocketChannel::is_open() const {
  const std::lock_guard lock(_mutex);
  return _state == State::open;
}

bool WebSocketChannel::fell_behind() const {
  const std::lock_guard lock(_mutex);
  return _fell_behind;
}

void WebSocketChannel::close() {
  const std::lock_guard lock(_mutex);
  if (_state == State::closed) return;
  _state = State::closed;
  post(&WebSocketSession::close_gracefully);
}

bool WebSocketChannel::open() {
  const std::lock_guard lock(_mutex);
  if (_state != State::handshake) return false;
  _state = State::open;
  return true;
}

std::shared_ptr<const std::string> WebSocketChannel::next_to_write() {
  const std::lock_guard lock(_mutex);
  if (_state != State::open) _queue.clear();
  if (_queue.empty()) {
    _writing = false;
    return nullptr;
  }
  auto next = std::move(_queue.front());
  _queue.pop_front();
  return next;
}

void WebSocketChannel::written(std::size_t bytes) {
  const std::lock_guard lock(_mutex);
  _queued_bytes -= bytes;
}

void WebSocketChannel::ended() {
  const std::lock_guard lock(_mutex);
  _state = State::closed;
  _queue.clear();
}

// Until the channel is closed, an operation of the session (the handshake, then the read
// loop) holds the session, and that operation's handler closes the channel, under _mutex,
// before letting go. So while _mutex is held on an unclosed channel, the session and the
// io_context are alive, and the reference taken here is never the last one: the session is
// never destroyed on a sender's thread, perhaps after its server. Once closed, nothing posts.
void WebSocketChannel::post(void (WebSocketSession::*step)()) {
  const auto session = _session.lock();
  if (!session) return;
  boost::asio::post(session->executor(), [weak = _session, step] {
    if (const auto alive = weak.lock()) ((*alive).*step)();
  });
}

}  // namespace dagarray::server
