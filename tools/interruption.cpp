#include "interruption.hpp"

#include <atomic>
#include <csignal>
#include <string>

#include "child_process.hpp"
#include "on_signals.hpp"

namespace dagarray::cli {

namespace {

std::stop_source& interruption_source() {
  static std::stop_source source;
  return source;
}

std::atomic<int> received_signal{0};

}  // namespace

std::stop_token interruption_token() {
  return interruption_source().get_token();
}

int interruption_signal() {
  return received_signal.load();
}

void throw_if_interrupted() {
  if (received_signal.load(std::memory_order_relaxed) != 0) throw Interrupted();
}

InterruptOnSignals::InterruptOnSignals()
    : _signals(std::make_unique<OnSignals>([](int signal) {
        received_signal.store(signal);
        interruption_source().request_stop();
        signal_children(signal);
      })) {}

InterruptOnSignals::~InterruptOnSignals() = default;

std::string interruption_message(int signal) {
  const std::string name = signal == SIGINT    ? "SIGINT"
                           : signal == SIGTERM ? "SIGTERM"
                                               : "signal " + std::to_string(signal);
  return "interrupted by " + name + "; the work in progress was stopped";
}

}  // namespace dagarray::cli
