// The HTTP server over real sockets: the library in this process on an ephemeral loopback port,
// asked by a Beast client (`dagarray serve` itself: test_serve_command.cpp). No timing is
// asserted; every wait is bounded by kPatience, so a broken server fails a test instead of
// hanging it.

#include <unistd.h>
#include <catch2/catch.hpp>
#include <dagarray/server/http_server.hpp>

#include "http_client.hpp"
#include "running_server.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <system_error>
#include <thread>
#include <utility>
#include <vector>

namespace {

using namespace test;

const std::string kPage = "<!DOCTYPE html>\n<title>viewer</title>\n";
const std::string kGraph =
    "{\"format\": \"dagarray-graph\", \"version\": 1, \"optimized\": true,\n"
    " \"layers\": [], \"tasks\": [], \"outputs\": []}\n";

srv::Routes test_routes() {
  srv::Routes routes;
  routes.add("/", "text/html; charset=utf-8", kPage);
  routes.add("/graph.json", "application/json", kGraph);
  return routes;
}

/// @brief The server answers a plain request correctly: what every test ends with, to show that
/// whatever came before left it serving.
void check_still_serving(std::uint16_t port) {
  const auto graph = get(port, "/graph.json");
  REQUIRE_FALSE(graph.error);
  CHECK(graph.response.result_int() == 200);
  CHECK(graph.response.body() == kGraph);
}

}  // namespace

TEST_CASE("server: / is the page and /graph.json the exact graph bytes", "[server]") {
  RunningServer server(test_routes());
  const auto page = get(server.port(), "/");
  REQUIRE_FALSE(page.error);
  CHECK(page.response.result_int() == 200);
  CHECK(header(page, http::field::content_type) == "text/html; charset=utf-8");
  CHECK(page.response.body() == kPage);

  const auto graph = get(server.port(), "/graph.json");
  REQUIRE_FALSE(graph.error);
  CHECK(graph.response.result_int() == 200);
  CHECK(header(graph, http::field::content_type) == "application/json");
  CHECK(header(graph, http::field::content_length) == std::to_string(kGraph.size()));
  CHECK(header(graph, http::field::cache_control) == "no-store");
  CHECK(graph.response.keep_alive());
  CHECK(graph.response.body() == kGraph);

  // A query (a browser's cache buster, say) does not change which resource it is.
  CHECK(get(server.port(), "/graph.json?t=12345").response.body() == kGraph);
}

TEST_CASE("server: HEAD gives GET's headers and no body", "[server]") {
  RunningServer server(test_routes());
  Client client(server.port());
  REQUIRE_FALSE(client.send(request_text(server.port(), http::verb::head, "/graph.json")));
  const auto head = client.receive(true);
  REQUIRE_FALSE(head.error);
  CHECK(head.response.result_int() == 200);
  CHECK(header(head, http::field::content_type) == "application/json");
  CHECK(header(head, http::field::content_length) == std::to_string(kGraph.size()));
  CHECK(head.response.body().empty());
  // Had a body followed, this response on the same connection would not parse.
  REQUIRE_FALSE(client.send(request_text(server.port(), http::verb::get, "/")));
  const auto page = client.receive();
  REQUIRE_FALSE(page.error);
  CHECK(page.response.body() == kPage);
}

TEST_CASE("server: a path without a route is 404", "[server]") {
  RunningServer server(test_routes());
  for (const auto* target : {"/nope", "/graph.json/", "/GRAPH.JSON", "/index.html", "//"}) {
    INFO(target);
    const auto answer = get(server.port(), target);
    REQUIRE_FALSE(answer.error);
    CHECK(answer.response.result_int() == 404);
    CHECK(answer.response.keep_alive());
  }
  const auto head = fetch(server.port(), http::verb::head, "/nope");
  REQUIRE_FALSE(head.error);
  CHECK(head.response.result_int() == 404);
}

