#pragma once
// A small WebSocket client over Boost.Beast for tests of the server's WebSocket routes: it
// connects to a loopback port as a browser page or a program would, reads the text messages the
// server sends, and shows the HTTP status of a refused handshake. One connection per object,
// every wait bounded (kPatience unless told otherwise), so a broken server fails a test instead
// of hanging it.
// @code{.cpp}
// test::WebSocket events;
// REQUIRE_FALSE(events.connect(server.port(), "/events"));
// const auto message = events.read_text();
// REQUIRE_FALSE(message.error);
// CHECK(message.text == "hello");
// @endcode

#include <boost/beast/websocket.hpp>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "http_client.hpp"

namespace test {

namespace websocket = beast::websocket;

/// @brief A message read, or why none was.
struct TextMessage {
  beast::error_code error;
  std::string text;
};

class WebSocket {
 public:
  WebSocket() : _ws(_io) {
    _response.result(0u);                          // until an answer says otherwise
    _ws.read_message_max(std::uint64_t{1} << 28);  // a graph of 100,000 tasks is 30 MB or so
  }

  /// @brief Connects to 127.0.0.1:`port` and asks to upgrade `path`. `origin`, when given, is
  /// sent as a browser page would send its own ("http://127.0.0.1:8787"); programs send none.
  /// `host` is the Host header, loopback_host(port) unless given. Returns no error when the
  /// server upgraded the connection, websocket::error::upgrade_declined when it answered
  /// otherwise (status() and response() tell what).
  beast::error_code connect(std::uint16_t port, std::string_view path,
                            std::optional<std::string> origin = std::nullopt,
                            std::optional<std::string> host = std::nullopt) {
    auto& tcp_layer = beast::get_lowest_layer(_ws);
    tcp_layer.expires_after(kPatience);
    tcp_layer.async_connect(tcp::endpoint(net::ip::address_v4::loopback(), port),
                            [this](beast::error_code error) { _error = error; });
    if (run()) return _error;
    _ws.set_option(websocket::stream_base::decorator([origin](websocket::request_type& request) {
      if (origin) request.set(http::field::origin, *origin);
    }));
    _ws.async_handshake(_response, host.value_or(loopback_host(port)), {path.data(), path.size()},
                        [this](beast::error_code error) { _error = error; });
    run();
    tcp_layer.expires_never();
    return _error;
  }

  /// @brief The HTTP status the server answered the upgrade with: 101 when it upgraded, 403,
  /// 404... when it refused; 0 when no answer came.
  unsigned status() const { return _response.result_int(); }

  /// @brief The server's whole answer to the upgrade request (headers, and a refusal's body).
  const websocket::response_type& response() const { return _response; }

  /// @brief The next message, or the error that ended reading: websocket::error::closed after
  /// the server's close frame (close_reason() then says why), eof or a reset when the
  /// connection ended without one, beast::error::timeout when nothing came within `patience`
  /// (which ends the connection: it cannot be read from again).
  TextMessage read_text(std::chrono::milliseconds patience = kPatience) {
    beast::flat_buffer buffer;
    beast::get_lowest_layer(_ws).expires_after(patience);
    _ws.async_read(buffer, [this](beast::error_code error, std::size_t) { _error = error; });
    TextMessage message{run(), {}};
    beast::get_lowest_layer(_ws).expires_never();
    if (!message.error) message.text = beast::buffers_to_string(buffer.data());
    return message;
  }

  /// @brief Sends a text message to the server (which reads and drops it).
  beast::error_code send_text(std::string_view text) {
    beast::get_lowest_layer(_ws).expires_after(kPatience);
    _ws.text(true);
    _ws.async_write(net::buffer(text.data(), text.size()),
                    [this](beast::error_code error, std::size_t) { _error = error; });
    const auto error = run();
    beast::get_lowest_layer(_ws).expires_never();
    return error;
  }

  /// @brief Says goodbye as a closing page does: a close frame ("normal"), then waits for the
  /// server's. Messages still on their way are dropped.
  beast::error_code close() {
    beast::get_lowest_layer(_ws).expires_after(kPatience);
    _ws.async_close(websocket::close_code::normal,
                    [this](beast::error_code error) { _error = error; });
    return run();
  }

  /// @brief Ends the TCP connection without a close frame, as a crashed browser would.
  void drop() {
    beast::error_code ignored;
    beast::get_lowest_layer(_ws).socket().shutdown(tcp::socket::shutdown_both, ignored);
    beast::get_lowest_layer(_ws).close();
  }

  /// @brief The server's close frame, once read_text() has returned websocket::error::closed.
  websocket::close_reason close_reason() const { return _ws.reason(); }

 private:
  beast::error_code run() {
    _io.restart();
    _io.run();
    return _error;
  }

  net::io_context _io;
  websocket::stream<beast::tcp_stream> _ws;
  websocket::response_type _response;
  beast::error_code _error;
};

}  // namespace test
