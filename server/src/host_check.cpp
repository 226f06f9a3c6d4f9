#include "host_check.hpp"

#include <boost/beast/core/string.hpp>

#include <algorithm>
#include <optional>
#include <string>

namespace dagarray::server {

namespace net = boost::asio;
namespace http = boost::beast::http;

namespace {

/// @brief The port of a Host header, after its name: ":digits", or nothing for 80.
std::optional<std::uint16_t> port_of(std::string_view rest) {
  if (rest.empty()) return 80;
  if (rest.front() != ':' || rest.size() < 2 || rest.size() > 6) return std::nullopt;
  unsigned port = 0;
  for (const char c : rest.substr(1)) {
    if (c < '0' || c > '9') return std::nullopt;
    port = port * 10 + static_cast<unsigned>(c - '0');
  }
  if (port > 65535) return std::nullopt;
  return static_cast<std::uint16_t>(port);
}

/// @brief Whether `name` always means this machine, whatever DNS says: names a page's author
/// could point at 127.0.0.1 are not among them.
bool loopback_name(std::string_view name, bool bracketed) {
  boost::system::error_code error;
  if (bracketed) {
    const auto v6 = net::ip::make_address_v6(std::string(name), error);
    return !error && v6.is_loopback();
  }
  if (boost::beast::iequals({name.data(), name.size()}, "localhost")) return true;
  const auto v4 = net::ip::make_address_v4(std::string(name), error);
  return !error && v4.is_loopback();
}

}  // namespace

HostCheck::HostCheck(const net::ip::address& bound, std::uint16_t port)
    : _loopback_only(bound.is_loopback()), _port(port) {}

bool HostCheck::allows(const http::fields& headers) const {
  const auto count = headers.count(http::field::host);
  if (count == 0) return true;
  const auto host = headers[http::field::host];
  return count == 1 && allows_host({host.data(), host.size()});
}

bool HostCheck::allows_host(std::string_view host) const {
  if (!_loopback_only) return true;
  const bool bracketed = host.starts_with('[');
  const auto name_end = bracketed ? host.find(']') : std::min(host.find(':'), host.size());
  if (name_end == std::string_view::npos) return false;
  const auto name = bracketed ? host.substr(1, name_end - 1) : host.substr(0, name_end);
  const auto port = port_of(host.substr(name_end + (bracketed ? 1 : 0)));
  return port == _port && loopback_name(name, bracketed);
}

bool origin_allowed(const http::fields& headers) {
  const auto count = headers.count(http::field::origin);
  if (count == 0) return true;
  const auto origin = headers[http::field::origin];
  const auto host = headers[http::field::host];
  return count == 1 && !host.empty() && origin.starts_with("http://") && origin.substr(7) == host;
}

}  // namespace dagarray::server
