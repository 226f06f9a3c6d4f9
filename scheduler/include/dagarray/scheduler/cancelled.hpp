#pragma once
// The error compute() throws when its ComputeOptions::stop token was asked to stop.

#include <stdexcept>

namespace dagarray {

/// @brief A compute stopped by its stop token. No task was left running and every block it
/// held was released.
class Cancelled : public std::runtime_error {
 public:
  Cancelled() : std::runtime_error("compute: cancelled by its stop token") {}
};

}  // namespace dagarray
