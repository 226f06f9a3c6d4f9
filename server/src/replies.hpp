#pragma once
// The answer to each request, decided apart from the connection that carries it: which status,
// which headers, which bytes.

#include <dagarray/server/routes.hpp>

#include <boost/beast/core/error.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/span_body.hpp>

#include <memory>
#include <optional>
#include <string>
#include <variant>

namespace dagarray::server {

namespace http = boost::beast::http;

/// @brief The requests the server reads: no route takes a body, so none is kept.
using HttpRequest = http::request<http::empty_body>;

/// @brief A response ready to write. Its body is a view of bytes that `keep` owns (or of static
/// text, `keep` empty), so that a shared resource goes out without a copy.
struct Reply {
  http::response<http::span_body<const char>> message;
  std::shared_ptr<const std::string> keep;
};

/// @brief The answer to a well-formed request that is no WebSocket upgrade: the route's
/// response to GET, the same headers without the body to HEAD; 400 for a refused target, 404
/// for a path without a route, 405 (with Allow) for any other method, 426 to GET or HEAD of a
/// WebSocket route, 500 when the handler throws.
Reply reply_to(const Routes& routes, const HttpRequest& request);

/// @brief What takes a WebSocket upgrade request (websocket::is_upgrade): its route, or a
/// refusal: 400 for a refused target, 404 for a path without a WebSocket route, 403 for a page
/// of another origin (origin_allowed).
std::variant<const WebSocketOpen*, Reply> answer_upgrade(const Routes& routes,
                                                         const HttpRequest& request);

/// @brief 403 to a request whose Host names another server (HostCheck).
Reply foreign_host_reply(const HttpRequest& request);

/// @brief An answer to a request that could not be read, which also closes the connection.
Reply error_reply(http::status status);

/// @brief The status to answer a failed read with: 431 for too large a header, 413 for a body,
/// 400 for malformed HTTP; nothing when no one is left to answer (closed, reset, timed out).
std::optional<http::status> status_for_read_error(const boost::beast::error_code& error);

}  // namespace dagarray::server
