#pragma once
// Ctrl-C and SIGTERM as events rather than sudden death: a tool that serves (the viewer, the
// dashboard) stops cleanly and exits 0.

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>

#include <functional>
#include <thread>

namespace dagarray::cli {

/// @brief Calls `action` once with the signal's number, from a thread of its own, on the first
/// SIGINT or SIGTERM, for as long as it lives. Catching starts at construction; after the first
/// signal the default action is back, so should stopping ever hang, a second Ctrl-C still ends the
/// process.
class OnSignals {
 public:
  explicit OnSignals(std::function<void(int signal)> action);
  ~OnSignals();
  OnSignals(const OnSignals&) = delete;
  OnSignals& operator=(const OnSignals&) = delete;

 private:
  boost::asio::io_context _io;
  boost::asio::signal_set _signals;
  std::function<void(int signal)> _action;
  std::jthread _waiter;  // last: joined first, after _io.stop()
};

}  // namespace dagarray::cli
