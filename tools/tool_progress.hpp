#pragma once
// The observers a command of the tool attaches: the progress bar it shows for computes of a
// second or more (unless --no-progress), and any others the command names.

#include <dagarray/dagarray.hpp>

#include <chrono>
#include <optional>
#include <utility>
#include <vector>

namespace dagarray::cli {

class ToolObservers {
 public:
  /// @brief `others` first, then a progress bar on stderr when `progress`.
  explicit ToolObservers(bool progress, std::vector<Observer*> others = {})
      : _observers(std::move(others)) {
    if (!progress) return;
    // Shown only for computes of a second or more, so short runs print nothing; it costs one
    // atomic increment per task (docs/diagnostics.md).
    _bar.emplace(ProgressBarOptions{.minimum = std::chrono::seconds(1)});
    _observers.push_back(&*_bar);
  }
  ToolObservers(const ToolObservers&) = delete;
  ToolObservers& operator=(const ToolObservers&) = delete;

  const std::vector<Observer*>& list() const { return _observers; }

 private:
  std::optional<ProgressBar> _bar;
  std::vector<Observer*> _observers;
};

}  // namespace dagarray::cli