TEST_CASE("server: methods other than GET and HEAD are 405 with Allow", "[server]") {
  RunningServer server(test_routes());
  for (const auto method : {http::verb::post, http::verb::put, http::verb::delete_,
                            http::verb::patch, http::verb::options}) {
    for (const auto* target : {"/", "/graph.json"}) {
      INFO(http::to_string(method) << " " << target);
      const auto answer = fetch(server.port(), method, target);
      REQUIRE_FALSE(answer.error);
      CHECK(answer.response.result_int() == 405);
      CHECK(header(answer, http::field::allow) == "GET, HEAD");
    }
  }
  // A method no one has heard of is still a method.
  const auto brew = exchange(
      server.port(), "BREW / HTTP/1.1\r\nHost: " + loopback_host(server.port()) + "\r\n\r\n");
  REQUIRE_FALSE(brew.error);
  CHECK(brew.response.result_int() == 405);
}

TEST_CASE("server: path traversal is refused, never answered from disk", "[server]") {
  RunningServer server(test_routes());
  for (const auto* target :
       {"/../etc/passwd", "/../../../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/%2E%2E/",
        "/..%2fetc%2fpasswd", "/graph.json%2F..", "/%2e%2e%5cetc%5cpasswd", "/..\\etc\\passwd",
        "/./graph.json", "/graph.json/..", "/etc/passwd", "//etc/passwd", "/%zz", "/%", "/%2",
        "/graph.json%00", "/%0d%0aSet-Cookie:x", "http://127.0.0.1/../etc/passwd", "*"}) {
    INFO(target);
    const auto answer = exchange(
        server.port(), std::string("GET ") + target +
                           " HTTP/1.1\r\nHost: " + loopback_host(server.port()) + "\r\n\r\n");
    REQUIRE_FALSE(answer.error);
    const auto status = answer.response.result_int();
    CHECK((status == 400 || status == 404));
    CHECK(answer.response.body().find("root:") == std::string::npos);
    CHECK(answer.response.body() != kGraph);
  }
  check_still_serving(server.port());
}

TEST_CASE("server: malformed HTTP is 400 and closes the connection", "[server]") {
  RunningServer server(test_routes());
  for (const auto& request : {
           std::string("GARBAGE\r\n\r\n"), std::string("GET / HTTQ/1.1\r\nHost: x\r\n\r\n"),
           std::string("GET /\r\n\r\n"), std::string("GET / HTTP/1.1\r\nHost x\r\n\r\n"),
           std::string("GET / HTTP/1.1\r\nContent-Length: abc\r\n\r\n"),
           std::string("GET  / HTTP/1.1\r\n\r\n"),
           std::string("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\r\n\r\n"),  // TLS, sort of
       }) {
    INFO(request);
    Client client(server.port());
    client.send(request);
    const auto answer = client.receive();
    REQUIRE_FALSE(answer.error);
    CHECK(answer.response.result_int() == 400);
    CHECK_FALSE(answer.response.keep_alive());
    CHECK(client.end() != beast::error::timeout);
  }
  check_still_serving(server.port());
}

TEST_CASE("server: an oversized header is refused and the server goes on", "[server]") {
  RunningServer server(test_routes());
  const std::string big_field =
      "GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(16 * 1024, 'a') + "\r\n\r\n";
  std::string many_fields = "GET / HTTP/1.1\r\nHost: x\r\n";
  for (int i = 0; i < 1000; ++i) many_fields += "X-Field-" + std::to_string(i) + ": value\r\n";
  many_fields += "\r\n";
  for (const auto& request : {big_field, many_fields}) {
    const auto answer = exchange(server.port(), request);
    // The reply may be lost when the client is still sending as the server closes; either
    // way nothing may break.
    if (!answer.error) CHECK(answer.response.result_int() == 431);
    check_still_serving(server.port());
  }
}

