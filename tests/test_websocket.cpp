// The server's WebSocket routes over real sockets: the library in this process on an ephemeral
// port, a Beast WebSocket client on the other end. No timing is asserted; every wait is bounded
// by kPatience, so a broken server fails a test instead of hanging it.

#include <catch2/catch.hpp>
#include <dagarray/server/http_server.hpp>
#include <dagarray/server/websocket.hpp>

#include <atomic>
#include <chrono>
#include <cstddef>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "http_client.hpp"
#include "running_server.hpp"
#include "websocket_client.hpp"

namespace {

using namespace test;

const std::string kPage = "<!DOCTYPE html>\n<title>dashboard</title>\n";

std::shared_ptr<const std::string> text(std::string s) {
  return std::make_shared<const std::string>(std::move(s));
}

/// @brief The server's side of the clients: each one on_open was handed, in order of arrival,
/// greeted with "hello". Must outlive the server, whose route refers to it.
class Hub {
 public:
  srv::WebSocketOpen on_open() {
    return [this](const std::shared_ptr<srv::WebSocketClient>& client) {
      client->send(text("hello"));
      const std::lock_guard lock(_mutex);
      _clients.push_back(client);
    };
  }

  /// @brief Waits for the `count`th client to have arrived; true if it did within kPatience.
  bool wait_for(std::size_t count) const {
    return eventually([&] { return size() >= count; });
  }

  std::size_t size() const {
    const std::lock_guard lock(_mutex);
    return _clients.size();
  }

  std::shared_ptr<srv::WebSocketClient> at(std::size_t i) const {
    const std::lock_guard lock(_mutex);
    return _clients.at(i);
  }

 private:
  mutable std::mutex _mutex;
  std::vector<std::shared_ptr<srv::WebSocketClient>> _clients;
};

srv::Routes routes_with(Hub& hub) {
  srv::Routes routes;
  routes.add("/", "text/html; charset=utf-8", kPage);
  routes.add_websocket("/events", hub.on_open());
  return routes;
}

/// @brief Connects to /events and reads the greeting: a client the hub holds, ready to read.
void connect_and_greet(WebSocket& client, std::uint16_t port) {
  REQUIRE_FALSE(client.connect(port, "/events"));
  CHECK(client.status() == 101);
  const auto hello = client.read_text();
  REQUIRE_FALSE(hello.error);
  CHECK(hello.text == "hello");
}

/// @brief The server answers a plain request correctly: whatever came before left it serving.
void check_still_serving(std::uint16_t port) {
  const auto page = get(port, "/");
  REQUIRE_FALSE(page.error);
  CHECK(page.response.result_int() == 200);
  CHECK(page.response.body() == kPage);
}

}  // namespace

TEST_CASE("websocket: messages from on_open, then from another thread, arrive in order",
          "[server][websocket]") {
  Hub hub;
  RunningServer server(routes_with(hub));
  WebSocket client;
  connect_and_greet(client, server.port());
  REQUIRE(hub.wait_for(1));
  const auto server_side = hub.at(0);
  CHECK(server_side->is_open());
  constexpr int kMessages = 200;
  std::thread sender([&] {
    for (int i = 0; i < kMessages; ++i) server_side->send(text("message " + std::to_string(i)));
  });
  sender.join();
  for (int i = 0; i < kMessages; ++i) {
    const auto message = client.read_text();
    REQUIRE_FALSE(message.error);
    REQUIRE(message.text == "message " + std::to_string(i));
  }
  CHECK(server_side->is_open());
  CHECK(hub.size() == 1);  // on_open ran once
}

TEST_CASE("websocket: each of 20 clients gets every message", "[server][websocket]") {
  Hub hub;
  RunningServer server(routes_with(hub));
  constexpr std::size_t kClients = 20;
  constexpr int kMessages = 50;
  std::vector<std::unique_ptr<WebSocket>> clients;
  for (std::size_t i = 0; i < kClients; ++i) {
    clients.push_back(std::make_unique<WebSocket>());
    REQUIRE_FALSE(clients.back()->connect(server.port(), "/events"));
  }
  REQUIRE(hub.wait_for(kClients));
  // From a thread of the test's, one shared copy of each message for all clients.
  std::thread sender([&] {
    for (int i = 0; i < kMessages; ++i) {
      const auto message = text("tick " + std::to_string(i));
      for (std::size_t c = 0; c < kClients; ++c) hub.at(c)->send(message);
    }
  });
  sender.join();
  for (std::size_t c = 0; c < kClients; ++c) {
    INFO("client " << c);
    const auto hello = clients[c]->read_text();
    REQUIRE_FALSE(hello.error);
    CHECK(hello.text == "hello");
    for (int i = 0; i < kMessages; ++i) {
      const auto message = clients[c]->read_text();
      REQUIRE_FALSE(message.error);
      REQUIRE(message.text == "tick " + std::to_string(i));
    }
  }
  CHECK(hub.size() == kClients);
}

