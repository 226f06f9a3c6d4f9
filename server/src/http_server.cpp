#include <dagarray/server/http_server.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <boost/beast/core/error.hpp>

#include <algorithm>
#include <chrono>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <system_error>
#include <thread>
#include <utility>
#include <vector>

#include "connections.hpp"
#include "host_check.hpp"
#include "session.hpp"

namespace dagarray::server {

namespace net = boost::asio;
namespace beast = boost::beast;
using tcp = net::ip::tcp;

namespace {

/// @brief "host:port", with an IPv6 address in brackets as URLs write it.
std::string host_port(const std::string& host, std::uint16_t port) {
  const bool v6 = host.find(':') != std::string::npos;
  return (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

/// @brief Where `host` may be bound: itself when it is an address, else what it resolves to.
std::vector<tcp::endpoint> endpoints_of(net::io_context& io, const std::string& host,
                                        std::uint16_t port) {
  beast::error_code error;
  const auto address = net::ip::make_address(host, error);
  if (!error) return {tcp::endpoint(address, port)};
  tcp::resolver resolver(io);
  // No address_configured flag: on a machine whose only interface is loopback, it would hide
  // the loopback addresses of "localhost".
  const auto results =
      resolver.resolve(host, std::to_string(port), tcp::resolver::numeric_service, error);
  if (error) throw std::system_error(error, "cannot resolve host \"" + host + "\"");
  std::vector<tcp::endpoint> endpoints;
  for (const auto& result : results) endpoints.push_back(result.endpoint());
  return endpoints;
}

/// @brief Accept errors that say the process is out of a resource for a while, during which
/// accepting again at once would fail again at once.
bool out_of_resources(const beast::error_code& error) {
  return error == net::error::no_descriptors || error == net::error::no_buffer_space ||
         error == net::error::no_memory;
}

}  // namespace

class HttpServer::Impl {
 public:
  Impl(ServerOptions options, Routes routes)
      : _options(std::move(options)),
        _routes(std::move(routes)),
        _io(std::max(_options.threads, 1)),
        _strand(net::make_strand(_io)),
        _acceptor(_strand),
        _retry(_strand) {}

  void start() {
    if (_started) throw std::logic_error("HttpServer::start() called twice");
    if (_options.threads < 1) {
      throw std::invalid_argument("ServerOptions::threads must be at least 1, not " +
                                  std::to_string(_options.threads));
    }
    if (_options.timeout.count() <= 0 || _options.max_header_bytes == 0 ||
        _options.max_websocket_queue_bytes == 0) {
      throw std::invalid_argument(
          "ServerOptions::timeout, max_header_bytes and max_websocket_queue_bytes must be "
          "positive");
    }
    beast::error_code error = net::error::host_not_found;
    for (const auto& endpoint : endpoints_of(_io, _options.host, _options.port)) {
      listen(endpoint, error);
      if (!error) break;
    }
    if (error) {
      throw std::system_error(error, "cannot listen on " + host_port(_options.host, _options.port));
    }
    _endpoint = _acceptor.local_endpoint();
    _context.emplace(SessionContext{.routes = _routes,
                                    .options = _options,
                                    .hosts = HostCheck(_endpoint.address(), _endpoint.port()),
                                    .connections = _connections});
    _started = true;
    accept();
  }

  std::uint16_t port() const { return _endpoint.port(); }

  std::string url() const {
    return "http://" + host_port(_endpoint.address().to_string(), port()) + "/";
  }

  void run() {
    if (!_started) throw std::logic_error("HttpServer::run() called before start()");
    std::vector<std::jthread> helpers;
    for (int i = 1; i < _options.threads; ++i) helpers.emplace_back([this] { _io.run(); });
    _io.run();
  }

  void stop() {
    // On the strand, where accepting happens.
    net::post(_strand, [this] {
      _stopping = true;
      beast::error_code ignored;
      _acceptor.close(ignored);
      _retry.cancel();
      _connections.close_all();
    });
  }

 private:
  void listen(const tcp::endpoint& endpoint, beast::error_code& error) {
    beast::error_code ignored;
    _acceptor.close(ignored);  // from a previous endpoint that failed
    if (_acceptor.open(endpoint.protocol(), error)) return;
    // Lets a restarted server bind while old connections linger in TIME_WAIT; on Linux it
    // never lets two servers listen on one port.
    if (_acceptor.set_option(net::socket_base::reuse_address(true), error)) return;
    if (_acceptor.bind(endpoint, error)) return;
    _acceptor.listen(net::socket_base::max_listen_connections, error);
  }

  void accept() {
    // Each connection gets a strand of its own; this handler runs on the acceptor's.
    _acceptor.async_accept(net::make_strand(_io),
                           beast::bind_front_handler(&Impl::on_accept, this));
  }

  void on_accept(beast::error_code error, tcp::socket socket) {
    if (_stopping) return;
    if (error) {
      if (!out_of_resources(error)) return accept();  // e.g. the client gave up: next one
      _retry.expires_after(std::chrono::milliseconds(100));
      _retry.async_wait([this](beast::error_code waited) {
        if (!waited && !_stopping) accept();
      });
      return;
    }
    const auto session = std::make_shared<Session>(std::move(socket), *_context);
    if (_connections.add(session)) session->start();
    accept();
  }

  // Declared before the io_context: its pending handlers hold sessions that refer to these.
  const ServerOptions _options;
  const Routes _routes;
  Connections _connections;
  std::optional<SessionContext> _context;  // from start(), when the port is known
  net::io_context _io;
  net::strand<net::io_context::executor_type> _strand;
  tcp::acceptor _acceptor;
  net::steady_timer _retry;
  tcp::endpoint _endpoint;
  bool _started = false;
  // Only touched on _strand.
  bool _stopping = false;
};

HttpServer::HttpServer(ServerOptions options, Routes routes)
    : _impl(std::make_unique<Impl>(std::move(options), std::move(routes))) {}

HttpServer::~HttpServer() = default;

void HttpServer::start() {
  _impl->start();
}

std::uint16_t HttpServer::port() const {
  return _impl->port();
}

std::string HttpServer::url() const {
  return _impl->url();
}

void HttpServer::run() {
  _impl->run();
}

void HttpServer::stop() {
  _impl->stop();
}

}  // namespace dagarray::server
