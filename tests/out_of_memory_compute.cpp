// Run by CTest as its own process: computes a sum over 2^22 blocks (8.4 million tasks) in child
// processes whose address space is capped at 250 MB to 1 GB, so that memory runs out at a
// different point in each: building the graph, starting the compute, spawning tasks, inside
// them. Each child must end, with the right sum or with an exception (a TaskError or
// std::bad_alloc), as Scheduler::sync does: never hang (it used to, with 0% CPU, when an
// allocation failed as the threads scheduler spawned its first tasks) and never crash.
// Exits 0 when every child ended so; 1 otherwise, saying which.

#include <dagarray/dagarray.hpp>

#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <exception>
#include <thread>

namespace da = dagarray;

namespace {

constexpr int kReturned = 3;
constexpr int kThrew = 4;

int compute_under(rlim_t bytes) {
  const rlimit limit{bytes, bytes};
  if (setrlimit(RLIMIT_AS, &limit) != 0) return 2;
  try {
    const auto x = da::random::uniform(0.0, 1.0, {std::int64_t{1} << 32}, {std::int64_t{1} << 10});
    const auto total = da::sum(x).compute().item();
    // Half of 2^32 within a few standard deviations (about 2^32 / sqrt(12 * 2^32)).
    const double expected = 0.5 * double(std::int64_t{1} << 32);
    return std::abs(total - expected) < 1e6 ? kReturned : 5;
  } catch (const std::exception&) {
    return kThrew;
  }
}

}  // namespace

int main() {
  int failures = 0;
  for (rlim_t mb = 250; mb <= 1000; mb += 50) {
    const pid_t child = fork();
    if (child == 0) _exit(compute_under(mb << 20));
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(90);
    int status = 0;
    while (waitpid(child, &status, WNOHANG) == 0) {
      if (std::chrono::steady_clock::now() > deadline) {
        kill(child, SIGKILL);
        waitpid(child, &status, 0);
        std::printf("%4lu MB: hung (killed after 90 s)\n", static_cast<unsigned long>(mb));
        status = -1;
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    if (status == -1) {
      ++failures;
      continue;
    }
    const bool exited = WIFEXITED(status);
    const int code = exited ? WEXITSTATUS(status) : -1;
    const char* how = code == kReturned ? "returned the right sum"
                      : code == kThrew  ? "ended with an exception"
                                        : nullptr;
    if (how == nullptr) {
      ++failures;
      std::printf("%4lu MB: %s %d\n", static_cast<unsigned long>(mb),
                  exited ? "exit status" : "killed by signal", exited ? code : WTERMSIG(status));
    } else {
      std::printf("%4lu MB: %s\n", static_cast<unsigned long>(mb), how);
    }
  }
  return failures == 0 ? 0 : 1;
}
