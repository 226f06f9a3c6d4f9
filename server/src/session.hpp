#pragma once
// One client connection: read a request, write its reply, and again for as long as the client
// keeps the connection alive, or until it asks for a WebSocket, which then takes the socket
// over. A session runs on a strand of its own, so that with several threads its handlers still
// run one at a time; it lives as long as an operation holds it.

#include <dagarray/server/http_server.hpp>

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/parser.hpp>

#include <cstddef>
#include <memory>
#include <optional>

#include "connections.hpp"
#include "host_check.hpp"
#include "replies.hpp"

namespace dagarray::server {

/// @brief What the sessions of one server share; the server owns it and outlives them.
struct SessionContext {
  const Routes& routes;
  const ServerOptions& options;
  const HostCheck hosts;
  Connections& connections;  // where a WebSocket session is listed for stop()
};

class Session : public Connection, public std::enable_shared_from_this<Session> {
 public:
  /// @brief `socket`'s executor must be a strand.
  Session(boost::asio::ip::tcp::socket socket, const SessionContext& context);

  /// @brief Begins reading the first request.
  void start();

  /// @brief Closes the connection, whatever it is doing; safe from any thread.
  void close() override;

 private:
  void read_request();
  void on_read(boost::beast::error_code error, std::size_t bytes);
  void answer(const HttpRequest& request);
  void upgrade(const WebSocketOpen& on_open);
  void write(Reply reply);
  void on_write(boost::beast::error_code error, std::size_t bytes);
  void finish();
  void drain();

  boost::beast::tcp_stream _stream;
  boost::beast::flat_buffer _buffer;
  std::optional<http::request_parser<http::empty_body>> _parser;  // fresh for every request
  Reply _reply;                                                   // kept until written
  std::size_t _drained = 0;
  const SessionContext& _context;
};

}  // namespace dagarray::server
