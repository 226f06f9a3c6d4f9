#include "on_signals.hpp"

#include <csignal>
#include <utility>

namespace dagarray::cli {

OnSignals::OnSignals(std::function<void(int signal)> action)
    : _signals(_io, SIGINT, SIGTERM), _action(std::move(action)) {
  _signals.async_wait([this](const boost::system::error_code& error, int signal) {
    if (error) return;
    _action(signal);
    boost::system::error_code ignored;
    _signals.clear(ignored);
  });
  _waiter = std::jthread([this] { _io.run(); });
}

OnSignals::~OnSignals() {
  _io.stop();
}

}  // namespace dagarray::cli
