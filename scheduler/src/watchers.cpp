#include "watchers.hpp"

#include <exception>
#include <stdexcept>
#include <string>

namespace dagarray::scheduler::detail {

Watchers::Watchers(const ComputeOptions& options) : _observers(options.observers) {
  for (std::size_t i = 0; i < _observers.size(); ++i) {
    if (_observers[i] == nullptr) {
      throw std::invalid_argument("compute: observers[" + std::to_string(i) +
                                  "] = nullptr; pass the address of a live observer");
    }
  }
  if (options.dashboard != nullptr) _observers.push_back(options.dashboard);
}

void Watchers::compute_started(const core::Graph& graph, Scheduler scheduler, int workers,
                               bool optimized) {
  compute_started(graph, scheduler, workers, optimized, graph.size(), 0, 1);
}

void Watchers::compute_started(const core::Graph& graph, Scheduler scheduler, int workers,
                               bool optimized, std::size_t tasks, int rank, int ranks) {
  _started = true;
  const ComputeStart start{graph, scheduler, workers, optimized, ObserverClock::now(),
                           tasks, rank,      ranks};
  for (std::size_t i = 0; i < _observers.size(); ++i) {
    try {
      _observers[i]->compute_started(start);
    } catch (const std::exception& e) {
      // Observers already started may hold threads or terminal lines: end them properly.
      const std::string error = std::string("an observer failed to start: ") + e.what();
      const ComputeEnd end{ObserverClock::now(), error};
      for (std::size_t j = 0; j < i; ++j) {
        try {
          _observers[j]->compute_finished(end);
        } catch (...) {  // the first error is the one worth reporting
        }
      }
      _observers.clear();
      throw;
    }
  }
}

void Watchers::compute_finished(std::string_view error) {
  const ComputeEnd end{ObserverClock::now(), error};
  std::exception_ptr first;
  for (auto* observer : _observers) {
    try {
      observer->compute_finished(end);
    } catch (...) {
      if (!first) first = std::current_exception();
    }
  }
  if (first) std::rethrow_exception(first);
}

}  // namespace dagarray::scheduler::detail
