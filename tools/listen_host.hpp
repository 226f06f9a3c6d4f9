#pragma once
// The --host of the commands that listen (serve, pi --dashboard), checked the same way by both:
// loopback by default, an empty name refused, and a warning for any address others can reach.

#include <ostream>
#include <string>

namespace dagarray::cli {

/// @brief Throws std::invalid_argument for an empty --host, which would otherwise mean a
/// different address to each listener.
void check_listen_host(const std::string& host);

/// @brief Warns on `out`, as "<command>: ...", when `host` is not a loopback address.
void warn_unless_loopback(std::ostream& out, const std::string& command, const std::string& host,
                          const std::string& what_is_shown);

}  // namespace dagarray::cli
