#pragma once
// Ctrl-C and SIGTERM during a long command (pi, bench, profile): the first one cancels the
// running compute through its stop token and is passed on to any child process the command
// started; the command then ends with a one-line message and exit status 128 + the signal's
// number (130, 143). A second one ends the process at once.

#include <memory>
#include <stdexcept>
#include <stop_token>
#include <string>

namespace dagarray::cli {

class OnSignals;

/// @brief The token a long command's computes take as ComputeOptions::stop.
std::stop_token interruption_token();

/// @brief The signal that interrupted this process, or 0.
int interruption_signal();

/// @brief What work that runs no graph (a plain loop, a child's result) throws once a signal
/// has come.
class Interrupted : public std::runtime_error {
 public:
  Interrupted() : std::runtime_error("interrupted") {}
};

/// @brief Throws Interrupted once a signal has come: for loops that run no graph, every many
/// iterations.
void throw_if_interrupted();

/// @brief Catches SIGINT and SIGTERM while it lives: the first stops interruption_token() and
/// is sent on to the running children (child_process.hpp).
class InterruptOnSignals {
 public:
  InterruptOnSignals();
  ~InterruptOnSignals();

 private:
  // Behind a pointer, so that the files that only read the token do not include Boost.Asio.
  std::unique_ptr<OnSignals> _signals;
};

/// @brief "interrupted by SIGINT", for the command's last line.
std::string interruption_message(int signal);

}  // namespace dagarray::cli
