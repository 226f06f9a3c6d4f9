#pragma once
// The dagarray tool running in the background, as a user leaves `dagarray serve` or
// `dagarray pi --dashboard` running: its stdout read line by line as it comes, its stderr kept,
// signals sent to it, its exit awaited. Every wait is bounded by kPatience.

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>
#include <catch2/catch.hpp>

#include <chrono>
#include <cstdio>
#include <memory>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "http_client.hpp"

extern char** environ;

namespace test {

/// @brief `dagarray ...` in a child process, for commands that serve until a signal: stdout through
/// a pipe, read as it comes (the URL line), stderr into a temporary file. Killed, if still running,
/// when the object dies.
class BackgroundCli {
 public:
  explicit BackgroundCli(std::vector<std::string> args) : _err(std::tmpfile(), std::fclose) {
    REQUIRE(_err);
    int out[2];
    REQUIRE(pipe2(out, O_CLOEXEC) == 0);
    _out = out[0];
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
    posix_spawn_file_actions_adddup2(&actions, fileno(_err.get()), STDERR_FILENO);
    // Whatever this process does with signals, the child gets their default actions.
    posix_spawnattr_t attributes;
    posix_spawnattr_init(&attributes);
    sigset_t none;
    sigset_t stops;
    sigemptyset(&none);
    sigemptyset(&stops);
    sigaddset(&stops, SIGINT);
    sigaddset(&stops, SIGTERM);
    posix_spawnattr_setsigmask(&attributes, &none);
    posix_spawnattr_setsigdefault(&attributes, &stops);
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
    std::string program = DAGARRAY_CLI;
    std::vector<char*> argv = {program.data()};
    for (auto& arg : args) argv.push_back(arg.data());
    argv.push_back(nullptr);
    const int spawned =
        posix_spawn(&_pid, program.c_str(), &actions, &attributes, argv.data(), environ);
    posix_spawnattr_destroy(&attributes);
    posix_spawn_file_actions_destroy(&actions);
    close(out[1]);
    REQUIRE(spawned == 0);
  }
  ~BackgroundCli() {
    if (_status == kRunning) {
      kill(_pid, SIGKILL);
      waitpid(_pid, nullptr, 0);
    }
    close(_out);
  }

  /// @brief The next line on stdout, without its '\n'; what came before the end when stdout
  /// closed or kPatience passed first.
  std::string read_line() {
    const auto deadline = std::chrono::steady_clock::now() + kPatience;
    for (;;) {
      if (const auto end = _stdout.find('\n'); end != std::string::npos) {
        auto line = _stdout.substr(0, end);
        _stdout.erase(0, end + 1);
        return line;
      }
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now());
      pollfd ready{.fd = _out, .events = POLLIN, .revents = 0};
      if (left.count() <= 0 || poll(&ready, 1, static_cast<int>(left.count())) <= 0) break;
      char buffer[4096];
      const auto got = read(_out, buffer, sizeof buffer);
      if (got <= 0) break;
      _stdout.append(buffer, static_cast<std::size_t>(got));
    }
    return std::exchange(_stdout, {});
  }

  void signal(int number) { REQUIRE(kill(_pid, number) == 0); }
  pid_t pid() const { return _pid; }

  /// @brief The exit status; -1 if it ended otherwise (a signal), or did not end within
  /// kPatience (then it is killed).
  int wait() {
    const auto deadline = std::chrono::steady_clock::now() + kPatience;
    while (_status == kRunning) {
      int status = 0;
      const auto done = waitpid(_pid, &status, WNOHANG);
      if (done == _pid) {
        _status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
      } else if (std::chrono::steady_clock::now() > deadline) {
        kill(_pid, SIGKILL);
        waitpid(_pid, nullptr, 0);
        _status = -1;
      } else {
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
      }
    }
    return _status;
  }

  std::string err() const {
    std::rewind(_err.get());
    std::string text;
    char buffer[4096];
    while (const auto got = std::fread(buffer, 1, sizeof buffer, _err.get())) {
      text.append(buffer, got);
    }
    return text;
  }

 private:
  static constexpr int kRunning = -2;
  pid_t _pid = 0;
  int _status = kRunning;
  int _out = -1;
  std::string _stdout;
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> _err;
};

}  // namespace test
