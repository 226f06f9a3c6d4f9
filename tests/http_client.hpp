#pragma once
// A small HTTP client over Boost.Beast for the server tests: one connection, every operation
// bounded by kPatience, so a broken server fails a test instead of hanging it.

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <chrono>
#include <cstdint>
#include <sstream>
#include <string>
#include <string_view>

namespace test {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;

// Reached only when something is broken; never a measure of speed.
constexpr std::chrono::seconds kPatience{30};

struct Received {
  beast::error_code error;
  http::response<http::string_body> response;
};

/// @brief One client connection; every operation is bounded by kPatience.
class Client {
 public:
  explicit Client(std::uint16_t port) : _stream(_io) {
    _stream.expires_after(kPatience);
    _stream.async_connect(tcp::endpoint(net::ip::address_v4::loopback(), port),
                          [this](beast::error_code error) { _error = error; });
    REQUIRE_FALSE(finish());
  }

  beast::error_code send(std::string_view bytes) {
    _stream.expires_after(kPatience);
    net::async_write(_stream, net::buffer(bytes.data(), bytes.size()),
                     [this](beast::error_code error, std::size_t) { _error = error; });
    return finish();
  }

  /// @brief The next response; `head` when it answers a HEAD request (no body follows).
  Received receive(bool head = false) {
    http::response_parser<http::string_body> parser;
    parser.body_limit(std::uint64_t{1} << 24);
    parser.skip(head);
    _stream.expires_after(kPatience);
    http::async_read(_stream, _buffer, parser,
                     [this](beast::error_code error, std::size_t) { _error = error; });
    Received received{finish(), {}};
    if (!received.error) received.response = parser.release();
    return received;
  }

  /// @brief Reads until the server ends the connection: eof (or a reset) when it closed it,
  /// beast::error::timeout when it did not within kPatience.
  beast::error_code end() {
    _stream.expires_after(kPatience);
    read_until_error();
    return finish();
  }

 private:
  void read_until_error() {
    _stream.async_read_some(_buffer.prepare(4096), [this](beast::error_code error, std::size_t) {
      if (error) {
        _error = error;
      } else {
        read_until_error();
      }
    });
  }

  beast::error_code finish() {
    _io.restart();
    _io.run();
    return _error;
  }

  net::io_context _io;
  beast::tcp_stream _stream;
  beast::flat_buffer _buffer;
  beast::error_code _error;
};

/// @brief The Host header a browser sends to a server on this loopback port: one the server's
/// DNS-rebinding check accepts.
inline std::string loopback_host(std::uint16_t port) {
  return "127.0.0.1:" + std::to_string(port);
}

/// @brief A request as a client of the server on `port` writes it.
inline std::string request_text(std::uint16_t port, http::verb method, std::string_view target,
                                bool keep_alive = true) {
  http::request<http::empty_body> request{method, {target.data(), target.size()}, 11};
  request.set(http::field::host, loopback_host(port));
  request.keep_alive(keep_alive);
  if (method == http::verb::post || method == http::verb::put || method == http::verb::patch) {
    request.prepare_payload();  // Content-Length: 0
  }
  std::ostringstream text;
  text << request;
  return text.str();
}

inline Received fetch(std::uint16_t port, http::verb method, std::string_view target) {
  Client client(port);
  REQUIRE_FALSE(client.send(request_text(port, method, target)));
  return client.receive(method == http::verb::head);
}

inline Received get(std::uint16_t port, std::string_view target) {
  return fetch(port, http::verb::get, target);
}

/// @brief Sends `bytes` as they are on a fresh connection and reads what comes back. Sending
/// may fail when the server has already answered and closed; the answer may still be there.
inline Received exchange(std::uint16_t port, const std::string& bytes) {
  Client client(port);
  client.send(bytes);
  return client.receive();
}

inline std::string header(const Received& received, http::field field) {
  const auto value = received.response[field];
  return {value.data(), value.size()};
}

}  // namespace test
