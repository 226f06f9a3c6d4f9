#pragma once
// The error compute() throws when a task fails: it names the task and nests the cause.

#include <exception>
#include <stdexcept>
#include <string>
#include <utility>

namespace dagarray {

/// @brief A task threw. what() reads "task ('name-…', 3) failed: <cause>"; the original
/// exception is nested (std::rethrow_if_nested) so callers can still inspect it.
class TaskError : public std::runtime_error, public std::nested_exception {
 public:
  /// @brief Must be constructed inside the catch block of the cause, which it captures.
  TaskError(std::string key, std::string cause)
      : std::runtime_error("task " + key + " failed: " + describe(cause)),
        _key(std::move(key)),
        _cause(describe(std::move(cause))) {}

  /// @brief The failing task's key.
  const std::string& key() const noexcept { return _key; }
  /// @brief What the task threw (its what()), never empty.
  const std::string& cause() const noexcept { return _cause; }

 private:
  // An empty message would read as success wherever "no error" is an empty string.
  static std::string describe(std::string cause) {
    return cause.empty() ? "an exception without a message" : cause;
  }

  std::string _key;
  std::string _cause;
};

}  // namespace dagarray
