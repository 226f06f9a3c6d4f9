#pragma once
// Which Host a request may name, against DNS rebinding, and which Origin may open a WebSocket,
// against cross-site WebSocket hijacking. The rules, and why, are in http_server.hpp and
// websocket.hpp.

#include <boost/asio/ip/address.hpp>
#include <boost/beast/http/fields.hpp>

#include <cstdint>
#include <string_view>

namespace dagarray::server {

class HostCheck {
 public:
  /// @brief Allows every Host.
  HostCheck() = default;

  /// @brief Loopback names with `port` only when `bound` is a loopback address; else any Host.
  HostCheck(const boost::asio::ip::address& bound, std::uint16_t port);

  /// @brief Whether a request with `headers` may be answered: it has no Host, or exactly one
  /// that allows_host().
  bool allows(const boost::beast::http::fields& headers) const;

  /// @brief Whether a Host header's value names this server: "localhost", 127.x.x.x or
  /// "[::1]", then ":" and the port (no port means 80, as in URLs). Always, when not bound to
  /// loopback.
  bool allows_host(std::string_view host) const;

 private:
  bool _loopback_only = false;
  std::uint16_t _port = 0;
};

/// @brief Whether a WebSocket upgrade with `headers` comes from no browser page (no Origin) or
/// from a page of this very server: Origin is exactly "http://" + Host.
bool origin_allowed(const boost::beast::http::fields& headers);

}  // namespace dagarray::server
