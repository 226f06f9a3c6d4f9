#pragma once
// The server library in this process, run()ning on a thread of its own on an ephemeral port,
// for the server and WebSocket tests. Every wait is bounded by kPatience, so a broken server
// fails a test (or, if it would hang the suite, ends it loudly) instead of hanging it.

#include <catch2/catch.hpp>
#include <dagarray/server/http_server.hpp>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <thread>
#include <utility>

#include "http_client.hpp"

namespace test {

namespace srv = dagarray::server;

/// @brief Waits for `condition` up to kPatience; true if it came true.
inline bool eventually(const std::function<bool()>& condition) {
  const auto deadline = std::chrono::steady_clock::now() + kPatience;
  while (!condition() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return condition();
}

inline bool eventually(const std::atomic<bool>& flag) {
  return eventually([&flag] { return flag.load(); });
}

/// @brief Joins a thread that should have finished; if it did not, a join would hang the suite,
/// so the test run ends here, loudly.
inline void join_or_abort(std::thread& thread, const std::atomic<bool>& returned) {
  if (!eventually(returned)) {
    std::fputs("test: HttpServer::run() did not return after stop()\n", stderr);
    std::abort();
  }
  thread.join();
}

/// @brief A server on an ephemeral port (of the loopback address unless `options` name another
/// host), run()ning on a thread of its own for as long as the object lives. Two threads by
/// default, so that the strands are exercised.
class RunningServer {
 public:
  explicit RunningServer(srv::Routes routes, srv::ServerOptions options = {.threads = 2})
      : _server(on_ephemeral_port(std::move(options)), std::move(routes)) {
    _server.start();
    _thread = std::thread([this] {
      _server.run();
      _returned = true;
    });
  }
  ~RunningServer() {
    _server.stop();
    join_or_abort(_thread, _returned);
  }
  RunningServer(const RunningServer&) = delete;
  RunningServer& operator=(const RunningServer&) = delete;

  std::uint16_t port() const { return _server.port(); }

  /// @brief Stops the server; true if run() then returned within kPatience.
  bool stop() {
    _server.stop();
    return eventually(_returned);
  }

 private:
  static srv::ServerOptions on_ephemeral_port(srv::ServerOptions options) {
    options.port = 0;
    return options;
  }

  srv::HttpServer _server;
  std::atomic<bool> _returned = false;
  std::thread _thread;
};

}  // namespace test
