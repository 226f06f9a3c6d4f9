#include "bench_observers.hpp"

#include <dagarray/dashboard.hpp>

#include <chrono>
#include <functional>
#include <ostream>
#include <streambuf>

#include "median.hpp"

namespace dagarray::cli {

namespace {

/// Where the progress bar writes while it is timed: as a log file would take it, nowhere.
class Discard : public std::streambuf {
 protected:
  int_type overflow(int_type c) override { return traits_type::not_eof(c); }
  std::streamsize xsputn(const char*, std::streamsize n) override { return n; }
};

}  // namespace

std::vector<ObserverCost> measure_observer_costs(const PiProblem& problem, int repeat) {
  Discard discard;
  std::ostream nowhere(&discard);
  ProgressBar progress(nowhere, false);
  Profiler profiler;
  ResourceProfiler resources;  // Dask's ResourceProfiler samples every second; this, 0.1 s
  Dashboard dashboard({.port = 0});
  const std::vector<std::pair<std::string, std::vector<Observer*>>> variants = {
      {"none", {}},
      {"progress", {&progress}},
      {"profiler", {&profiler}},
      {"resources", {&resources}},
      {"dashboard", {&dashboard}},
      {"all", {&progress, &profiler, &resources, &dashboard}},
  };
  const auto time_one = [&](const std::vector<Observer*>& observers) {
    const auto start = std::chrono::steady_clock::now();
    count_inside(PiMode::lazy, problem, observers);
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  };
  std::vector<std::vector<double>> seconds(variants.size());
  for (const auto& variant : variants) time_one(variant.second);  // warm-up
  for (int round = 0; round < repeat; ++round) {
    // Each round starts with another variant, so none always follows the same one (the
    // dashboard frees a graph's JSON, which the next compute may pay for in page faults).
    for (std::size_t i = 0; i < variants.size(); ++i) {
      const auto v = (i + static_cast<std::size_t>(round)) % variants.size();
      seconds[v].push_back(time_one(variants[v].second));
    }
    profiler.clear();  // its records would otherwise grow round after round
  }
  std::vector<ObserverCost> costs;
  const double none = median(seconds[0]);
  for (std::size_t v = 0; v < variants.size(); ++v) {
    const double s = median(seconds[v]);
    costs.push_back({variants[v].first, s, none > 0 ? s / none : 0.0});
  }
  return costs;
}

}  // namespace dagarray::cli
