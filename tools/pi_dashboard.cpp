#include "pi_dashboard.hpp"

#include <sys/resource.h>

#include <dagarray/dashboard.hpp>

#include <chrono>
#include <condition_variable>
#include <iostream>
#include <mutex>
#include <stdexcept>

#include "listen_host.hpp"
#include "on_signals.hpp"
#include "pi_report.hpp"
#include "tool_progress.hpp"

namespace dagarray::cli {

namespace {

/// Set by SIGINT or SIGTERM; waited on.
class StopRequest {
 public:
  void set() {
    {
      std::lock_guard lock(_mutex);
      _set = true;
    }
    _changed.notify_all();
  }
  bool wait_for(std::chrono::milliseconds time) {
    std::unique_lock lock(_mutex);
    return _changed.wait_for(lock, time, [this] { return _set; });
  }
  void wait() {
    std::unique_lock lock(_mutex);
    _changed.wait(lock, [this] { return _set; });
  }

 private:
  std::mutex _mutex;
  std::condition_variable _changed;
  bool _set = false;
};

std::int64_t peak_rss_bytes() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<std::int64_t>(usage.ru_maxrss) * 1024;
}

std::vector<PiMode> graph_modes(const std::vector<std::string>& names) {
  std::vector<PiMode> modes;
  for (const auto& name : names) {
    const auto mode = pi_mode_from_name(name);
    if (!runs_graph(mode)) {
      throw std::invalid_argument("--modes: " + name +
                                  " runs no task graph, so the dashboard has nothing to show; "
                                  "use lazy, lazy-sync, lazy-unfused or lazy-unfused-sync");
    }
    modes.push_back(mode);
  }
  return modes;
}

}  // namespace

int run_pi_dashboard(const PiOptions& options, const std::vector<std::string>& names,
                     const std::string& format, const PiDashboardOptions& settings) {
  const auto problem = options.problem();
  lazy_inside(problem);  // checks n and chunk before anything listens
  const auto modes = graph_modes(names);

  check_listen_host(settings.host);
  Dashboard dashboard({.host = settings.host, .port = settings.port});
  warn_unless_loopback(std::cerr, "dagarray pi", settings.host, "the computes");
  StopRequest stop;
  const OnSignals on_signals([&stop](int /*signal*/) { stop.set(); });
  std::cerr << "dagarray: dashboard at " << dashboard.url() << std::endl;
  if (settings.wait) {
    std::cerr << "dagarray: waiting for a page to open it" << std::endl;
    while (!dashboard.wait_for_client(std::chrono::milliseconds(200))) {
      if (stop.wait_for(std::chrono::milliseconds(0))) return 0;
    }
  }

  const ToolObservers observers(!options.no_progress, {&dashboard});
  std::vector<PiRow> rows;
  for (const auto mode : modes) {
    const auto timing = time_mode(mode, problem, options.repeat, observers.list());
    rows.push_back(
        pi_row(mode, problem,
               {timing.inside, timing.seconds, graph_tasks(mode, problem), peak_rss_bytes()}));
  }
  if (format == "json") {
    print_pi_json(std::cout, problem, rows);
  } else {
    print_pi_table(std::cout, problem, options.repeat, rows);
  }
  std::cout << std::flush;
  std::cerr << "dagarray: the dashboard shows the last compute at " << dashboard.url()
            << " until Ctrl-C" << std::endl;
  stop.wait();
  return 0;
}

}  // namespace dagarray::cli