TEST_CASE("server: a request with a body is refused with 413", "[server]") {
  RunningServer server(test_routes());
  const std::string with_body[] = {
      "GET /graph.json HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello",
      "POST /graph.json HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000\r\n\r\n" +
          std::string(4096, 'x'),
      "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
  };
  for (const auto& request : with_body) {
    INFO(request.substr(0, 40));
    const auto answer = exchange(server.port(), request);
    if (!answer.error) {
      CHECK(answer.response.result_int() == 413);
      CHECK_FALSE(answer.response.keep_alive());
    }
    check_still_serving(server.port());
  }
}

TEST_CASE("server: a Transfer-Encoding that does not end in chunked is refused with 400",
          "[server]") {
  RunningServer server(test_routes());
  for (const std::string encoding : {"chunked, identity", "identity", "gzip"}) {
    INFO(encoding);
    Client client(server.port());
    // Read as a request without a body, the "body" would be answered as a second request.
    REQUIRE_FALSE(client.send("GET /graph.json HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: " +
                              encoding + "\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n"));
    const auto answer = client.receive();
    REQUIRE_FALSE(answer.error);
    CHECK(answer.response.result_int() == 400);
    CHECK_FALSE(answer.response.keep_alive());
    CHECK(client.receive().error);  // closed: the request behind it is never answered
  }
  check_still_serving(server.port());
}

TEST_CASE("server: keep-alive serves several requests on one connection", "[server]") {
  RunningServer server(test_routes());
  Client client(server.port());
  // Pipelined: the second request is sent before the first is answered.
  REQUIRE_FALSE(client.send(request_text(server.port(), http::verb::get, "/graph.json") +
                            request_text(server.port(), http::verb::get, "/")));
  const auto first = client.receive();
  const auto second = client.receive();
  REQUIRE_FALSE(first.error);
  REQUIRE_FALSE(second.error);
  CHECK(first.response.body() == kGraph);
  CHECK(second.response.body() == kPage);
  REQUIRE_FALSE(client.send(request_text(server.port(), http::verb::get, "/graph.json", false)));
  const auto last = client.receive();
  REQUIRE_FALSE(last.error);
  CHECK(last.response.body() == kGraph);
  CHECK_FALSE(last.response.keep_alive());
  CHECK(client.end() != beast::error::timeout);

  // HTTP/1.0 closes after one response unless asked otherwise.
  Client old(server.port());
  REQUIRE_FALSE(old.send("GET /graph.json HTTP/1.0\r\n\r\n"));
  const auto answer = old.receive();
  REQUIRE_FALSE(answer.error);
  CHECK(answer.response.body() == kGraph);
  CHECK(old.end() != beast::error::timeout);
}

TEST_CASE("server: 64 concurrent connections each get the right answer", "[server]") {
  RunningServer server(test_routes());
  constexpr int kClients = 64;
  struct Exchange {
    explicit Exchange(net::io_context& io) : stream(io) {}
    beast::tcp_stream stream;
    std::string request;
    beast::flat_buffer buffer;
    http::response<http::string_body> response;
    beast::error_code error;
  };
  net::io_context io;
  std::vector<std::unique_ptr<Exchange>> exchanges;
  int connected = 0;
  // Every client connects before any sends, so all connections are open at once.
  const auto send_all = [&] {
    for (auto& exchange : exchanges) {
      auto* x = exchange.get();
      net::async_write(
          x->stream, net::buffer(x->request), [x](beast::error_code error, std::size_t) {
            if (error) {
              x->error = error;
              return;
            }
            http::async_read(
                x->stream, x->buffer, x->response,
                [x](beast::error_code read_error, std::size_t) { x->error = read_error; });
          });
    }
  };
  for (int i = 0; i < kClients; ++i) {
    auto exchange = std::make_unique<Exchange>(io);
    exchange->request = request_text(server.port(), http::verb::get, i % 2 ? "/" : "/graph.json");
    exchange->stream.expires_after(kPatience);
    auto* x = exchange.get();
    x->stream.async_connect(tcp::endpoint(net::ip::address_v4::loopback(), server.port()),
                            [&, x](beast::error_code error) {
                              x->error = error;
                              if (++connected == kClients) send_all();
                            });
    exchanges.push_back(std::move(exchange));
  }
  io.run();
  for (int i = 0; i < kClients; ++i) {
    INFO("client " << i);
    const auto& x = *exchanges[static_cast<std::size_t>(i)];
    REQUIRE_FALSE(x.error);
    CHECK(x.response.result_int() == 200);
    CHECK(x.response.body() == (i % 2 ? kPage : kGraph));
  }
}

