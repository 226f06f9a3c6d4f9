#pragma once
// Dask's ProgressBar for dagarray: tasks done out of all, percent, elapsed time and rate, on a
// line of its own. On a terminal the line is redrawn in place a few times a second; anywhere
// else (a file, a pipe, a CI log) only the final line is written.

#include <dagarray/scheduler/observer.hpp>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <iosfwd>
#include <mutex>
#include <string>
#include <thread>

namespace dagarray {

struct ProgressBarOptions {
  /// As Dask's `minimum`: a compute that takes less prints nothing at all, and on a terminal
  /// the bar appears only once this much time has passed.
  std::chrono::duration<double> minimum{0.0};
  /// Characters of the bar between its brackets, 1 to 1000.
  int width = 40;
  /// Time between redraws on a terminal: 0.1 s redraws at most ten times a second.
  std::chrono::duration<double> interval{0.1};
};

/// @code{.cpp}
/// da::ProgressBar bar({.minimum = std::chrono::seconds(1)});
/// auto m = count.compute({.observers = {&bar}});
/// // [########################################] | 100% | 100/100 tasks | 1.3 s | 77 tasks/s
/// @endcode
class ProgressBar final : public Observer {
 public:
  /// @brief Writes to stderr, redrawing in place only when stderr is a terminal.
  /// @throws std::invalid_argument for a width outside 1..1000, a negative minimum or an
  /// interval that is not positive.
  explicit ProgressBar(ProgressBarOptions options = {});
  /// @brief Writes to `out`, which must outlive the bar; `terminal` says whether it may redraw.
  ProgressBar(std::ostream& out, bool terminal, ProgressBarOptions options = {});
  ~ProgressBar() override;
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;

  void compute_started(const ComputeStart& start) override;
  void task_finished(const TaskEvent& event) noexcept override;
  void compute_finished(const ComputeEnd& end) override;

 private:
  std::string line(std::chrono::duration<double> elapsed, bool failed) const;
  void stop_drawing();

  std::ostream& _out;
  bool _terminal;
  ProgressBarOptions _options;
  std::size_t _total = 0;
  std::atomic<std::size_t> _done{0};
  ObserverClock::time_point _start;
  bool _drawn = false;  // a live line is on screen
  std::mutex _mutex;
  std::condition_variable _wake;
  bool _stopping = false;
  std::thread _drawer;
};

}  // namespace dagarray
