#include "child_process.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <mutex>
#include <system_error>
#include <vector>

extern char** environ;

namespace dagarray::cli {

namespace {

[[noreturn]] void fail(int error, const char* what) {
  throw std::system_error(error, std::generic_category(), what);
}

/// @brief A file descriptor closed when it goes out of scope.
class FileDescriptor {
 public:
  explicit FileDescriptor(int fd = -1) : _fd(fd) {}
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  ~FileDescriptor() { close(); }

  int get() const { return _fd; }
  void close() {
    if (_fd >= 0) ::close(_fd);
    _fd = -1;
  }

 private:
  int _fd;
};

/// @brief Owns posix_spawn's file actions.
class FileActions {
 public:
  FileActions() { posix_spawn_file_actions_init(&_actions); }
  FileActions(const FileActions&) = delete;
  FileActions& operator=(const FileActions&) = delete;
  ~FileActions() { posix_spawn_file_actions_destroy(&_actions); }

  const posix_spawn_file_actions_t* get() const { return &_actions; }
  void dup2(int from, int to) {
    if (int error = posix_spawn_file_actions_adddup2(&_actions, from, to)) fail(error, "spawn");
  }

 private:
  posix_spawn_file_actions_t _actions;
};

std::string read_all(int fd) {
  std::string text;
  char buffer[4096];
  while (true) {
    const auto got = ::read(fd, buffer, sizeof buffer);
    if (got == 0) return text;
    if (got < 0) {
      if (errno == EINTR) continue;
      fail(errno, "reading the child's output");
    }
    text.append(buffer, static_cast<std::size_t>(got));
  }
}

/// @brief The children running now, so that a signal to this process can be passed on to them,
/// and the signal passed on so far (0: none), which a child started later gets at once.
struct RunningChildren {
  std::mutex mutex;
  std::vector<pid_t> pids;
  int forwarded = 0;
};

RunningChildren& running_children() {
  static RunningChildren children;
  return children;
}

/// @brief Lists a child among the running ones from its start until just before it is reaped,
/// so that its pid is never signalled once the system may give it to another process.
class RunningChild {
 public:
  explicit RunningChild(pid_t pid) : _pid(pid) {
    auto& children = running_children();
    std::lock_guard lock(children.mutex);
    children.pids.push_back(pid);
    if (children.forwarded != 0) ::kill(pid, children.forwarded);
  }
  ~RunningChild() {
    auto& children = running_children();
    std::lock_guard lock(children.mutex);
    std::erase(children.pids, _pid);
  }
  RunningChild(const RunningChild&) = delete;
  RunningChild& operator=(const RunningChild&) = delete;

 private:
  pid_t _pid;
};

}  // namespace

void signal_children(int signal) {
  auto& children = running_children();
  std::lock_guard lock(children.mutex);
  children.forwarded = signal;
  for (auto pid : children.pids) ::kill(pid, signal);
}

bool ChildExit::succeeded() const {
  return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

std::string ChildExit::how_it_ended() const {
  if (WIFSIGNALED(status)) {
    const int signal = WTERMSIG(status);
    return "signal " + std::to_string(signal) + " (" + strsignal(signal) + ")";
  }
  return "exit status " + std::to_string(WEXITSTATUS(status));
}

ChildExit run_self(const std::vector<std::string>& arguments) {
  return run_program("/proc/self/exe", arguments, true);
}

ChildExit run_program(const std::string& program, const std::vector<std::string>& arguments,
                      bool capture_stderr) {
  int ends[2];
  // Close-on-exec: the child keeps only the copies dup2 makes, so EOF comes when it exits.
  if (pipe2(ends, O_CLOEXEC) != 0) fail(errno, "pipe");
  FileDescriptor read_end(ends[0]);
  FileDescriptor write_end(ends[1]);

  FileActions actions;
  actions.dup2(write_end.get(), STDOUT_FILENO);
  if (capture_stderr) actions.dup2(write_end.get(), STDERR_FILENO);

  std::string name = program == "/proc/self/exe" ? "dagarray" : program;
  std::vector<char*> argv = {name.data()};
  std::vector<std::string> copies = arguments;  // posix_spawn takes char*, not const char*
  for (auto& argument : copies) argv.push_back(argument.data());
  argv.push_back(nullptr);

  pid_t pid = 0;
  if (int error =
          posix_spawn(&pid, program.c_str(), actions.get(), nullptr, argv.data(), environ)) {
    fail(error, ("starting " + program).c_str());
  }
  write_end.close();

  ChildExit result;
  {
    const RunningChild running(pid);
    result.output = read_all(read_end.get());
    siginfo_t ended{};
    while (waitid(P_PID, static_cast<id_t>(pid), &ended, WEXITED | WNOWAIT) < 0) {
      if (errno != EINTR) fail(errno, "waiting for the child");
    }
  }
  rusage usage{};
  while (wait4(pid, &result.status, 0, &usage) < 0) {
    if (errno != EINTR) fail(errno, "waiting for the child");
  }
  result.peak_rss_bytes = static_cast<std::int64_t>(usage.ru_maxrss) * 1024;  // KiB on Linux
  return result;
}

}  // namespace dagarray::cli