TEST_CASE("websocket: an upgrade from a page of another origin is 403", "[server][websocket]") {
  Hub hub;
  RunningServer server(routes_with(hub));
  const auto p = std::to_string(server.port());
  for (const std::string& origin :
       std::vector<std::string>{"http://evil.example", "http://evil.example:" + p,
                                "http://localhost:" + p,  // the same machine, not the same origin
                                "https://127.0.0.1:" + p, "http://127.0.0.1:" + p + "/",
                                "http://127.0.0.1", std::string("null"), std::string()}) {
    INFO("Origin: " << origin);
    WebSocket client;
    CHECK(client.connect(server.port(), "/events", origin) == websocket::error::upgrade_declined);
    CHECK(client.status() == 403);
    CHECK(client.response().body().find("origin") != std::string::npos);
  }
  // The server's own pages, under either name, and programs, which send no Origin.
  WebSocket own;
  REQUIRE_FALSE(own.connect(server.port(), "/events", "http://127.0.0.1:" + p));
  CHECK(own.status() == 101);
  WebSocket by_name;
  REQUIRE_FALSE(
      by_name.connect(server.port(), "/events", "http://localhost:" + p, "localhost:" + p));
  WebSocket program;
  REQUIRE_FALSE(program.connect(server.port(), "/events"));
  REQUIRE(hub.wait_for(3));
  CHECK(hub.size() == 3);  // none of the refused ones reached on_open
}

TEST_CASE("websocket: an upgrade naming another Host is 403, even from that Host's own page",
          "[server][websocket]") {
  Hub hub;
  RunningServer server(routes_with(hub));
  const auto p = std::to_string(server.port());
  // DNS rebinding: the page's origin matches the Host it sends; only the Host check stops it.
  WebSocket rebound;
  CHECK(rebound.connect(server.port(), "/events", "http://evil.example:" + p,
                        "evil.example:" + p) == websocket::error::upgrade_declined);
  CHECK(rebound.status() == 403);
  CHECK(rebound.response().body().find("Host") != std::string::npos);
  WebSocket no_origin;
  CHECK(no_origin.connect(server.port(), "/events", std::nullopt, "evil.example:" + p) ==
        websocket::error::upgrade_declined);
  CHECK(no_origin.status() == 403);
  CHECK(hub.size() == 0);
}

TEST_CASE("websocket: bound beyond loopback, a page of the server's own origin may connect",
          "[server][websocket]") {
  Hub hub;
  RunningServer server(routes_with(hub), {.host = "0.0.0.0", .threads = 2});
  const auto host = "dashboard.example:" + std::to_string(server.port());
  WebSocket own;
  REQUIRE_FALSE(own.connect(server.port(), "/events", "http://" + host, host));
  const auto hello = own.read_text();
  REQUIRE_FALSE(hello.error);
  CHECK(hello.text == "hello");
  WebSocket other;
  CHECK(other.connect(server.port(), "/events", "http://evil.example", host) ==
        websocket::error::upgrade_declined);
  CHECK(other.status() == 403);
}

TEST_CASE("websocket: a plain GET of a WebSocket path is 426", "[server][websocket]") {
  Hub hub;
  RunningServer server(routes_with(hub));
  const auto plain = get(server.port(), "/events");
  REQUIRE_FALSE(plain.error);
  CHECK(plain.response.result_int() == 426);
  CHECK(header(plain, http::field::upgrade) == "websocket");
  CHECK(plain.response.keep_alive());
  const auto head = fetch(server.port(), http::verb::head, "/events");
  REQUIRE_FALSE(head.error);
  CHECK(head.response.result_int() == 426);
  CHECK(head.response.body().empty());
  const auto post = fetch(server.port(), http::verb::post, "/events");
  REQUIRE_FALSE(post.error);
  CHECK(post.response.result_int() == 405);
  CHECK(header(post, http::field::allow) == "GET");
  CHECK(hub.size() == 0);
  check_still_serving(server.port());
}

