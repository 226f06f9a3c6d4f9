#include "replies.hpp"

#include <boost/beast/http/error.hpp>
#include <boost/beast/http/field.hpp>
#include <boost/beast/http/verb.hpp>

#include <exception>
#include <optional>
#include <utility>

#include "host_check.hpp"
#include "request_target.hpp"

namespace dagarray::server {

namespace {

/// @brief The headers every response carries; the body and Content-Length are set apart
/// because HEAD announces a length it does not send.
Reply start_reply(unsigned status, unsigned version, bool keep_alive, std::string_view type) {
  Reply reply;
  auto& message = reply.message;
  message.result(status);
  message.version(version);
  message.keep_alive(keep_alive);
  message.set(http::field::server, "dagarray");
  message.set(http::field::content_type, {type.data(), type.size()});
  // What is served may be another graph next run; a browser must never show a stale one.
  message.set(http::field::cache_control, "no-store");
  message.set("X-Content-Type-Options", "nosniff");
  return reply;
}

void set_body(Reply& reply, std::shared_ptr<const std::string> bytes, std::string_view view,
              bool send) {
  reply.message.content_length(view.size());
  if (send) reply.message.body() = {view.data(), view.size()};
  reply.keep = std::move(bytes);
}

/// @brief The body of an error response: static text, so it needs no owner.
std::string_view status_text(http::status status) {
  switch (status) {
    case http::status::bad_request:
      return "400 Bad Request\n";
    case http::status::forbidden:
      return "403 Forbidden\n";
    case http::status::not_found:
      return "404 Not Found\n";
    case http::status::method_not_allowed:
      return "405 Method Not Allowed\n";
    case http::status::payload_too_large:
      return "413 Payload Too Large\n";
    case http::status::uri_too_long:
      return "414 URI Too Long\n";
    case http::status::upgrade_required:
      return "426 Upgrade Required: a WebSocket endpoint\n";
    case http::status::request_header_fields_too_large:
      return "431 Request Header Fields Too Large\n";
    default:
      return "500 Internal Server Error\n";
  }
}

/// @brief A short plain-text answer: `text` (static), or the status's own.
Reply status_reply(http::status status, unsigned version, bool keep_alive, bool send,
                   std::string_view text = {}) {
  auto reply =
      start_reply(static_cast<unsigned>(status), version, keep_alive, "text/plain; charset=utf-8");
  set_body(reply, nullptr, text.empty() ? status_text(status) : text, send);
  return reply;
}

/// @brief The answer to GET or HEAD of a WebSocket endpoint, or to another method there.
Reply websocket_only(const HttpRequest& request, bool get, bool head) {
  const auto version = request.version();
  const auto keep_alive = request.keep_alive();
  if (!get && !head) {
    auto reply = status_reply(http::status::method_not_allowed, version, keep_alive, true);
    reply.message.set(http::field::allow, "GET");
    return reply;
  }
  auto reply = status_reply(http::status::upgrade_required, version, keep_alive, get);
  // RFC 9110 15.5.22: a 426 names the protocol to switch to.
  reply.message.set(http::field::upgrade, "websocket");
  reply.message.set(http::field::connection, keep_alive ? "Upgrade" : "Upgrade, close");
  return reply;
}

/// @brief The handler's response, or nothing when it throws: one failing request must not
/// take the server down.
std::optional<Response> call(const Handler& handler, const Request& request) {
  try {
    auto response = handler(request);
    if (response.status < 100 || response.status > 999) return std::nullopt;  // not HTTP
    return response;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

}  // namespace

Reply reply_to(const Routes& routes, const HttpRequest& request) {
  const auto version = request.version();
  const auto keep_alive = request.keep_alive();
  const bool get = request.method() == http::verb::get;
  const bool head = request.method() == http::verb::head;

  const auto raw = request.target();
  const auto target = parse_request_target({raw.data(), raw.size()});
  if (!target) return status_reply(http::status::bad_request, version, keep_alive, !head);
  const Handler* handler = routes.find(target->path);
  if (!handler && routes.find_websocket(target->path)) return websocket_only(request, get, head);
  if (!handler) return status_reply(http::status::not_found, version, keep_alive, !head);
  if (!get && !head) {
    auto reply = status_reply(http::status::method_not_allowed, version, keep_alive, true);
    reply.message.set(http::field::allow, "GET, HEAD");
    return reply;
  }

  auto response = call(*handler, {.path = target->path, .query = target->query});
  if (!response) {
    return status_reply(http::status::internal_server_error, version, keep_alive, !head);
  }
  auto reply = start_reply(response->status, version, keep_alive, response->content_type);
  const std::string_view body = response->body ? *response->body : std::string_view{};
  set_body(reply, std::move(response->body), body, !head);
  return reply;
}

std::variant<const WebSocketOpen*, Reply> answer_upgrade(const Routes& routes,
                                                         const HttpRequest& request) {
  const auto version = request.version();
  const auto keep_alive = request.keep_alive();
  const auto raw = request.target();
  const auto target = parse_request_target({raw.data(), raw.size()});
  if (!target) return status_reply(http::status::bad_request, version, keep_alive, true);
  const WebSocketOpen* on_open = routes.find_websocket(target->path);
  if (!on_open) return status_reply(http::status::not_found, version, keep_alive, true);
  if (!origin_allowed(request)) {
    return status_reply(http::status::forbidden, version, keep_alive, true,
                        "403 Forbidden: a WebSocket from a page of another origin\n");
  }
  return on_open;
}

Reply foreign_host_reply(const HttpRequest& request) {
  return status_reply(http::status::forbidden, request.version(), request.keep_alive(),
                      request.method() != http::verb::head,
                      "403 Forbidden: the Host header does not name this server "
                      "(localhost, 127.0.0.1 or [::1], and its port)\n");
}

Reply error_reply(http::status status) {
  return status_reply(status, 11, false, true);
}

std::optional<http::status> status_for_read_error(const boost::beast::error_code& error) {
  if (error == http::error::header_limit) return http::status::request_header_fields_too_large;
  if (error == http::error::body_limit) return http::status::payload_too_large;
  // The client closed the connection, between requests or within one: no one to answer.
  if (error == http::error::end_of_stream || error == http::error::partial_message) {
    return std::nullopt;
  }
  // Every other error of the parser means the bytes were not HTTP.
  if (error.category() == make_error_code(http::error::bad_target).category()) {
    return http::status::bad_request;
  }
  return std::nullopt;
}

}  // namespace dagarray::server
