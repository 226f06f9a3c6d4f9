#pragma once
// One WebSocket connection, from the upgrade request an HTTP session read and admitted: the
// handshake, then one write at a time from its channel's queue, and a read loop that drops what
// the client sends but notices close frames, pings and disconnects. Runs on the strand of the
// socket it was given; lives as long as an operation holds it.

#include <dagarray/server/http_server.hpp>
#include <dagarray/server/websocket.hpp>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/websocket/stream.hpp>

#include <cstddef>
#include <memory>
#include <string>

#include "connections.hpp"
#include "replies.hpp"
#include "websocket_channel.hpp"

namespace dagarray::server {

class WebSocketSession final : public Connection,
                               public std::enable_shared_from_this<WebSocketSession> {
 public:
  /// @brief `socket`'s executor must be a strand; `options` and `on_open` must outlive the
  /// session (the server owns both).
  WebSocketSession(boost::asio::ip::tcp::socket socket, const ServerOptions& options,
                   const WebSocketOpen& on_open);
  ~WebSocketSession() override;
  WebSocketSession(const WebSocketSession&) = delete;
  WebSocketSession& operator=(const WebSocketSession&) = delete;

  /// @brief Answers `request`, an admitted upgrade, then hands the channel to on_open. Call on
  /// the socket's strand.
  void start(HttpRequest request);

  /// @brief As WebSocketClient::close(); for HttpServer::stop().
  void close() override;

  /// @brief The strand the session's handlers run on.
  boost::asio::any_io_executor executor() { return _ws.get_executor(); }

  // Steps the channel posts to the strand.

  /// @brief Writes the channel's next message, if any, and so on until none is left.
  void write_next();
  /// @brief Sends a close frame ("going away"), and closes the socket if that has not ended the
  /// connection within a moment.
  void close_gracefully();
  /// @brief The same with close code 1013 (try again later) and a reason naming the limit the
  /// client fell behind by.
  void close_fallen_behind();
  /// @brief Closes the socket at once: every pending operation ends.
  void tear_down();

 private:
  void on_accept(boost::beast::error_code error);
  void read();
  void on_read(boost::beast::error_code error, std::size_t bytes);
  void on_write(boost::beast::error_code error, std::size_t bytes);
  void close_with(const boost::beast::websocket::close_reason& reason);

  boost::beast::websocket::stream<boost::beast::tcp_stream> _ws;
  HttpRequest _request;  // kept until the handshake is answered
  boost::beast::flat_buffer _incoming;
  std::shared_ptr<const std::string> _in_flight;  // the message being written
  boost::asio::steady_timer _grace;               // bounds close_gracefully()
  std::shared_ptr<WebSocketChannel> _channel;
  const ServerOptions& _options;
  const WebSocketOpen& _on_open;
  bool _handshake_done = false;
  bool _closing = false;
};

}  // namespace dagarray::server
