#pragma once
// The error compute() throws when a task fails: it names the task and nests the cause.

#include <exception>
#include <stdexcept>
#include <string>

namespace dagarray {

/// @brief A task threw. what() reads "task ('name-…', 3) failed: <cause>"; the original
/// exception is nested (std::rethrow_if_nested) so callers can still inspect it.
class TaskError : public std::runtime_error, public std::nested_exception {
 public:
  /// @brief Must be constructed inside the catch block of the cause, which it captures.
  TaskError(std::string key, const std::string& cause)
      : std::runtime_error("task " + key + " failed: " + cause), _key(std::move(key)) {}

  /// @brief The failing task's key.
  const std::string& key() const noexcept { return _key; }

 private:
  std::string _key;
};

}  // namespace dagarray
