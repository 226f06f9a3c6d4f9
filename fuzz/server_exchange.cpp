// Fuzz target: the embedded HTTP server as a client meets it, over a loopback socket. The
// first byte picks what the rest is: raw bytes of HTTP requests, or raw WebSocket frames sent
// after a proper upgrade to a route that streams, as the live dashboard's does. Whatever
// arrives, the server must answer or close (never crash, hang or leak), and afterwards still
// answer a plain GET.

#include <dagarray/server/http_server.hpp>
#include <dagarray/server/websocket.hpp>

#include <boost/asio/ip/tcp.hpp>

#include <sys/socket.h>
#include <sys/time.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>
#include <thread>

namespace net = boost::asio;
namespace server = dagarray::server;
using tcp = net::ip::tcp;

namespace {

/// @brief The server, started once for the whole run on a port of its own choosing.
class Served {
 public:
  Served() : _http(options(), routes()) {
    _http.start();
    _thread = std::thread([this] { _http.run(); });
  }
  ~Served() {
    _http.stop();
    _thread.join();
  }
  std::uint16_t port() const { return _http.port(); }

 private:
  static server::ServerOptions options() {
    return {.host = "127.0.0.1",
            .port = 0,
            .threads = 1,
            .timeout = std::chrono::seconds(1),
            .max_header_bytes = 8 * 1024,
            .max_websocket_queue_bytes = 1 << 20};
  }
  static server::Routes routes() {
    server::Routes routes;
    routes.add("/", "text/plain", std::string("page"));
    routes.add_websocket("/events", [](const std::shared_ptr<server::WebSocketClient>& client) {
      client->send(std::make_shared<const std::string>("{\"type\":\"hello\"}"));
    });
    return routes;
  }
  server::HttpServer _http;
  std::thread _thread;
};

// libFuzzer's timer interrupts system calls (SIGALRM, every second): each call below is
// retried when interrupted, or an EINTR would read as the server's fault.
bool interrupted(const boost::system::error_code& error) {
  return error == net::error::interrupted;
}

/// @brief A connection whose reads give up after `ms` milliseconds of silence.
tcp::socket connect(net::io_context& io, std::uint16_t port, int ms) {
  tcp::socket socket(io);
  boost::system::error_code error;
  do {
    socket.close(error);
    socket.connect(tcp::endpoint(net::ip::address_v4::loopback(), port), error);
  } while (interrupted(error));
  if (error) std::abort();  // the server stopped listening
  const timeval wait{0, ms * 1000};
  ::setsockopt(socket.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &wait, sizeof wait);
  return socket;
}

/// @brief Reads what comes until the server closes (or falls silent for the socket's timeout),
/// or, with `until`, until that text has come.
std::string read_from(tcp::socket& socket, std::string_view until = {}) {
  std::string got;
  char buffer[4096];
  while (got.size() < (1u << 20)) {
    boost::system::error_code error;
    const auto n = socket.read_some(net::buffer(buffer), error);
    if (interrupted(error)) continue;
    if (error) break;
    got.append(buffer, n);
    if (!until.empty() && got.find(until) != std::string::npos) break;
  }
  return got;
}

void send(tcp::socket& socket, const std::string& bytes) {
  std::size_t sent = 0;
  while (sent < bytes.size()) {
    boost::system::error_code error;
    sent += socket.write_some(net::buffer(bytes.data() + sent, bytes.size() - sent), error);
    if (error && !interrupted(error)) return;  // the server closed: what it got is what counts
  }
}

const std::string kUpgrade =
    "GET /events HTTP/1.1\r\nHost: 127.0.0.1:PORT\r\nUpgrade: websocket\r\n"
    "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
    "Sec-WebSocket-Version: 13\r\n\r\n";

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static Served served;
  if (size == 0) return 0;
  const bool websocket = data[0] & 1;
  const std::string bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
  net::io_context io;
  {
    auto socket = connect(io, served.port(), 2000);
    if (websocket) {
      auto upgrade = kUpgrade;
      upgrade.replace(upgrade.find("PORT"), 4, std::to_string(served.port()));
      send(socket, upgrade);
      const auto answer = read_from(socket, "\r\n\r\n");
      if (answer.rfind("HTTP/1.1 101", 0) != 0) std::abort();  // a proper upgrade is taken
    }
    send(socket, bytes);
    // Our end of the stream: the server answers what it has and closes, so no read waits.
    boost::system::error_code ignored;
    socket.shutdown(tcp::socket::shutdown_send, ignored);
    (void)read_from(socket);
  }
  // Still serving.
  auto socket = connect(io, served.port(), 2000);
  send(socket, "GET / HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(served.port()) +
                   "\r\nConnection: close\r\n\r\n");
  if (read_from(socket).rfind("HTTP/1.1 200", 0) != 0) std::abort();
  return 0;
}
