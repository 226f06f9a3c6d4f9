#pragma once
// An embedded HTTP/1.1 server for a few in-memory resources: what `dagarray serve` runs.
// Asynchronous (Boost.Beast on Asio): one or two threads serve any number of connections, and
// a slow or silent client holds nothing but its own socket, until its timeout.

#include <dagarray/server/routes.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

namespace dagarray::server {

struct ServerOptions {
  /// Loopback unless asked otherwise: a graph on screen is nobody else's business.
  std::string host = "127.0.0.1";
  /// 0 lets the system pick a free port; HttpServer::port() then tells which.
  std::uint16_t port = 8787;
  /// Threads run() serves on; handlers may then run concurrently.
  int threads = 1;
  /// The most a request may take to arrive (and a keep-alive connection may stay idle), and a
  /// response to leave; past it the connection is closed.
  std::chrono::milliseconds timeout{30'000};
  /// Requests with a larger header are answered 431 and the connection closed. No request may
  /// carry a body (413): every route is read-only.
  std::uint32_t max_header_bytes = 8 * 1024;
  /// The most bytes of messages a WebSocket client may have waiting to be sent to it; one that
  /// falls further behind is disconnected, so that a stalled page cannot grow the server's
  /// memory without bound.
  std::size_t max_websocket_queue_bytes = 64 * 1024 * 1024;
};

/// @brief Serves `routes` over HTTP: GET and HEAD; 404 for other paths, 405 for other methods,
/// 400 for malformed requests or targets ("..", encoded '/') and for a Transfer-Encoding that
/// does not end in chunked (RFC 9112 §6.3), 414 for a target over 2 KiB. Every response says
/// `Cache-Control: no-store`, since what is served may change from one run to the next.
/// WebSocket routes (Routes::add_websocket) take upgrades; an open WebSocket is never closed for
/// being idle (the server pings it instead), only its handshake is bounded by the timeout.
/// Signals are the caller's business: call stop() from a handler (boost::asio::signal_set).
///
/// DNS rebinding: a web page may point a name of its own at 127.0.0.1 and then read what the
/// server answers as if it were its own site. So when the server is bound to a loopback address
/// (127.0.0.1, ::1, "localhost"), a request whose Host header is not a loopback name
/// ("localhost", 127.x.x.x or "[::1]") with the server's actual port is answered 403; a request
/// without Host (HTTP/1.0; no browser sends one) passes. Bound elsewhere (0.0.0.0, which a user
/// asks for explicitly), the server answers to any Host.
/// @code{.cpp}
/// dagarray::server::HttpServer server({.port = 0}, std::move(routes));
/// server.start();
/// std::cout << server.url() << std::endl;
/// std::thread serving([&] { server.run(); });
/// // ...
/// server.stop();
/// serving.join();
/// @endcode
class HttpServer {
 public:
  HttpServer(ServerOptions options, Routes routes);
  /// @brief Requires that run() has returned (or never ran).
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  /// @brief Binds and listens; returns once connections can arrive, so port() is known.
  /// @throws std::system_error "cannot listen on 127.0.0.1:8787: Address already in use", or
  /// "cannot resolve host ..."; std::invalid_argument for threads < 1 or a timeout, header
  /// limit or WebSocket queue limit that is not positive; std::logic_error when called twice.
  void start();

  /// @brief The port listened on (the chosen one when ServerOptions::port was 0); 0 before
  /// start().
  std::uint16_t port() const;

  /// @brief "http://127.0.0.1:8787/", for people to open (IPv6 addresses in brackets).
  std::string url() const;

  /// @brief Serves on ServerOptions::threads threads (this one among them) until stop().
  /// @throws std::logic_error before start().
  void run();

  /// @brief Stops accepting, closes every connection (WebSockets with a close frame, "going
  /// away", then at most a moment later the socket), and so makes run() return. Safe from any
  /// thread, at any time, more than once.
  void stop();

 private:
  class Impl;
  std::unique_ptr<Impl> _impl;
};

}  // namespace dagarray::server
