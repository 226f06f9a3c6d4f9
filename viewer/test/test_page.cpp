// The C++ side of the viewer: the page the server sends, the graph embedded safely in the
// page `dagarray graph --format html` writes, and the dashboard's page. Built twice: against
// this build's viewer, and against a stand-in for a build without Node.js, so both paths are
// tested wherever tests run.

#include <catch2/catch.hpp>
#include <dagarray/viewer/page.hpp>

#include <stdexcept>
#include <string>

namespace viewer = dagarray::viewer;

namespace {

constexpr std::string_view kElement = R"(<script id="graph-data" type="application/json">)";

std::size_t count(std::string_view text, std::string_view part) {
  std::size_t n = 0;
  for (auto at = text.find(part); at != std::string_view::npos; at = text.find(part, at + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE("the served page holds no graph: it fetches graph.json", "[viewer]") {
  const auto page = viewer::served_page();
  REQUIRE(page.starts_with("<!DOCTYPE html>"));
  if (!viewer::available()) {
    CHECK(page.find(std::string(viewer::unavailable_reason())) != std::string_view::npos);
    return;
  }
  CHECK(viewer::unavailable_reason().empty());
  REQUIRE(count(page, kElement) == 1);
  CHECK(page.find(std::string(kElement) + "</script>") != std::string_view::npos);
}

TEST_CASE("a standalone page embeds the graph where the page reads it", "[viewer]") {
  const std::string json = R"({"format":"dagarray-graph","version":1})";
  if (!viewer::available()) {
    CHECK_THROWS_AS(viewer::standalone_page(json), std::runtime_error);
    return;
  }
  const auto page = viewer::standalone_page(json);
  CHECK(page.size() == viewer::served_page().size() + json.size());
  CHECK(page.find(std::string(kElement) + json + "</script>") != std::string::npos);
}

TEST_CASE("no string in the graph can end its script element or open a comment", "[viewer]") {
  if (!viewer::available()) return;
  const std::string json = R"({"name":"</script><script>alert(1)</script><!--"})";
  const auto page = viewer::standalone_page(json);
  const auto served = viewer::served_page();
  // The page gains no tag: every '<' of the JSON became \u003c, which JSON reads back as '<'.
  CHECK(count(page, "<") == count(served, "<"));
  CHECK(page.find(R"({"name":"\u003c/script>\u003cscript>alert(1)\u003c/script>\u003c!--"})") !=
        std::string::npos);
}

TEST_CASE("the dashboard page is a page of its own, which holds no graph", "[viewer]") {
  const auto page = viewer::dashboard_page();
  REQUIRE(page.starts_with("<!DOCTYPE html>"));
  if (!viewer::available()) {
    CHECK(page.find("dashboard was not built") != std::string_view::npos);
    CHECK(page.find(std::string(viewer::unavailable_reason())) != std::string_view::npos);
    return;
  }
  CHECK(page != viewer::served_page());
  CHECK(page.find("<title>dagarray dashboard</title>") != std::string_view::npos);
  CHECK(count(page, kElement) == 0);
  // Self-contained: one inline script, nothing fetched from elsewhere.
  CHECK(count(page, "<script>") == 1);
  CHECK(page.find("<script src") == std::string_view::npos);
  CHECK(page.find("<link rel=\"stylesheet\"") == std::string_view::npos);
}
