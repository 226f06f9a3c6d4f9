// SIGINT and SIGTERM stop the tool's long commands: the compute is cancelled, the measuring
// child is stopped too (never left running), and the tool exits with 128 + the signal and one
// line that says so.

#include <catch2/catch.hpp>

#include <dirent.h>

#include <chrono>
#include <csignal>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

#include "background_cli.hpp"

namespace {

using Catch::Matchers::Contains;

/// A process's state letter and parent, from /proc/<pid>/stat; state 0 when it is gone.
struct ProcessState {
  char state = 0;
  pid_t parent = 0;
};

ProcessState process_state(pid_t pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  if (!std::getline(stat, line)) return {};
  // "pid (name) S ppid ...": the name may hold spaces, so read after its closing parenthesis.
  std::istringstream rest(line.substr(line.rfind(')') + 1));
  ProcessState result;
  rest >> result.state >> result.parent;
  return result;
}

/// The first process whose parent is `parent`, waited for up to kPatience; 0 if none came.
pid_t child_of(pid_t parent) {
  const auto deadline = std::chrono::steady_clock::now() + test::kPatience;
  while (std::chrono::steady_clock::now() < deadline) {
    if (DIR* proc = opendir("/proc")) {
      pid_t found = 0;
      while (const dirent* entry = readdir(proc)) {
        const pid_t pid = std::atoi(entry->d_name);
        if (pid > 0 && process_state(pid).parent == parent) found = pid;
      }
      closedir(proc);
      if (found != 0) return found;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return 0;
}

/// Whether `pid` has ended (gone, or a zombie nobody reaped), waited for up to kPatience.
bool ended(pid_t pid) {
  const auto deadline = std::chrono::steady_clock::now() + test::kPatience;
  while (std::chrono::steady_clock::now() < deadline) {
    const auto state = process_state(pid).state;
    if (state == 0 || state == 'Z' || state == 'X') return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return false;
}

}  // namespace

TEST_CASE("SIGINT or SIGTERM stops pi and its measuring child, exiting 130 or 143", "[cli]") {
  for (const int signal : {SIGINT, SIGTERM}) {
    // About 20 s of work on two cores, measured in a child process.
    test::BackgroundCli pi(
        {"pi", "--n", "1e10", "--modes", "lazy", "--repeat", "1", "--no-progress"});
    const pid_t child = child_of(pi.pid());
    REQUIRE(child != 0);
    std::this_thread::sleep_for(std::chrono::milliseconds(300));  // into the compute
    pi.signal(signal);
    CHECK(pi.wait() == 128 + signal);
    CHECK_THAT(pi.err(),
               Contains(signal == SIGINT ? "interrupted by SIGINT" : "interrupted by SIGTERM"));
    CHECK(ended(child));
  }
}

TEST_CASE("SIGINT stops the plain loop and the in-process compute of profile", "[cli]") {
  test::BackgroundCli loop(
      {"pi", "--n", "1e12", "--modes", "loop", "--repeat", "1", "--no-progress"});
  const pid_t child = child_of(loop.pid());
  REQUIRE(child != 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  loop.signal(SIGINT);
  CHECK(loop.wait() == 130);
  CHECK(ended(child));

  test::BackgroundCli profile(
      {"profile", "--n", "1e11", "--repeat", "1", "--no-progress", "-o", "/dev/null"});
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  profile.signal(SIGINT);
  CHECK(profile.wait() == 130);
  CHECK_THAT(profile.err(), Contains("interrupted by SIGINT"));
}

TEST_CASE("a measuring child whose parent is killed dies with it", "[cli]") {
  test::BackgroundCli pi(
      {"pi", "--n", "1e10", "--modes", "lazy", "--repeat", "1", "--no-progress"});
  const pid_t child = child_of(pi.pid());
  REQUIRE(child != 0);
  pi.signal(SIGKILL);
  CHECK(pi.wait() == -1);
  CHECK(ended(child));
}