TEST_CASE("websocket: an upgrade of a path that is no WebSocket route is 404",
          "[server][websocket]") {
  Hub hub;
  RunningServer server(routes_with(hub));
  for (const auto* path : {"/", "/nope", "/events/", "/EVENTS"}) {
    INFO(path);
    WebSocket client;
    CHECK(client.connect(server.port(), path) == websocket::error::upgrade_declined);
    CHECK(client.status() == 404);
  }
  WebSocket traversal;
  CHECK(traversal.connect(server.port(), "/../events") == websocket::error::upgrade_declined);
  CHECK(traversal.status() == 400);
  // The refusals of any request still come first: a body (413), an oversized header (431).
  const auto upgrade = [&](const std::string& extra) {
    return "GET /events HTTP/1.1\r\nHost: " + loopback_host(server.port()) +
           "\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n"
           "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n" +
           extra + "\r\n";
  };
  const auto with_body = exchange(server.port(), upgrade("Content-Length: 5\r\n") + "hello");
  REQUIRE_FALSE(with_body.error);
  CHECK(with_body.response.result_int() == 413);
  const auto big =
      exchange(server.port(), upgrade("X-Big: " + std::string(16 * 1024, 'a') + "\r\n"));
  if (!big.error) CHECK(big.response.result_int() == 431);  // may be lost as the server closes
  CHECK(hub.size() == 0);
  check_still_serving(server.port());
}

TEST_CASE("websocket: is_open() turns false when the client goes, and send() then does nothing",
          "[server][websocket]") {
  Hub hub;
  RunningServer server(routes_with(hub));
  WebSocket polite;
  connect_and_greet(polite, server.port());
  REQUIRE(hub.wait_for(1));
  WebSocket crashing;
  connect_and_greet(crashing, server.port());
  REQUIRE(hub.wait_for(2));
  const auto closed = hub.at(0);
  const auto dropped = hub.at(1);
  CHECK(closed->is_open());
  CHECK(dropped->is_open());

  CHECK_FALSE(polite.close());
  CHECK(eventually([&] { return !closed->is_open(); }));
  crashing.drop();
  CHECK(eventually([&] { return !dropped->is_open(); }));
  closed->send(text("anyone there?"));  // a no-op, neither an error nor a crash
  dropped->send(text("anyone there?"));
  closed->close();
  check_still_serving(server.port());
}

TEST_CASE("websocket: what a client sends is dropped, and a message over 4 KiB closes it",
          "[server][websocket]") {
  Hub hub;
  RunningServer server(routes_with(hub));
  WebSocket client;
  connect_and_greet(client, server.port());
  REQUIRE(hub.wait_for(1));
  const auto server_side = hub.at(0);
  REQUIRE_FALSE(client.send_text("hi there"));
  REQUIRE_FALSE(client.send_text(std::string(4000, 'x')));
  server_side->send(text("still listening"));
  const auto answer = client.read_text();
  REQUIRE_FALSE(answer.error);
  CHECK(answer.text == "still listening");
  CHECK(server_side->is_open());

  REQUIRE_FALSE(client.send_text(std::string(8 * 1024, 'x')));
  // The server says why (1009) and closes at once; Beast 1.74 does not wait for the client's
  // reply, so the client may see its reply fail (a broken pipe) rather than a clean close.
  const auto end = client.read_text();
  REQUIRE(end.error);
  CHECK(end.error != beast::error::timeout);
  CHECK(client.close_reason().code == websocket::close_code::too_big);
  CHECK(eventually([&] { return !server_side->is_open(); }));
}

TEST_CASE("websocket: close() sends going away, and a throwing on_open closes that client only",
          "[server][websocket]") {
  Hub hub;
  auto routes = routes_with(hub);
  routes.add_websocket("/throws", [](const std::shared_ptr<srv::WebSocketClient>& client) {
    client->send(text("about to fail"));
    throw std::runtime_error("on_open failed");
  });
  RunningServer server(std::move(routes));
  WebSocket client;
  connect_and_greet(client, server.port());
  REQUIRE(hub.wait_for(1));
  const auto server_side = hub.at(0);
  server_side->close();
  CHECK_FALSE(server_side->is_open());
  server_side->send(text("after close"));  // a no-op
  const auto end = client.read_text();
  CHECK(end.error == websocket::error::closed);
  CHECK(client.close_reason().code == websocket::close_code::going_away);

  WebSocket failing;
  REQUIRE_FALSE(failing.connect(server.port(), "/throws"));
  // What on_open sent before throwing may or may not be written before the close frame.
  auto message = failing.read_text();
  if (!message.error) message = failing.read_text();
  CHECK(message.error == websocket::error::closed);
  check_still_serving(server.port());
}

