#include <dagarray/viewer/page.hpp>

#include <stdexcept>
#include <string>

#include "bundle.hpp"

namespace dagarray::viewer {

namespace {

// The element the page reads its graph from; empty in the bundle, so the served page fetches
// graph.json instead. The bundle build checks that this opening tag occurs exactly once.
constexpr std::string_view kGraphElement = R"(<script id="graph-data" type="application/json">)";

std::string html_escaped(std::string_view text) {
  std::string out;
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

/// A plain page saying `what` was not built and why; `more` is a paragraph of HTML after it.
std::string missing_page(std::string_view what, std::string_view more) {
  return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
         "<title>dagarray " +
         std::string(what) + " not built</title></head>\n<body><h1>The dagarray " +
         std::string(what) + " was not built</h1>\n<p>" + html_escaped(unavailable_reason()) +
         "</p>\n" + std::string(more) + "</body></html>\n";
}

}  // namespace

bool available() {
  return detail::missing_reason().empty();
}

std::string_view unavailable_reason() {
  return detail::missing_reason();
}

std::string_view served_page() {
  if (available()) return detail::bundled_page();
  static const std::string page = missing_page(
      "graph viewer", "<p>The graph itself is at <a href=\"graph.json\">graph.json</a>.</p>");
  return page;
}

std::string_view dashboard_page() {
  if (available()) return detail::bundled_dashboard();
  // The events still flow: a WebSocket client of its own can read them.
  static const std::string page = missing_page(
      "dashboard",
      "<p>Its messages are still sent on the WebSocket <code>events</code> beside this page.</p>");
  return page;
}

std::string standalone_page(std::string_view graph_json) {
  if (!available()) {
    throw std::runtime_error("the browser viewer was not built: " +
                             std::string(unavailable_reason()));
  }
  const std::string_view page = detail::bundled_page();
  const auto at = page.find(kGraphElement);
  if (at == std::string_view::npos) throw std::logic_error("viewer bundle lacks graph-data");
  const auto insert = at + kGraphElement.size();

  std::string out;
  out.reserve(page.size() + graph_json.size() + graph_json.size() / 16);
  out.append(page.substr(0, insert));
  // In JSON a '<' can only stand inside a string, where \u003c means the same character; so
  // neither "</script>" nor "<!--" can reach the HTML parser.
  for (const char c : graph_json) {
    if (c == '<') {
      out += "\\u003c";
    } else {
      out += c;
    }
  }
  out.append(page.substr(insert));
  return out;
}

}  // namespace dagarray::viewer
