// The dashboard: the embedded server with the page and its WebSocket, the pages connected,
// and a ticker that sends them what changed every interval while a compute runs.

#include <dagarray/dashboard.hpp>
#include <dagarray/server/http_server.hpp>
#include <dagarray/viewer/page.hpp>

#include <atomic>
#include <condition_variable>
#include <iostream>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <vector>

#include "compute_watch.hpp"

namespace dagarray {

using dashboard::ComputeWatch;
using dashboard::Message;

class Dashboard::Impl {
 public:
  explicit Impl(const DashboardOptions& options)
      : _interval(options.interval),
        _max_graph_tasks(options.max_graph_tasks),
        _max_queue_bytes(options.max_queue_bytes),
        _server({.host = options.host,
                 .port = options.port,
                 .max_websocket_queue_bytes = options.max_queue_bytes},
                routes()) {
    _server.start();
    _serving = std::thread([this] { _server.run(); });
    _ticker = std::thread([this] { tick(); });
  }

  ~Impl() {
    {
      std::lock_guard lock(_mutex);
      _stopping = true;
    }
    _wake.notify_all();
    _ticker.join();
    _server.stop();
    _serving.join();
  }

  std::string url() const { return _server.url(); }
  std::uint16_t port() const { return _server.port(); }

  std::size_t clients() {
    std::lock_guard lock(_mutex);
    prune();
    return _clients.size();
  }

  std::size_t fallen_behind() {
    std::lock_guard lock(_mutex);
    prune();
    return _fallen_behind;
  }

  bool wait_for_client(std::chrono::duration<double> timeout) {
    std::unique_lock lock(_mutex);
    return _connected.wait_for(lock, timeout, [this] {
      prune();
      return !_clients.empty();
    });
  }

  void compute_started(const ComputeStart& start) {
    // The graph's JSON is made outside the lock: pages keep receiving the last compute's
    // messages meanwhile.
    auto watch = std::make_shared<ComputeWatch>(_next_id++, start, _max_graph_tasks);
    std::lock_guard lock(_mutex);
    if (_running) throw std::logic_error("Dashboard: already watching a compute");
    _watch = std::move(watch);
    _running = true;
    broadcast(_watch->snapshot());
  }

  void task_started(const TaskEvent& event) noexcept { _watch->task_started(event); }
  void task_finished(const TaskEvent& event) noexcept { _watch->task_finished(event); }

  void compute_finished(const ComputeEnd& end) {
    std::lock_guard lock(_mutex);
    _running = false;
    broadcast(_watch->finish(end));
  }

 private:
  server::Routes routes() {
    server::Routes routes;
    routes.add("/", "text/html; charset=utf-8", std::string(viewer::dashboard_page()));
    routes.add_websocket("/events", [this](const std::shared_ptr<server::WebSocketClient>& client) {
      std::lock_guard lock(_mutex);
      prune();  // says so now if the page before this one was cut off
      client->send(dashboard::hello_message());
      if (_watch) {
        for (const auto& message : _watch->snapshot()) client->send(message);
      }
      _clients.push_back(client);
      _connected.notify_all();
    });
    return routes;
  }

  void tick() {
    std::unique_lock lock(_mutex);
    while (!_wake.wait_for(lock, _interval, [this] { return _stopping; })) {
      if (_running) broadcast(_watch->take_messages(ObserverClock::now()));
    }
  }

  void broadcast(const std::vector<Message>& messages) {  // _mutex held
    prune();
    for (const auto& client : _clients) {
      for (const auto& message : messages) client->send(message);
    }
  }

  void prune() {  // _mutex held
    std::erase_if(_clients, [this](const auto& client) {
      if (client->is_open()) return false;
      if (client->fell_behind()) {
        ++_fallen_behind;
        // The page shows the close frame's reason; the person at the terminal sees this.
        std::clog << "dagarray dashboard: disconnected a page that fell more than "
                  << _max_queue_bytes << " bytes behind (DashboardOptions::max_queue_bytes); "
                  << "it reconnects by itself\n";
      }
      return true;
    });
  }

  std::chrono::milliseconds _interval;
  std::size_t _max_graph_tasks;
  std::size_t _max_queue_bytes;
  std::size_t _fallen_behind = 0;  // guarded by _mutex
  std::mutex _mutex;
  std::condition_variable _wake;       // the ticker, on stop
  std::condition_variable _connected;  // wait_for_client
  bool _stopping = false;
  bool _running = false;
  std::atomic<int> _next_id{1};
  std::shared_ptr<ComputeWatch> _watch;  // the compute on show, running or ended
  std::vector<std::shared_ptr<server::WebSocketClient>> _clients;
  server::HttpServer _server;
  std::thread _serving;
  std::thread _ticker;
};

namespace {

DashboardOptions checked(DashboardOptions options) {
  if (options.interval.count() <= 0) {
    throw std::invalid_argument("Dashboard: interval = " +
                                std::to_string(options.interval.count()) + " ms must be positive");
  }
  if (options.max_queue_bytes == 0) {
    throw std::invalid_argument("Dashboard: max_queue_bytes = 0 must be positive");
  }
  return options;
}

}  // namespace

Dashboard::Dashboard(DashboardOptions options)
    : _impl(std::make_unique<Impl>(checked(std::move(options)))) {}
Dashboard::~Dashboard() = default;

std::string Dashboard::url() const {
  return _impl->url();
}
std::uint16_t Dashboard::port() const {
  return _impl->port();
}
std::size_t Dashboard::clients() const {
  return _impl->clients();
}
std::size_t Dashboard::fallen_behind() const {
  return _impl->fallen_behind();
}
bool Dashboard::wait_for_client(std::chrono::duration<double> timeout) const {
  return _impl->wait_for_client(timeout);
}
void Dashboard::compute_started(const ComputeStart& start) {
  _impl->compute_started(start);
}
void Dashboard::task_started(const TaskEvent& event) noexcept {
  _impl->task_started(event);
}
void Dashboard::task_finished(const TaskEvent& event) noexcept {
  _impl->task_finished(event);
}
void Dashboard::compute_finished(const ComputeEnd& end) {
  _impl->compute_finished(end);
}

}  // namespace dagarray