TEST_CASE(
    "websocket: a client that stops reading is cut off past the queue limit, and others go on",
    "[server][websocket]") {
  Hub hub;
  constexpr std::size_t kLimit = 1024 * 1024;
  RunningServer server(routes_with(hub), {.threads = 2, .max_websocket_queue_bytes = kLimit});
  WebSocket stalled;  // never reads: its socket buffers fill, then its queue at the server
  REQUIRE_FALSE(stalled.connect(server.port(), "/events"));
  REQUIRE(hub.wait_for(1));
  WebSocket reading;
  connect_and_greet(reading, server.port());
  REQUIRE(hub.wait_for(2));
  const auto stalled_side = hub.at(0);
  const auto reading_side = hub.at(1);

  std::atomic<int> received = 0;
  beast::error_code reading_error;
  std::thread reader([&] {
    for (;;) {
      const auto message = reading.read_text();
      if (message.error) {
        reading_error = message.error;
        return;
      }
      if (message.text == "done") return;
      ++received;
    }
  });
  // Far more than any socket buffers hold; the stalled queue must overflow long before.
  constexpr int kMostMessages = 1024;
  constexpr std::size_t kMessageBytes = 64 * 1024;
  constexpr int kAhead = 4;  // keeps the reading client's own queue well below the limit
  int sent = 0;
  while (sent < kMostMessages && stalled_side->is_open()) {
    const auto message = text(std::to_string(sent) + std::string(kMessageBytes, '.'));
    stalled_side->send(message);
    reading_side->send(message);
    ++sent;
    const bool kept_up = eventually([&] { return received >= sent - kAhead; });
    if (!kept_up) break;
  }
  CHECK_FALSE(stalled_side->is_open());
  CHECK(stalled_side->fell_behind());
  CHECK(sent < kMostMessages);
  CHECK(reading_side->is_open());
  CHECK_FALSE(reading_side->fell_behind());
  reading_side->send(text("done"));
  reader.join();
  CHECK_FALSE(reading_error);
  CHECK(received == sent);
  // The stalled client finds its connection ended once it reads what reached it.
  TextMessage last;
  do last = stalled.read_text();
  while (!last.error);
  CHECK(last.error != beast::error::timeout);
}

TEST_CASE("websocket: a message over the queue limit closes with 1013 and a reason naming it",
          "[server][websocket]") {
  Hub hub;
  constexpr std::size_t kLimit = 64 * 1024;
  RunningServer server(routes_with(hub), {.max_websocket_queue_bytes = kLimit});
  WebSocket client;
  connect_and_greet(client, server.port());
  REQUIRE(hub.wait_for(1));
  const auto server_side = hub.at(0);
  server_side->send(text("small"));
  const auto first = client.read_text();
  REQUIRE_FALSE(first.error);
  CHECK(first.text == "small");
  CHECK_FALSE(server_side->fell_behind());

  server_side->send(text(std::string(kLimit + 1, 'x')));  // can never fit: dropped, with word
  server_side->send(text("after the drop"));              // a no-op
  CHECK_FALSE(server_side->is_open());
  CHECK(server_side->fell_behind());
  const auto end = client.read_text();
  CHECK(end.error == websocket::error::closed);
  CHECK(client.close_reason().code == websocket::close_code::try_again_later);
  CHECK(std::string(client.close_reason().reason.data(), client.close_reason().reason.size()) ==
        "fell behind: more than 65536 bytes waiting to be sent");
  check_still_serving(server.port());
}

