// `dagarray serve` as a user runs it: errors at start, the URL it prints, the file served as
// it is, and a clean stop on SIGINT and SIGTERM. Every wait is bounded by kPatience.

#include <catch2/catch.hpp>

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "background_cli.hpp"
#include "http_client.hpp"

using namespace test;
using ServeProcess = test::BackgroundCli;

namespace {

const std::string kGraph =
    "{\"format\": \"dagarray-graph\", \"version\": 1, \"optimized\": true,\n"
    " \"layers\": [], \"tasks\": [], \"outputs\": []}\n";

}  // namespace

namespace {

/// @brief A directory of its own for the files a test writes, removed afterwards.
class TempDir {
 public:
  TempDir() {
    auto pattern = (std::filesystem::temp_directory_path() / "dagarray-serve-XXXXXX").string();
    REQUIRE(mkdtemp(pattern.data()) != nullptr);
    _path = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(_path, ignored);
  }
  std::string write(const std::string& name, const std::string& text) const {
    const auto path = (_path / name).string();
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }
  std::string path(const std::string& name) const { return (_path / name).string(); }

 private:
  std::filesystem::path _path;
};

std::size_t count_lines(const std::string& text) {
  return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

}  // namespace

TEST_CASE("serve: a file that is missing or not a dagarray graph is an error at start",
          "[server][cli]") {
  TempDir dir;
  const std::pair<std::string, std::string> cases[] = {
      {dir.path("missing.json"), "No such file or directory"},
      {dir.path(""), "Is a directory"},
      {dir.write("empty.json", ""), "not JSON: parse error at line 1, column 1"},
      {dir.write("broken.json", "{\"format\": \"dagarray-graph\",\n \"version\": }"),
       "not JSON: parse error at line 2, column 13"},
      {dir.write("huge-number.json", "{\"format\": \"dagarray-graph\", \"version\": 1e400}"),
       "not JSON: number overflow parsing '1e400'"},
      {dir.write("nul.json", kGraph + std::string(1, '\0')), "not JSON: a NUL byte at offset"},
      {dir.write("array.json", "[1, 2]"), "the document is [1,2], not an object"},
      {dir.write("other.json", "{\"format\": \"other\", \"version\": 1}"),
       "format: \"other\" is not \"dagarray-graph\""},
      {dir.write("future.json", "{\"format\": \"dagarray-graph\", \"version\": 3}"),
       "version: 3 is not supported (this dagarray reads versions 1 to 2)"},
      {dir.write("unversioned.json", "{\"format\": \"dagarray-graph\"}"), "no \"version\" member"},
      {dir.write("no-layer.json",
                 "{\"format\": \"dagarray-graph\", \"version\": 2, \"optimized\": true,"
                 " \"layers\": [], \"tasks\": [{\"key\": \"('a-0', 0)\", \"dependencies\":"
                 " [\"('a-0', 0)\"]}], \"outputs\": []}"),
       "tasks[0]: no \"layer\" member"},
      {"/dev/zero", "larger than serve's limit of 512 MiB"},
  };
  for (const auto& [path, reason] : cases) {
    INFO(path);
    ServeProcess serve({"serve", path, "--port", "0"});
    CHECK(serve.wait() == 1);
    CHECK(serve.read_line().empty());  // no URL: it never served
    const auto err = serve.err();
    CHECK(count_lines(err) == 1);
    CHECK(err.rfind("dagarray serve: ", 0) == 0);
    CHECK(err.find(path) != std::string::npos);
    CHECK(err.find(reason) != std::string::npos);
  }
}

TEST_CASE("serve: a bad port is a usage error naming the value", "[server][cli]") {
  TempDir dir;
  const auto graph = dir.write("graph.json", kGraph);
  for (const auto* port : {"65536", "70000", "-1", "abc", ""}) {
    INFO(port);
    ServeProcess serve({"serve", graph, "--port", port});
    CHECK(serve.wait() == 2);
    const auto err = serve.err();
    CHECK(count_lines(err) == 1);
    CHECK(err.find("--port") != std::string::npos);
    CHECK(err.find(port) != std::string::npos);
  }
  ServeProcess no_file({"serve"});
  CHECK(no_file.wait() == 2);
}

TEST_CASE("serve: a port in use is a clear error", "[server][cli]") {
  TempDir dir;
  const auto graph = dir.write("graph.json", kGraph);
  net::io_context context;
  tcp::acceptor taken(context, tcp::endpoint(net::ip::make_address("127.0.0.1"), 0));
  const auto port = std::to_string(taken.local_endpoint().port());
  ServeProcess serve({"serve", graph, "--port", port});
  CHECK(serve.wait() == 1);
  const auto err = serve.err();
  CHECK(count_lines(err) == 1);
  CHECK(err.find("127.0.0.1:" + port) != std::string::npos);
  CHECK(err.find("in use") != std::string::npos);
}

TEST_CASE("serve: prints its URL, serves the file as it is, and stops on a signal with 0",
          "[server][cli]") {
  const int stop_signal = GENERATE(SIGINT, SIGTERM);
  TempDir dir;
  // Spacing as a person might leave it: the bytes served are the file's, not a re-dump.
  const auto text =
      "{ \"format\":\"dagarray-graph\",  \"version\" : 1,\n\"layers\":[],"
      "\"tasks\":[],\"outputs\":[],\"optimized\":false }\n";
  const auto graph = dir.write("graph.json", text);
  ServeProcess serve({"serve", graph, "--port", "0"});
  const auto line = serve.read_line();
  INFO(line << serve.err());
  const std::string prefix = "dagarray: serving " + graph + " at http://127.0.0.1:";
  REQUIRE(line.rfind(prefix, 0) == 0);
  CHECK(line.find("/ (Ctrl-C to stop)") != std::string::npos);
  const auto port = std::stoi(line.substr(prefix.size()));
  REQUIRE(port > 0);
  REQUIRE(port <= 65535);

  const auto json = get(static_cast<std::uint16_t>(port), "/graph.json");
  REQUIRE_FALSE(json.error);
  CHECK(json.response.result_int() == 200);
  CHECK(header(json, http::field::content_type) == "application/json");
  CHECK(json.response.body() == text);
  const auto page = get(static_cast<std::uint16_t>(port), "/");
  REQUIRE_FALSE(page.error);
  CHECK(page.response.result_int() == 200);
  CHECK(header(page, http::field::content_type) == "text/html; charset=utf-8");
  CHECK_FALSE(page.response.body().empty());

  Client idle(static_cast<std::uint16_t>(port));  // open connections must not delay the exit
  serve.signal(stop_signal);
  CHECK(serve.wait() == 0);
  CHECK(idle.end() != beast::error::timeout);
}
