// Fuzz target: the server's checks of what a client sends before any route sees it: the
// request target (dot segments, escapes), the Host a request names (against DNS rebinding) and
// the Origin of a WebSocket upgrade. The input is split at its first two newlines into target,
// Host and Origin. Nothing may crash; an accepted target is a decoded path that starts with '/'
// and holds no "." or ".." segment and no backslash.

#include "host_check.hpp"
#include "request_target.hpp"

#include <boost/asio/ip/address.hpp>
#include <boost/beast/http/fields.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

namespace server = dagarray::server;

namespace {

std::string_view next_part(std::string_view& rest) {
  const auto newline = rest.find('\n');
  const auto part = rest.substr(0, newline);
  rest = newline == std::string_view::npos ? std::string_view() : rest.substr(newline + 1);
  return part;
}

void check_path(std::string_view path) {
  if (path.empty() || path.front() != '/' || path.find('\\') != std::string_view::npos) {
    std::abort();
  }
  std::size_t start = 1;
  while (start <= path.size()) {
    const auto end = std::min(path.find('/', start), path.size());
    const auto segment = path.substr(start, end - start);
    if (segment == "." || segment == "..") std::abort();
    start = end + 1;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view rest(reinterpret_cast<const char*>(data), size);
  const auto target = next_part(rest);
  const auto host = next_part(rest);
  const auto origin = rest;
  if (const auto parsed = server::parse_request_target(target)) check_path(parsed->path);

  static const server::HostCheck loopback(boost::asio::ip::make_address("127.0.0.1"), 8787);
  (void)loopback.allows_host(host);
  boost::beast::http::fields headers;
  try {
    headers.set(boost::beast::http::field::host, std::string(host));
    headers.set(boost::beast::http::field::origin, std::string(origin));
  } catch (const std::exception&) {
    return 0;  // Beast refuses field values with control characters
  }
  (void)loopback.allows(headers);
  (void)server::origin_allowed(headers);
  return 0;
}
