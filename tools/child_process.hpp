#pragma once
// Running this program again in a child process, to measure something on its own: the
// child's peak memory is then its own, not the largest of everything this process ran.

#include <cstdint>
#include <string>
#include <vector>

namespace dagarray::cli {

/// @brief How a child ended and what it printed.
struct ChildExit {
  /// Its stdout and stderr, interleaved as written.
  std::string output;
  /// As wait4 returns it.
  int status = 0;
  /// Peak resident set (wait4's ru_maxrss). Linux counts the memory of the process that
  /// spawned it until the exec, so a spawning process should stay small.
  std::int64_t peak_rss_bytes = 0;

  bool succeeded() const;
  /// @brief "exit status 3" or "signal 9 (Killed)".
  std::string how_it_ended() const;
};

/// @brief Runs this executable (/proc/self/exe) with `arguments` after argv[0], and waits.
/// @throws std::system_error when the child cannot be started or waited for.
ChildExit run_self(const std::vector<std::string>& arguments);

/// @brief Runs `program` (a path) with `arguments` and waits. Its stdout is captured; its
/// stderr too when `capture_stderr`, otherwise it goes to this process's stderr, so that the
/// user reads the child's messages as they come.
ChildExit run_program(const std::string& program, const std::vector<std::string>& arguments,
                      bool capture_stderr);

/// @brief Sends `signal` to every child started by run_program that is still running, and to
/// any started from now on: a stop this process was asked for reaches them too.
void signal_children(int signal);

}  // namespace dagarray::cli