TEST_CASE("server: a silent or slow client does not hold up others", "[server]") {
  // One thread: were anything to block on a client, everyone would wait.
  RunningServer server(test_routes(), {.threads = 1});
  Client silent(server.port());
  Client slow(server.port());
  REQUIRE_FALSE(slow.send("GET /graph.json HTTP/1.1\r\nHo"));
  check_still_serving(server.port());
  REQUIRE_FALSE(slow.send("st: " + loopback_host(server.port()) + "\r\n\r\n"));
  const auto answer = slow.receive();
  REQUIRE_FALSE(answer.error);
  CHECK(answer.response.body() == kGraph);
}

TEST_CASE("server: a connection idle past the timeout is closed", "[server]") {
  RunningServer server(test_routes(), {.threads = 1, .timeout = std::chrono::milliseconds(200)});
  Client idle(server.port());
  CHECK(idle.end() != beast::error::timeout);
}

TEST_CASE("server: stop() closes every connection and run() returns", "[server]") {
  RunningServer server(test_routes());
  Client idle(server.port());
  Client kept(server.port());
  REQUIRE_FALSE(kept.send(request_text(server.port(), http::verb::get, "/graph.json")));
  REQUIRE_FALSE(kept.receive().error);  // now it waits, kept alive, for a next request
  Client midway(server.port());
  REQUIRE_FALSE(midway.send("GET / HTTP/1.1\r\n"));

  REQUIRE(server.stop());
  CHECK(idle.end() != beast::error::timeout);
  CHECK(kept.end() != beast::error::timeout);
  CHECK(midway.end() != beast::error::timeout);
}

TEST_CASE("server: stop() before run() makes run() return at once", "[server]") {
  srv::HttpServer server({.port = 0}, test_routes());
  server.start();
  server.stop();
  std::atomic<bool> returned = false;
  std::thread running([&] {
    server.run();
    returned = true;
  });
  join_or_abort(running, returned);
  CHECK(returned);
}

TEST_CASE("server: start() reports a port in use, and port 0 picks one", "[server]") {
  RunningServer first(test_routes());
  CHECK(first.port() != 0);
  srv::HttpServer second({.port = first.port()}, test_routes());
  try {
    second.start();
    FAIL("a second server listened on the same port");
  } catch (const std::system_error& e) {
    CHECK(e.code().value() == EADDRINUSE);
    const std::string what = e.what();
    CHECK(what.find("127.0.0.1:" + std::to_string(first.port())) != std::string::npos);
  }
  srv::HttpServer third({.port = 0}, test_routes());
  CHECK_THROWS_AS(third.run(), std::logic_error);  // before start()
  third.start();
  CHECK(third.url() == "http://127.0.0.1:" + std::to_string(third.port()) + "/");
}

TEST_CASE("server: handlers see the decoded path and the query, and one that throws is a 500",
          "[server]") {
  auto routes = test_routes();
  routes.add("/echo me", [](const srv::Request& request) {
    return srv::Response{
        .status = 200,
        .content_type = "text/plain",
        .body = std::make_shared<const std::string>(request.path + "|" + request.query)};
  });
  routes.add("/fail", [](const srv::Request&) -> srv::Response {
    throw std::runtime_error("handler failed");
  });
  RunningServer server(std::move(routes));

  const auto echo = get(server.port(), "/echo%20me?x=%2F&y");
  REQUIRE_FALSE(echo.error);
  CHECK(echo.response.body() == "/echo me|x=%2F&y");
  const auto failed = get(server.port(), "/fail");
  REQUIRE_FALSE(failed.error);
  CHECK(failed.response.result_int() == 500);
  check_still_serving(server.port());
}

