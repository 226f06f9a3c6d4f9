// `dagarray serve`: the browser viewer at "/" and a graph exported by `dagarray graph` at
// "/graph.json", over HTTP, until Ctrl-C. The file is checked before anything listens, and
// served byte for byte as it is on disk.

#include <dagarray/core/graph_json.hpp>
#include <dagarray/server/http_server.hpp>
#include <dagarray/viewer/page.hpp>

#include <boost/asio/ip/address.hpp>
#include <nlohmann/json.hpp>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <memory>
#include <stdexcept>
#include <string>

#include "command.hpp"
#include "integer_option.hpp"
#include "on_signals.hpp"

namespace dagarray::cli {

namespace {

struct ServeOptions {
  std::string file;
  std::uint16_t port = 8787;
  std::string host = "127.0.0.1";
};

std::string read_file(const std::string& path) {
  const std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"),
                                                             std::fclose);
  if (!file) throw std::runtime_error("cannot read " + path + ": " + std::strerror(errno));
  std::string text;
  char buffer[1 << 16];
  while (const auto got = std::fread(buffer, 1, sizeof buffer, file.get())) {
    text.append(buffer, got);
  }
  // A directory opens, and fails only here (EISDIR).
  if (std::ferror(file.get())) {
    throw std::runtime_error("cannot read " + path + ": " + std::strerror(errno));
  }
  return text;
}

/// @brief A member's value as JSON text, cut short: it goes into a one-line message.
std::string shown(const nlohmann::json& value) {
  auto text = value.dump();
  if (text.size() > 40) text = text.substr(0, 37) + "...";
  return text;
}

/// @brief Throws unless `text` is a dagarray-graph this build can show: the viewer would only
/// draw an empty page for anything else, which explains nothing.
void check_graph(const std::string& path, const std::string& text) {
  nlohmann::json graph;
  try {
    graph = nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    // "[json.exception.parse_error.101] parse error at line 3, column 5: ..." less its tag.
    const std::string what = e.what();
    const auto tag_end = what.find("] ");
    throw std::runtime_error(
        path + " is not JSON: " + (tag_end == std::string::npos ? what : what.substr(tag_end + 2)));
  }
  const std::string expected = core::kGraphFormat;
  const auto hint = " (write one with `dagarray graph`)";
  if (!graph.is_object() || !graph.contains("format")) {
    throw std::runtime_error(path + " is not a dagarray graph: no \"format\" member" + hint);
  }
  if (graph.at("format") != expected) {
    throw std::runtime_error(path + " is not a dagarray graph: \"format\" is " +
                             shown(graph.at("format")) + ", not \"" + expected + "\"" + hint);
  }
  const auto supported = " (this dagarray reads versions " +
                         std::to_string(core::kGraphFormatOldestReadable) + " to " +
                         std::to_string(core::kGraphFormatVersion) + ")";
  if (!graph.contains("version")) {
    throw std::runtime_error(path + ": no \"version\" member" + supported);
  }
  const auto& version = graph.at("version");
  if (!version.is_number_integer() || version < core::kGraphFormatOldestReadable ||
      version > core::kGraphFormatVersion) {
    throw std::runtime_error(path + ": " + expected + " version " + shown(version) +
                             " is not supported" + supported);
  }
}

bool is_loopback(const std::string& host) {
  boost::system::error_code error;
  const auto address = boost::asio::ip::make_address(host, error);
  return host == "localhost" || (!error && address.is_loopback());
}

int run_serve(const ServeOptions& options) {
  if (options.host.empty()) throw std::invalid_argument("--host: empty; try 127.0.0.1");
  auto graph = read_file(options.file);
  check_graph(options.file, graph);

  server::Routes routes;
  routes.add("/", "text/html; charset=utf-8", std::string(viewer::served_page()));
  routes.add("/graph.json", "application/json", std::move(graph));
  server::HttpServer http({.host = options.host, .port = options.port}, std::move(routes));
  http.start();
  const OnSignals stop_on_signals([&http] { http.stop(); });

  if (!is_loopback(options.host)) {
    std::cerr << "dagarray serve: listening beyond this machine: whoever can reach " << options.host
              << " can read the graph\n";
  }
  if (!viewer::available()) {
    std::cerr << "dagarray serve: the page at / only says that the viewer was not built: "
              << viewer::unavailable_reason() << '\n';
  }
  std::cout << "dagarray: serving " << options.file << " at " << http.url() << " (Ctrl-C to stop)"
            << std::endl;
  http.run();
  return 0;
}

}  // namespace

Command add_serve_command(CLI::App& dagarray) {
  auto options = std::make_shared<ServeOptions>();
  auto* app = dagarray.add_subcommand(
      "serve",
      "Serve a graph exported by `dagarray graph` and the viewer that draws it, over HTTP");
  app->footer(
      "Open the printed URL in a browser: / is the viewer, /graph.json the graph as given. "
      "Ctrl-C stops.");
  app->add_option("FILE", options->file, "A graph in the dagarray-graph JSON format")
      ->type_name("FILE.json")
      ->required();
  app->add_option("--port", options->port, "TCP port; 0 picks a free one (the URL shows which)")
      ->type_name("PORT")
      ->transform(integer_in(0, 65535))
      ->capture_default_str();
  app->add_option("--host", options->host,
                  "Address to listen on; the default keeps the graph on this machine, 0.0.0.0 "
                  "shares it with the network")
      ->type_name("HOST")
      ->capture_default_str();
  return {app, [options] { return run_serve(*options); }};
}

}  // namespace dagarray::cli
