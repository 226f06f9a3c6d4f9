#include <dagarray/scheduler/resource_profiler.hpp>

#include <cstdio>
#include <stdexcept>
#include <string>

namespace dagarray {

namespace {

/// @brief The interval in nanoseconds, checked first: a cast of 1e30 s would overflow.
std::chrono::nanoseconds checked_interval(std::chrono::duration<double> interval) {
  const double seconds = interval.count();
  if (!(seconds >= ResourceProfiler::kMinInterval && seconds <= ResourceProfiler::kMaxInterval)) {
    char text[128];
    std::snprintf(text, sizeof text, "ResourceProfiler: interval = %g s must be in [%g, %g] s",
                  seconds, ResourceProfiler::kMinInterval, ResourceProfiler::kMaxInterval);
    throw std::invalid_argument(text);
  }
  return std::chrono::duration_cast<std::chrono::nanoseconds>(interval);
}

}  // namespace

ResourceProfiler::ResourceProfiler(std::chrono::duration<double> interval)
    : _interval(checked_interval(interval)) {}

ResourceProfiler::~ResourceProfiler() {
  stop_sampling();
}

void ResourceProfiler::compute_started(const ComputeStart& start) {
  stop_sampling();  // a compute that ended by an exception before compute_finished
  std::lock_guard lock(_mutex);
  if (!_has_origin) {
    _origin = start.time;
    _has_origin = true;
  }
  _first_of_compute = true;
  _stopping = false;
  sample(ObserverClock::now());
  _sampler = std::thread([this] {
    std::unique_lock held(_mutex);
    while (!_wake.wait_for(held, _interval, [this] { return _stopping; })) {
      sample(ObserverClock::now());
    }
  });
}

void ResourceProfiler::compute_finished(const ComputeEnd& /*end*/) {
  stop_sampling();
  std::lock_guard lock(_mutex);
  sample(ObserverClock::now());
}

void ResourceProfiler::sample(ObserverClock::time_point now) {
  const auto usage = process_usage();
  double cpu_percent = 0;
  if (!_first_of_compute) {
    const std::chrono::duration<double> wall = now - _last_time;
    const std::chrono::duration<double> cpu = usage.cpu_time - _last_cpu;
    if (wall.count() > 0) cpu_percent = 100.0 * cpu.count() / wall.count();
  }
  _first_of_compute = false;
  _last_time = now;
  _last_cpu = usage.cpu_time;
  const std::chrono::duration<double> time = now - _origin;
  _samples.push_back({time.count(), usage.rss_bytes, cpu_percent});
}

void ResourceProfiler::stop_sampling() {
  {
    std::lock_guard lock(_mutex);
    _stopping = true;
  }
  _wake.notify_all();
  if (_sampler.joinable()) _sampler.join();
}

std::vector<ResourceSample> ResourceProfiler::results() const {
  std::lock_guard lock(_mutex);
  return _samples;
}

ObserverClock::time_point ResourceProfiler::origin() const {
  std::lock_guard lock(_mutex);
  return _origin;
}

void ResourceProfiler::clear() {
  std::lock_guard lock(_mutex);
  _samples.clear();
  _has_origin = false;
}

}  // namespace dagarray
