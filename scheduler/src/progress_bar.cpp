#include <dagarray/scheduler/progress_bar.hpp>

#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <iostream>
#include <stdexcept>

namespace dagarray {

namespace {

ProgressBarOptions checked(ProgressBarOptions options) {
  if (options.width < 1 || options.width > 1000) {
    throw std::invalid_argument("ProgressBar: width = " + std::to_string(options.width) +
                                " must be between 1 and 1000");
  }
  if (!(options.minimum.count() >= 0)) {
    throw std::invalid_argument(
        "ProgressBar: minimum = " + std::to_string(options.minimum.count()) + " s must be >= 0");
  }
  if (!(options.interval.count() > 0)) {
    throw std::invalid_argument(
        "ProgressBar: interval = " + std::to_string(options.interval.count()) + " s must be > 0");
  }
  return options;
}

std::string fixed(double value, int decimals) {
  char text[32];
  std::snprintf(text, sizeof text, "%.*f", decimals, value);
  return text;
}

}  // namespace

ProgressBar::ProgressBar(ProgressBarOptions options)
    : ProgressBar(std::cerr, isatty(STDERR_FILENO) == 1, options) {}

ProgressBar::ProgressBar(std::ostream& out, bool terminal, ProgressBarOptions options)
    : _out(out), _terminal(terminal), _options(checked(options)) {}

ProgressBar::~ProgressBar() {
  stop_drawing();
}

void ProgressBar::compute_started(const ComputeStart& start) {
  stop_drawing();
  _total = start.tasks;
  _done.store(0, std::memory_order_relaxed);
  _start = start.time;
  _drawn = false;
  _stopping = false;
  if (!_terminal) return;
  _drawer = std::thread([this] {
    std::unique_lock lock(_mutex);
    while (!_wake.wait_for(lock, _options.interval, [this] { return _stopping; })) {
      const std::chrono::duration<double> elapsed = ObserverClock::now() - _start;
      if (elapsed < _options.minimum) continue;
      _out << '\r' << line(elapsed, false) << std::flush;
      _drawn = true;
    }
  });
}

void ProgressBar::task_finished(const TaskEvent& event) noexcept {
  if (!event.failed()) _done.fetch_add(1, std::memory_order_relaxed);
}

void ProgressBar::compute_finished(const ComputeEnd& end) {
  stop_drawing();
  const std::chrono::duration<double> elapsed = end.time - _start;
  if (!_drawn && elapsed < _options.minimum) return;
  if (_terminal) _out << '\r';
  _out << line(elapsed, end.failed()) << '\n' << std::flush;
}

std::string ProgressBar::line(std::chrono::duration<double> elapsed, bool failed) const {
  const auto done = _done.load(std::memory_order_relaxed);
  const double fraction = _total == 0 ? 1.0 : static_cast<double>(done) / _total;
  const auto filled = static_cast<int>(std::floor(fraction * _options.width));
  // Appended piece by piece: GCC 12 warns (falsely, -Wrestrict) on long chains of operator+.
  std::string text;
  text.reserve(static_cast<std::size_t>(_options.width) + 80);
  text.append("[").append(filled, '#').append(_options.width - filled, ' ').append("] | ");
  text.append(fixed(std::floor(100.0 * fraction), 0)).append("% | ");
  text.append(std::to_string(done)).append("/").append(std::to_string(_total));
  text.append(" tasks | ").append(fixed(elapsed.count(), 1)).append(" s");
  if (elapsed.count() > 0) {
    text.append(" | ").append(fixed(static_cast<double>(done) / elapsed.count(), 0));
    text.append(" tasks/s");
  }
  if (failed) text.append(" | failed");
  return text;
}

void ProgressBar::stop_drawing() {
  {
    std::lock_guard lock(_mutex);
    _stopping = true;
  }
  _wake.notify_all();
  if (_drawer.joinable()) _drawer.join();
}

}  // namespace dagarray
