#pragma once
/// @file dashboard.hpp
/// @brief The live dashboard, as Dask's distributed dashboard: a page served on the embedded
/// server that shows, while a compute runs, progress per layer, the task stream, memory over
/// time and the graph coloured by task state. Updates reach the page over a WebSocket, batched
/// (ten a second by default), so 100,000 tasks do not flood the browser.
///
/// Library dagarray::dashboard (it needs Boost.Beast and the bundled page); include it
/// apart from <dagarray/dagarray.hpp>.
/// @code{.cpp}
/// da::Dashboard dashboard({.port = 8787});
/// std::cout << "dashboard: " << dashboard.url() << "\n";
/// auto m = count.compute({.dashboard = &dashboard});
/// @endcode

#include <dagarray/scheduler/observer.hpp>

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

namespace dagarray {

struct DashboardOptions {
  /// Loopback unless asked otherwise: only this machine's browsers see it.
  std::string host = "127.0.0.1";
  /// 0 lets the system pick a free port; Dashboard::url() tells which.
  std::uint16_t port = 8787;
  /// How often the page is sent what changed.
  std::chrono::milliseconds interval{100};
  /// Graphs of more tasks are shown by layer: the page gets their layers and each layer's
  /// counts, not a state per task (no task view, no task stream). About 300 bytes a task go
  /// into the first message, so 100,000 tasks make 30 MB, and a page draws that many smoothly.
  std::size_t max_graph_tasks = 100'000;
  /// The most bytes a page may have waiting to be sent to it. One that falls further behind
  /// is disconnected with close code 1013 and a reason the page shows, a line on std::clog
  /// says so, and the page reconnects by itself.
  std::size_t max_queue_bytes = 64 * 1024 * 1024;
};

/// @brief Serves the dashboard from construction to destruction, and watches every compute it
/// is attached to (`compute({.dashboard = &d})`), one at a time; the page shows the latest.
class Dashboard final : public Observer {
 public:
  /// @brief Starts serving at once.
  /// @throws std::invalid_argument for an interval that is not positive or a max_queue_bytes of
  /// 0; std::system_error
  /// when the address cannot be listened on (port in use).
  explicit Dashboard(DashboardOptions options = {});
  /// @brief Stops serving; open pages keep what they last showed.
  ~Dashboard() override;
  Dashboard(const Dashboard&) = delete;
  Dashboard& operator=(const Dashboard&) = delete;

  /// @brief "http://127.0.0.1:8787/".
  std::string url() const;
  std::uint16_t port() const;

  /// @brief Pages connected now.
  std::size_t clients() const;
  /// @brief Pages disconnected so far for falling more than max_queue_bytes behind.
  std::size_t fallen_behind() const;

  /// @brief Waits until at least one page is connected: open the page, then compute.
  /// @return false if none connected within `timeout`.
  bool wait_for_client(std::chrono::duration<double> timeout) const;

  void compute_started(const ComputeStart& start) override;
  void task_started(const TaskEvent& event) noexcept override;
  void task_finished(const TaskEvent& event) noexcept override;
  void compute_finished(const ComputeEnd& end) override;

 private:
  class Impl;
  std::unique_ptr<Impl> _impl;
};

}  // namespace dagarray
