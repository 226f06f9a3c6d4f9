// `dagarray serve`: the browser viewer at "/" and a graph exported by `dagarray graph` at
// "/graph.json", over HTTP, until Ctrl-C. The file is checked before anything listens, and
// served byte for byte as it is on disk.

#include <dagarray/core/graph_json_read.hpp>
#include <dagarray/server/http_server.hpp>
#include <dagarray/viewer/page.hpp>

#include <sys/stat.h>

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <memory>
#include <stdexcept>
#include <string>

#include "command.hpp"
#include "integer_option.hpp"
#include "listen_host.hpp"
#include "on_signals.hpp"

namespace dagarray::cli {

namespace {

struct ServeOptions {
  std::string file;
  std::uint16_t port = 8787;
  std::string host = "127.0.0.1";
};

// A graph of a million tasks takes about 300 MB; a file past this is no export of ours (or
// /dev/zero), and reading it all would only exhaust memory.
constexpr std::size_t kMaxGraphBytes = std::size_t{512} << 20;

std::string read_graph_file(const std::string& path) {
  const std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"),
                                                             std::fclose);
  if (!file) throw std::runtime_error("cannot read " + path + ": " + std::strerror(errno));
  const auto too_large = [&] {
    return std::runtime_error(path + " is larger than serve's limit of " +
                              std::to_string(kMaxGraphBytes >> 20) +
                              " MiB: it is no graph `dagarray graph` wrote");
  };
  // A regular file says its size; a device or a pipe is read up to the limit.
  struct stat status {};
  if (fstat(fileno(file.get()), &status) == 0 && S_ISREG(status.st_mode) &&
      static_cast<std::uintmax_t>(status.st_size) > kMaxGraphBytes) {
    throw too_large();
  }
  std::string text;
  char buffer[1 << 16];
  while (const auto got = std::fread(buffer, 1, sizeof buffer, file.get())) {
    text.append(buffer, got);
    if (text.size() > kMaxGraphBytes) throw too_large();
  }
  // A directory opens, and fails only here (EISDIR).
  if (std::ferror(file.get())) {
    throw std::runtime_error("cannot read " + path + ": " + std::strerror(errno));
  }
  return text;
}

/// @brief Throws unless `text` is a dagarray-graph this build can show: the viewer would only
/// draw an empty page for anything else, which explains nothing.
void check_graph(const std::string& path, const std::string& text) {
  try {
    core::read_graph_json(text);
  } catch (const std::invalid_argument& e) {
    throw std::runtime_error(path + ": " + e.what() + " (write a graph with `dagarray graph`)");
  }
}

int run_serve(const ServeOptions& options) {
  check_listen_host(options.host);
  auto graph = read_graph_file(options.file);
  check_graph(options.file, graph);

  server::Routes routes;
  routes.add("/", "text/html; charset=utf-8", std::string(viewer::served_page()));
  routes.add("/graph.json", "application/json", std::move(graph));
  server::HttpServer http({.host = options.host, .port = options.port}, std::move(routes));
  http.start();
  const OnSignals stop_on_signals([&http](int /*signal*/) { http.stop(); });

  warn_unless_loopback(std::cerr, "dagarray serve", options.host, "the graph");
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
