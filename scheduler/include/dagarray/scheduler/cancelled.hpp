#pragma once
// The error compute() throws when its ComputeOptions::stop token was asked to stop (or, under
// Scheduler::mpi, another rank's was).

#include <stdexcept>
#include <string>

namespace dagarray {

/// @brief A compute stopped by its stop token. No task was left running and every block it
/// held was released.
class Cancelled : public std::runtime_error {
 public:
  Cancelled() : std::runtime_error("compute: cancelled by its stop token") {}
  /// @brief With a message of its own: which rank's stop, say.
  explicit Cancelled(const std::string& what) : std::runtime_error(what) {}
};

}  // namespace dagarray
