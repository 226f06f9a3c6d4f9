#pragma once
// Dask's ResourceProfiler for dagarray: the process's memory and CPU, sampled at a fixed
// interval on a thread of its own while a compute runs.

#include <dagarray/scheduler/observer.hpp>
#include <dagarray/scheduler/process_usage.hpp>

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>
#include <vector>

namespace dagarray {

/// @brief One sample. time: seconds since the first compute watched began.
struct ResourceSample {
  double time = 0;
  std::int64_t rss_bytes = 0;
  /// CPU time used since the previous sample over the wall time between them, in percent of
  /// one core: 200 means two cores busy. 0 for a compute's first sample.
  double cpu_percent = 0;
};

/// @brief Samples at the start of each compute, every `interval` during it, and at its end,
/// so even a short compute has two samples. The sampling thread runs only during computes.
/// @code{.cpp}
/// da::ResourceProfiler resources(std::chrono::milliseconds(50));
/// x.compute({.observers = {&resources}});
/// for (const auto& s : resources.results()) std::cout << s.time << " " << s.rss_bytes << "\n";
/// @endcode
class ResourceProfiler final : public Observer {
 public:
  /// @brief The shortest and longest intervals taken, in seconds: below a microsecond the
  /// sampler would only measure itself, and past a day no compute would see a sample.
  static constexpr double kMinInterval = 1e-6;
  static constexpr double kMaxInterval = 86400;

  /// @throws std::invalid_argument when `interval` is outside [kMinInterval, kMaxInterval].
  explicit ResourceProfiler(
      std::chrono::duration<double> interval = std::chrono::milliseconds(100));
  ~ResourceProfiler() override;
  ResourceProfiler(const ResourceProfiler&) = delete;
  ResourceProfiler& operator=(const ResourceProfiler&) = delete;

  void compute_started(const ComputeStart& start) override;
  void compute_finished(const ComputeEnd& end) override;

  /// @brief The samples so far (a copy: the sampling thread may be adding to them).
  std::vector<ResourceSample> results() const;

  /// @brief The time that ResourceSample::time counts from; meaningful once a compute started.
  ObserverClock::time_point origin() const;

  /// @brief Forgets every sample; the next compute starts a new time line.
  void clear();

 private:
  void sample(ObserverClock::time_point now);  // _mutex held
  void stop_sampling();

  std::chrono::nanoseconds _interval;
  mutable std::mutex _mutex;
  std::condition_variable _wake;
  bool _stopping = false;
  bool _has_origin = false;
  ObserverClock::time_point _origin;
  ObserverClock::time_point _last_time;
  std::chrono::nanoseconds _last_cpu{0};
  bool _first_of_compute = true;
  std::vector<ResourceSample> _samples;
  std::thread _sampler;
};

}  // namespace dagarray
