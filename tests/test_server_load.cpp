// The server under load and abuse, on loopback, every loop bounded in count and time: a
// thousand idle connections while normal requests are answered; slowloris clients cut off by
// the header timeout without starving others; oversized request lines and headers refused;
// clients that vanish mid-response. Latencies are printed for docs/reliability.md, never
// asserted.

#include <catch2/catch.hpp>

#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "running_server.hpp"

using namespace test;

namespace {

using Clock = std::chrono::steady_clock;

const std::string kBig(4 << 20, 'x');  // 4 MiB, longer than any socket buffer

srv::Routes load_routes() {
  srv::Routes routes;
  routes.add("/", "text/plain", std::string("page"));
  routes.add("/big", "application/octet-stream", kBig);
  return routes;
}

/// @brief A plain blocking loopback socket: a thousand Clients would each hold an io_context.
class RawConnection {
 public:
  explicit RawConnection(std::uint16_t port) : _fd(::socket(AF_INET, SOCK_STREAM, 0)) {
    REQUIRE(_fd >= 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::connect(_fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0);
  }
  ~RawConnection() {
    if (_fd >= 0) ::close(_fd);
  }
  RawConnection(RawConnection&& other) noexcept : _fd(std::exchange(other._fd, -1)) {}
  RawConnection(const RawConnection&) = delete;

  /// @brief False once the server has closed its end (a send then fails).
  bool send(std::string_view bytes) {
    return ::send(_fd, bytes.data(), bytes.size(), MSG_NOSIGNAL) == ssize_t(bytes.size());
  }
  /// @brief Whether the server closed the connection: a read returns 0 (or a reset) now.
  bool closed_by_server() {
    char byte;
    const auto got = ::recv(_fd, &byte, 1, MSG_DONTWAIT);
    return got == 0 || (got < 0 && errno != EAGAIN && errno != EWOULDBLOCK);
  }
  void close_now() {
    // A reset rather than a FIN: the connection vanishes as a crashed client's does.
    const linger abort{1, 0};
    ::setsockopt(_fd, SOL_SOCKET, SO_LINGER, &abort, sizeof abort);
    ::close(std::exchange(_fd, -1));
  }

 private:
  int _fd;
};

/// @brief Milliseconds a fresh connection takes to be answered 200 for "/".
double answer_ms(std::uint16_t port) {
  const auto start = Clock::now();
  Client client(port);
  REQUIRE_FALSE(client.send(request_text(port, http::verb::get, "/")));
  const auto answer = client.receive();
  REQUIRE_FALSE(answer.error);
  REQUIRE(answer.response.result_int() == 200);
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

/// @brief Raises this process's open-file limit to `wanted` if the hard limit allows.
bool allow_files(rlim_t wanted) {
  rlimit limit{};
  getrlimit(RLIMIT_NOFILE, &limit);
  if (limit.rlim_cur >= wanted) return true;
  if (limit.rlim_max < wanted) return false;
  limit.rlim_cur = wanted;
  return setrlimit(RLIMIT_NOFILE, &limit) == 0;
}

}  // namespace

TEST_CASE("server load: 1,000 idle connections do not keep a request from its answer",
          "[server][load]") {
  constexpr int kIdle = 1000;
  // Both ends of each connection live in this process.
  if (!allow_files(2 * kIdle + 256)) {
    WARN("the open-file limit is below " << 2 * kIdle + 256 << "; skipped");
    return;
  }
  RunningServer server(load_routes());
  std::vector<RawConnection> idle;
  idle.reserve(kIdle);
  for (int i = 0; i < kIdle; ++i) idle.emplace_back(server.port());
  std::vector<double> ms;
  for (int i = 0; i < 20; ++i) ms.push_back(answer_ms(server.port()));
  std::sort(ms.begin(), ms.end());
  std::printf(
      "load: %d idle connections; a request answered in %.2f ms (median of 20), %.2f ms "
      "at most\n",
      kIdle, ms[ms.size() / 2], ms.back());
  int still_open = 0;
  for (auto& connection : idle) still_open += !connection.closed_by_server();
  CHECK(still_open == kIdle);  // idle, but within the timeout: none was dropped
}

TEST_CASE("server load: slowloris clients are cut off by the header timeout, others go on",
          "[server][load]") {
  constexpr int kSlow = 200;
  if (!allow_files(2 * kSlow + 256)) {
    WARN("the open-file limit is too low; skipped");
    return;
  }
  RunningServer server(load_routes(), {.threads = 2, .timeout = std::chrono::seconds(2)});
  std::vector<RawConnection> slow;
  for (int i = 0; i < kSlow; ++i) slow.emplace_back(server.port());
  const std::string header = "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + std::string(64, 'a');
  std::vector<bool> cut(kSlow, false);
  std::vector<double> ms;
  const auto start = Clock::now();
  // One header byte a second from each, for 30 s at most; the server's 2 s timeout ends them.
  for (std::size_t second = 0; second < 30 && std::count(cut.begin(), cut.end(), true) < kSlow;
       ++second) {
    for (int i = 0; i < kSlow; ++i) {
      if (!cut[i])
        cut[i] =
            !slow[i].send(header.substr(second % header.size(), 1)) || slow[i].closed_by_server();
    }
    ms.push_back(answer_ms(server.port()));
    std::this_thread::sleep_for(std::chrono::seconds(1));
  }
  for (int i = 0; i < kSlow; ++i) cut[i] = cut[i] || slow[i].closed_by_server();
  const auto seconds = std::chrono::duration<double>(Clock::now() - start).count();
  std::sort(ms.begin(), ms.end());
  std::printf(
      "load: %d slowloris clients cut off within %.1f s; meanwhile requests answered in "
      "%.2f ms (median of %zu), %.2f ms at most\n",
      kSlow, seconds, ms[ms.size() / 2], ms.size(), ms.back());
  CHECK(std::count(cut.begin(), cut.end(), true) == kSlow);
}

TEST_CASE("server load: an oversized request line or header is refused with 414 or 431",
          "[server][load]") {
  RunningServer server(load_routes());
  const auto answer_to = [&](const std::string& request) {
    Client client(server.port());
    REQUIRE_FALSE(client.send(request));
    const auto answer = client.receive();
    REQUIRE_FALSE(answer.error);
    CHECK_FALSE(answer.response.keep_alive());
    return answer.response.result_int();
  };
  const auto host = "Host: " + loopback_host(server.port()) + "\r\n";
  CHECK(answer_to("GET /" + std::string(4000, 'a') + " HTTP/1.1\r\n" + host + "\r\n") == 414);
  CHECK(answer_to("GET / HTTP/1.1\r\n" + host + "X-Big: " + std::string(9000, 'b') + "\r\n\r\n") ==
        431);
  CHECK(answer_ms(server.port()) >= 0);  // still serving
}

TEST_CASE("server load: clients that vanish mid-response leave the server serving",
          "[server][load]") {
  RunningServer server(load_routes());
  for (int i = 0; i < 50; ++i) {
    RawConnection connection(server.port());
    REQUIRE(connection.send(request_text(server.port(), http::verb::get, "/big") +
                            request_text(server.port(), http::verb::get, "/big")));
    if (i % 2 == 0) std::this_thread::sleep_for(std::chrono::milliseconds(2));  // mid-reply
    connection.close_now();
  }
  Client client(server.port());
  REQUIRE_FALSE(client.send(request_text(server.port(), http::verb::get, "/big")));
  const auto answer = client.receive();
  REQUIRE_FALSE(answer.error);
  CHECK(answer.response.body().size() == kBig.size());
}
