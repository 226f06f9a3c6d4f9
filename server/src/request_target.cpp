#include "request_target.hpp"

#include <algorithm>

namespace dagarray::server {

namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/// @brief The path with its escapes decoded, or nothing if one is malformed or decodes to a
/// character that would let the decoded path mean something the raw one did not.
std::optional<std::string> decoded(std::string_view raw) {
  std::string path;
  path.reserve(raw.size());
  for (std::size_t at = 0; at < raw.size(); ++at) {
    if (raw[at] == '\\') return std::nullopt;
    if (raw[at] != '%') {
      path += raw[at];
      continue;
    }
    if (at + 2 >= raw.size()) return std::nullopt;
    const int high = hex_value(raw[at + 1]);
    const int low = hex_value(raw[at + 2]);
    if (high < 0 || low < 0) return std::nullopt;
    const auto c = static_cast<unsigned char>(high * 16 + low);
    if (c == '/' || c == '\\' || c < 0x20 || c == 0x7f) return std::nullopt;
    path += static_cast<char>(c);
    at += 2;
  }
  return path;
}

bool has_dot_segment(std::string_view path) {
  std::size_t start = 0;
  while (start <= path.size()) {
    const auto end = std::min(path.find('/', start), path.size());
    const auto segment = path.substr(start, end - start);
    if (segment == "." || segment == "..") return true;
    start = end + 1;
  }
  return false;
}

}  // namespace

std::optional<RequestTarget> parse_request_target(std::string_view target) {
  if (target.empty() || target.front() != '/') return std::nullopt;
  const auto question = target.find('?');
  auto path = decoded(target.substr(0, question));
  if (!path || has_dot_segment(*path)) return std::nullopt;
  std::string query(question == std::string_view::npos ? "" : target.substr(question + 1));
  return RequestTarget{std::move(*path), std::move(query)};
}

}  // namespace dagarray::server
