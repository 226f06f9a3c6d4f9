#include "listen_host.hpp"

#include <boost/asio/ip/address.hpp>

#include <stdexcept>

namespace dagarray::cli {

namespace {

bool is_loopback(const std::string& host) {
  boost::system::error_code error;
  const auto address = boost::asio::ip::make_address(host, error);
  return host == "localhost" || (!error && address.is_loopback());
}

}  // namespace

void check_listen_host(const std::string& host) {
  if (host.empty()) throw std::invalid_argument("--host: empty; try 127.0.0.1");
}

void warn_unless_loopback(std::ostream& out, const std::string& command, const std::string& host,
                          const std::string& what_is_shown) {
  if (is_loopback(host)) return;
  out << command << ": listening beyond this machine: whoever can reach " << host << " can see "
      << what_is_shown << '\n';
}

}  // namespace dagarray::cli
