#include "websocket_session.hpp"

#include <boost/asio/post.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <boost/beast/http/field.hpp>

#include <algorithm>
#include <chrono>
#include <string>
#include <utility>

namespace dagarray::server {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using tcp = net::ip::tcp;

namespace {

// Clients only ever say goodbye; a page that sends more is misbehaving, and is closed (1009)
// rather than buffered.
constexpr std::size_t kIncomingMessageBytes = 4 * 1024;
// How long a closing client may take to answer the close frame before its socket is closed:
// short, so that stop() returns promptly even when a client does not answer.
constexpr std::chrono::milliseconds kCloseGrace{2'000};

}  // namespace

WebSocketSession::WebSocketSession(tcp::socket socket, const ServerOptions& options,
                                   const WebSocketOpen& on_open)
    : _ws(std::move(socket)), _grace(_ws.get_executor()), _options(options), _on_open(on_open) {}

WebSocketSession::~WebSocketSession() {
  // Normally closed already, by the handler that ended the connection; this makes sure.
  if (_channel) _channel->ended();
}

void WebSocketSession::start(HttpRequest request) {
  _request = std::move(request);
  _channel =
      std::make_shared<WebSocketChannel>(weak_from_this(), _options.max_websocket_queue_bytes);
  // The handshake is bounded like any HTTP exchange; afterwards an idle client is pinged, and
  // closed only when it stops answering: an open page may go quiet for as long as it likes.
  auto timeouts = websocket::stream_base::timeout::suggested(beast::role_type::server);
  timeouts.handshake_timeout = _options.timeout;
  timeouts.keep_alive_pings = true;
  _ws.set_option(timeouts);
  _ws.set_option(websocket::stream_base::decorator(
      [](websocket::response_type& response) { response.set(http::field::server, "dagarray"); }));
  _ws.read_message_max(kIncomingMessageBytes);
  // Each message in one frame: the peers are browsers on the other end of a socket, not
  // proxies with small buffers.
  _ws.auto_fragment(false);
  _ws.text(true);
  _ws.async_accept(_request,
                   beast::bind_front_handler(&WebSocketSession::on_accept, shared_from_this()));
}

void WebSocketSession::close() {
  // Through the strand: stop() may call this between the session's listing and its start(),
  // which creates the channel; start() runs in that same handler, so before this one.
  net::post(_ws.get_executor(), [self = shared_from_this()] {
    if (self->_channel) self->_channel->close();
  });
}

void WebSocketSession::on_accept(beast::error_code error) {
  _request = {};
  if (error) return _channel->ended();  // refused by Beast (it answered), timed out, or closed
  _handshake_done = true;
  if (!_channel->open()) return;  // close() came first and is posted
  read();
  try {
    _on_open(_channel);
  } catch (...) {
    // One failing route must not take the server down (nor stop run()); this client just goes.
    _channel->close();
  }
}

void WebSocketSession::read() {
  _ws.async_read(_incoming,
                 beast::bind_front_handler(&WebSocketSession::on_read, shared_from_this()));
}

void WebSocketSession::on_read(beast::error_code error, std::size_t /*bytes*/) {
  if (!error) {
    _incoming.clear();  // nothing a client says is acted upon
    return read();
  }
  // The client closed, vanished or misbehaved, or we closed: either way the connection is over.
  _channel->ended();
  tear_down();
}

void WebSocketSession::write_next() {
  _in_flight = _channel->next_to_write();
  if (!_in_flight) return;
  _ws.async_write(net::buffer(*_in_flight),
                  beast::bind_front_handler(&WebSocketSession::on_write, shared_from_this()));
}

void WebSocketSession::on_write(beast::error_code error, std::size_t /*bytes*/) {
  _channel->written(_in_flight->size());
  _in_flight.reset();
  if (error) return tear_down();
  write_next();
}

void WebSocketSession::close_gracefully() {
  close_with(websocket::close_code::going_away);
}

void WebSocketSession::close_fallen_behind() {
  // Browsers show the reason to the page (CloseEvent.reason); at most 123 bytes.
  close_with({websocket::close_code::try_again_later,
              "fell behind: more than " + std::to_string(_options.max_websocket_queue_bytes) +
                  " bytes waiting to be sent"});
}

void WebSocketSession::close_with(const websocket::close_reason& reason) {
  if (_closing) return;
  _closing = true;
  if (!_handshake_done) return tear_down();  // nothing to say a close frame on yet
  // Beast holds the close frame back until a write under way has finished.
  _ws.async_close(reason,
                  [self = shared_from_this()](beast::error_code) { self->_grace.cancel(); });
  _grace.expires_after(std::min<std::chrono::milliseconds>(_options.timeout, kCloseGrace));
  _grace.async_wait([self = shared_from_this()](beast::error_code error) {
    if (!error) self->tear_down();
  });
}

void WebSocketSession::tear_down() {
  _grace.cancel();
  auto& socket = beast::get_lowest_layer(_ws).socket();
  beast::error_code ignored;
  socket.shutdown(tcp::socket::shutdown_both, ignored);
  // Cancels whatever is pending; each handler sees the error and starts nothing more.
  beast::get_lowest_layer(_ws).close();
}

}  // namespace dagarray::server
