#pragma once
// From the request target a client sent to the path a route is looked up by. The server
// serves no files, but it still refuses every target that would mean "elsewhere" to a file
// server (dot segments, encoded separators), so no later route can be tricked by one.

#include <optional>
#include <string>
#include <string_view>

namespace dagarray::server {

struct RequestTarget {
  std::string path;   ///< percent-decoded
  std::string query;  ///< as sent
};

/// @brief The decoded path and query of an origin-form target ("/a/b?q=1"), or nothing when the
/// target must be refused: it does not start with '/' (absolute or asterisk form); it has a bad
/// %-escape; an escape decodes to '/', '\\' or a control character; the path holds a '\\'; or a
/// segment is "." or ".." once decoded ("/%2e%2e/").
std::optional<RequestTarget> parse_request_target(std::string_view target);

}  // namespace dagarray::server