TEST_CASE("server: routes refuse paths without '/' and duplicates", "[server]") {
  srv::Routes routes;
  routes.add("/a", "text/plain", "a");
  CHECK_THROWS_AS(routes.add("/a", "text/plain", "again"), std::invalid_argument);
  CHECK_THROWS_AS(routes.add("b", "text/plain", "b"), std::invalid_argument);
  CHECK_THROWS_AS(routes.add("/c", srv::Handler()), std::invalid_argument);
  CHECK(routes.find("/a") != nullptr);
  CHECK(routes.find("/b") == nullptr);
}

TEST_CASE("server: on loopback, a Host that is not a loopback name and port is 403", "[server]") {
  RunningServer server(test_routes());
  const auto port = server.port();
  const auto p = std::to_string(port);
  const auto other = std::to_string(port == 65535 ? port - 1 : port + 1);
  const auto with_host = [&](const std::string& host) {
    return "GET /graph.json HTTP/1.1\r\nHost: " + host + "\r\n\r\n";
  };
  // What a page that pointed a name of its own at 127.0.0.1 (DNS rebinding) sends, and kin.
  for (const std::string& host : std::vector<std::string>{
           "evil.example:" + p, "evil.example", "localhost.evil.example:" + p,
           "127.0.0.1.nip.io:" + p, "localhost:" + other, "127.0.0.1", "localhost", "[::1]",
           "0.0.0.0:" + p, "10.0.0.1:" + p, "[::2]:" + p, "localhost:" + p + ":" + p,
           "localhost:x" + p, "[::1:" + p, std::string("x")}) {
    INFO(host);
    const auto answer = test::exchange(port, with_host(host));
    REQUIRE_FALSE(answer.error);
    CHECK(answer.response.result_int() == 403);
    CHECK(answer.response.body().find("Host") != std::string::npos);
    CHECK(answer.response.body() != kGraph);
  }
  const auto two_hosts =
      test::exchange(port, "GET /graph.json HTTP/1.1\r\nHost: " + loopback_host(port) +
                               "\r\nHost: evil.example\r\n\r\n");
  REQUIRE_FALSE(two_hosts.error);
  CHECK(two_hosts.response.result_int() == 403);
  // HEAD is refused too, with the headers only.
  Client head(port);
  REQUIRE_FALSE(head.send("HEAD /graph.json HTTP/1.1\r\nHost: evil.example:" + p + "\r\n\r\n"));
  const auto head_answer = head.receive(true);
  REQUIRE_FALSE(head_answer.error);
  CHECK(head_answer.response.result_int() == 403);

  // Every name of this machine that DNS cannot redirect, with the port.
  for (const auto& host :
       {"127.0.0.1:" + p, "localhost:" + p, "LocalHost:" + p, "127.1.2.3:" + p, "[::1]:" + p}) {
    INFO(host);
    const auto answer = test::exchange(port, with_host(host));
    REQUIRE_FALSE(answer.error);
    CHECK(answer.response.result_int() == 200);
    CHECK(answer.response.body() == kGraph);
  }
  // No Host at all (HTTP/1.0): no browser sends that, so no rebinding page either.
  const auto old = test::exchange(port, "GET /graph.json HTTP/1.0\r\n\r\n");
  REQUIRE_FALSE(old.error);
  CHECK(old.response.body() == kGraph);
}

TEST_CASE("server: bound beyond loopback, any Host is answered", "[server]") {
  RunningServer server(test_routes(), {.host = "0.0.0.0", .threads = 2});
  const auto answer =
      test::exchange(server.port(), "GET /graph.json HTTP/1.1\r\nHost: graphs.example:" +
                                        std::to_string(server.port()) + "\r\n\r\n");
  REQUIRE_FALSE(answer.error);
  CHECK(answer.response.result_int() == 200);
  CHECK(answer.response.body() == kGraph);
}
