#include "session.hpp"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/websocket/rfc6455.hpp>

#include <algorithm>
#include <chrono>
#include <utility>
#include <variant>

#include "websocket_session.hpp"

namespace dagarray::server {

namespace net = boost::asio;
namespace beast = boost::beast;
using tcp = net::ip::tcp;

namespace {

// How long, and how much, to keep reading what a client still sends after the last reply.
constexpr std::chrono::milliseconds kLingerTime{2'000};
constexpr std::size_t kLingerBytes = 64 * 1024;
constexpr std::size_t kDrainChunk = 4 * 1024;
constexpr std::size_t kMaxTargetBytes = 2 * 1024;

}  // namespace

Session::Session(tcp::socket socket, const SessionContext& context)
    : _stream(std::move(socket)), _context(context) {}

void Session::start() {
  net::dispatch(_stream.get_executor(), [self = shared_from_this()] { self->read_request(); });
}

void Session::close() {
  net::post(_stream.get_executor(), [self = shared_from_this()] {
    beast::error_code ignored;
    self->_stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
    // Cancels the pending operation; its handler sees the error and starts no other.
    self->_stream.close();
  });
}

void Session::read_request() {
  _parser.emplace();
  _parser->header_limit(_context.options.max_header_bytes);
  // No route takes a body, so one is refused (413) at its header rather than read.
  _parser->body_limit(0);
  // Bounds how long a silent or slow client may hold this connection.
  _stream.expires_after(_context.options.timeout);
  http::async_read(_stream, _buffer, *_parser,
                   beast::bind_front_handler(&Session::on_read, shared_from_this()));
}

void Session::on_read(beast::error_code error, std::size_t /*bytes*/) {
  if (!error) return answer(_parser->get());
  if (const auto status = status_for_read_error(error)) return write(error_reply(*status));
  // Closed by the client, by stop() or by the timeout: the socket closes as the session ends.
}

void Session::answer(const HttpRequest& request) {
  // RFC 9112 §6.3: a Transfer-Encoding that does not end in chunked leaves a request without a
  // length, so its body cannot be told from a next request (one smuggled in it): refuse it,
  // and close.
  if (request.find(http::field::transfer_encoding) != request.end() && !_parser->chunked()) {
    return write(error_reply(http::status::bad_request));
  }
  // No route has a long target; a longer one is a probe or a mistake. (A request line past
  // the whole header limit is refused by the parser, with 431.)
  if (request.target().size() > kMaxTargetBytes)
    return write(error_reply(http::status::uri_too_long));
  // Before anything else: a page that rebound a name of its own to us learns nothing here.
  if (!_context.hosts.allows(request)) return write(foreign_host_reply(request));
  if (!beast::websocket::is_upgrade(request)) return write(reply_to(_context.routes, request));
  auto decision = answer_upgrade(_context.routes, request);
  if (auto* refusal = std::get_if<Reply>(&decision)) return write(std::move(*refusal));
  upgrade(*std::get<const WebSocketOpen*>(decision));
}

// The WebSocket session takes the socket; this one ends with this handler. A request that
// arrived behind the upgrade would be lost, but a client sends none before the handshake.
void Session::upgrade(const WebSocketOpen& on_open) {
  auto websocket =
      std::make_shared<WebSocketSession>(_stream.release_socket(), _context.options, on_open);
  // Refused once stop() has run, which then could not close it: it closes as it goes.
  if (_context.connections.add(websocket)) websocket->start(_parser->release());
}

void Session::write(Reply reply) {
  _reply = std::move(reply);
  _stream.expires_after(_context.options.timeout);
  http::async_write(_stream, _reply.message,
                    beast::bind_front_handler(&Session::on_write, shared_from_this()));
}

void Session::on_write(beast::error_code error, std::size_t /*bytes*/) {
  if (error) return;
  if (_reply.message.keep_alive()) return read_request();
  finish();
}

// Closing a socket that still holds unread bytes makes the kernel reset the connection, and a
// reset can discard the reply before the client reads it; after an error reply part of the
// request usually is unread. So: end our side, read and drop what still comes for a while
// (up to the client's end of stream), then close.
void Session::finish() {
  beast::error_code error;
  _stream.socket().shutdown(tcp::socket::shutdown_send, error);
  if (error) return;
  _stream.expires_after(std::min<std::chrono::milliseconds>(_context.options.timeout, kLingerTime));
  drain();
}

void Session::drain() {
  _stream.async_read_some(_buffer.prepare(kDrainChunk),
                          [self = shared_from_this()](beast::error_code error, std::size_t bytes) {
                            self->_drained += bytes;
                            if (!error && self->_drained < kLingerBytes) self->drain();
                          });
}

}  // namespace dagarray::server