TEST_CASE("websocket: an idle WebSocket outlives the server's timeout", "[server][websocket]") {
  Hub hub;
  const auto timeout = std::chrono::milliseconds(100);
  RunningServer server(routes_with(hub), {.threads = 2, .timeout = timeout});
  WebSocket idle;
  connect_and_greet(idle, server.port());
  REQUIRE(hub.wait_for(1));
  // Many times the timeout that would close an idle HTTP connection.
  std::this_thread::sleep_for(10 * timeout);
  const auto server_side = hub.at(0);
  CHECK(server_side->is_open());
  server_side->send(text("still here"));
  const auto message = idle.read_text();
  REQUIRE_FALSE(message.error);
  CHECK(message.text == "still here");
}

TEST_CASE("websocket: stop() closes open WebSockets with going away, and run() returns",
          "[server][websocket]") {
  Hub hub;
  RunningServer server(routes_with(hub));
  WebSocket reading;
  connect_and_greet(reading, server.port());
  REQUIRE(hub.wait_for(1));
  WebSocket unresponsive;  // reads nothing, so never answers the close frame
  REQUIRE_FALSE(unresponsive.connect(server.port(), "/events"));
  REQUIRE(hub.wait_for(2));
  std::atomic<bool> got_close = false;
  websocket::close_reason reason;
  std::thread reader([&] {
    const auto end = reading.read_text();
    got_close = end.error == websocket::error::closed;
    reason = reading.close_reason();
  });

  REQUIRE(server.stop());
  reader.join();
  CHECK(got_close);
  CHECK(reason.code == websocket::close_code::going_away);
  CHECK_FALSE(hub.at(0)->is_open());
  CHECK_FALSE(hub.at(1)->is_open());
  hub.at(0)->send(text("after stop"));  // the server is gone: a no-op
  TextMessage last;
  do last = unresponsive.read_text();
  while (!last.error);
  CHECK(last.error != beast::error::timeout);
}

TEST_CASE("websocket: sending from several threads while closing keeps each thread's order",
          "[server][websocket]") {
  Hub hub;
  RunningServer server(routes_with(hub));
  WebSocket client;
  connect_and_greet(client, server.port());
  REQUIRE(hub.wait_for(1));
  const auto server_side = hub.at(0);
  constexpr int kThreads = 3;
  constexpr int kMessages = 2000;
  std::vector<std::thread> senders;
  for (int t = 0; t < kThreads; ++t) {
    senders.emplace_back([&, t] {
      for (int i = 0; i < kMessages; ++i) {
        server_side->send(text(std::to_string(t) + " " + std::to_string(i)));
        if (t == 0 && i == kMessages / 2) server_side->close();
      }
    });
  }
  for (auto& sender : senders) sender.join();
  CHECK_FALSE(server_side->is_open());
  std::vector<int> next(kThreads, 0);
  TextMessage message;
  for (message = client.read_text(); !message.error; message = client.read_text()) {
    const auto space = message.text.find(' ');
    REQUIRE(space != std::string::npos);
    const auto t = static_cast<std::size_t>(std::stoi(message.text.substr(0, space)));
    REQUIRE(t < next.size());
    const int i = std::stoi(message.text.substr(space + 1));
    REQUIRE(i == next[t]);  // nothing lost or reordered before the close
    ++next[t];
  }
  CHECK(message.error == websocket::error::closed);
  CHECK(client.close_reason().code == websocket::close_code::going_away);
  CHECK(next[0] <= kMessages / 2 + 1);  // nothing sent after close() arrived
}

TEST_CASE("websocket: routes refuse bad paths, taken paths and empty handlers",
          "[server][websocket]") {
  const auto on_open = [](const std::shared_ptr<srv::WebSocketClient>&) {};
  srv::Routes routes;
  routes.add("/page", "text/plain", "page");
  routes.add_websocket("/events", on_open);
  CHECK_THROWS_AS(routes.add_websocket("events", on_open), std::invalid_argument);
  CHECK_THROWS_AS(routes.add_websocket("", on_open), std::invalid_argument);
  CHECK_THROWS_AS(routes.add_websocket("/events", on_open), std::invalid_argument);
  CHECK_THROWS_AS(routes.add_websocket("/page", on_open), std::invalid_argument);
  CHECK_THROWS_AS(routes.add("/events", "text/plain", "x"), std::invalid_argument);
  CHECK_THROWS_AS(routes.add_websocket("/other", srv::WebSocketOpen()), std::invalid_argument);
  CHECK(routes.find_websocket("/events") != nullptr);
  CHECK(routes.find_websocket("/page") == nullptr);
  CHECK(routes.find("/events") == nullptr);
}
