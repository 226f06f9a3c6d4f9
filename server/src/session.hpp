#pragma once
// One client connection: read a request, write its reply, and again for as long as the client
// keeps the connection alive. A session runs on a strand of its own, so that with several
// threads its handlers still run one at a time; it lives as long as an operation holds it.

#include <dagarray/server/http_server.hpp>

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/parser.hpp>

#include <cstddef>
#include <memory>
#include <optional>

#include "replies.hpp"

namespace dagarray::server {

class Session : public std::enable_shared_from_this<Session> {
 public:
  /// @brief `socket`'s executor must be a strand; `routes` and `options` must outlive the
  /// session (the server owns all three).
  Session(boost::asio::ip::tcp::socket socket, const Routes& routes, const ServerOptions& options);

  /// @brief Begins reading the first request.
  void start();

  /// @brief Closes the connection, whatever it is doing; safe from any thread.
  void close();

 private:
  void read_request();
  void on_read(boost::beast::error_code error, std::size_t bytes);
  void write(Reply reply);
  void on_write(boost::beast::error_code error, std::size_t bytes);
  void finish();
  void drain();

  boost::beast::tcp_stream _stream;
  boost::beast::flat_buffer _buffer;
  std::optional<http::request_parser<http::empty_body>> _parser;  // fresh for every request
  Reply _reply;                                                   // kept until written
  std::size_t _drained = 0;
  const Routes& _routes;
  const ServerOptions& _options;
};

}  // namespace dagarray::server
