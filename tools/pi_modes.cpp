#include "pi_modes.hpp"

#include <oneapi/tbb/task_arena.h>

#include <chrono>
#include <random>
#include <stdexcept>

#include "interruption.hpp"
#include "median.hpp"

namespace dagarray::cli {

namespace {

const std::vector<std::string> kModeNames = {
    "loop", "eager", "lazy", "lazy-sync", "lazy-unfused", "lazy-unfused-sync", "handwritten"};

std::int64_t count_inside_loop(const PiProblem& problem) {
  std::mt19937_64 engine(problem.seed);
  std::uniform_real_distribution<double> coordinate(-1.0, 1.0);
  std::int64_t inside = 0;
  for (std::int64_t i = 0; i < problem.n; ++i) {
    if (i % (std::int64_t{1} << 20) == 0) throw_if_interrupted();
    const double x = coordinate(engine);
    const double y = coordinate(engine);
    if (x * x + y * y < 1.0) ++inside;
  }
  return inside;
}

std::int64_t count_inside_eager(const PiProblem& problem) {
  // Eager operations run on the current oneTBB arena: this one holds --threads threads.
  tbb::task_arena arena(arena_concurrency(problem.threads));
  return arena.execute([&] {
    const auto points = eager::random::uniform(-1.0, 1.0, {2, problem.n}, problem.seed);
    throw_if_interrupted();  // eager operations cannot be stopped halfway; between them they can
    return count_nonzero(sum(square(points), 0) < 1.0).item();
  });
}

}  // namespace

ComputeOptions pi_compute_options(PiMode mode, const PiProblem& problem) {
  const bool sync = mode == PiMode::lazy_sync || mode == PiMode::lazy_unfused_sync;
  return {.scheduler = sync ? Scheduler::sync : Scheduler::threads,
          .num_threads = sync ? 1 : problem.threads,
          .optimize = mode == PiMode::lazy || mode == PiMode::lazy_sync,
          .stop = interruption_token()};
}

std::vector<std::string> pi_mode_names() {
  return kModeNames;
}

std::string pi_mode_name(PiMode mode) {
  return kModeNames.at(static_cast<std::size_t>(mode));
}

PiMode pi_mode_from_name(std::string_view name) {
  for (std::size_t m = 0; m < kModeNames.size(); ++m) {
    if (kModeNames[m] == name) return static_cast<PiMode>(m);
  }
  throw std::invalid_argument("mode = " + std::string(name) + " is not a known mode");
}

bool runs_graph(PiMode mode) {
  return mode != PiMode::loop && mode != PiMode::eager && mode != PiMode::handwritten;
}

Array<std::int64_t> lazy_inside(const PiProblem& problem) {
  const auto points = random::uniform(-1.0, 1.0, {2, problem.n}, {2, problem.chunk}, problem.seed);
  return count_nonzero(sum(square(points), 0) < 1.0);
}

std::int64_t count_inside(PiMode mode, const PiProblem& problem,
                          const std::vector<Observer*>& observers) {
  switch (mode) {
    case PiMode::loop:
      return count_inside_loop(problem);
    case PiMode::eager:
      return count_inside_eager(problem);
    case PiMode::lazy:
    case PiMode::lazy_sync:
    case PiMode::lazy_unfused:
    case PiMode::lazy_unfused_sync: {
      auto options = pi_compute_options(mode, problem);
      options.observers = observers;
      return lazy_inside(problem).compute(options).item();
    }
    case PiMode::handwritten:
      return count_inside_handwritten(problem);
  }
  throw std::invalid_argument("count_inside: mode = " + std::to_string(static_cast<int>(mode)) +
                              " is not a known mode");
}

ModeTiming time_mode(PiMode mode, const PiProblem& problem, int repeat,
                     const std::vector<Observer*>& observers) {
  return time_runs(mode, repeat, [&] { return count_inside(mode, problem, observers); });
}

ModeTiming time_runs(PiMode mode, int repeat, const std::function<std::int64_t()>& count) {
  std::vector<double> seconds;
  std::int64_t inside = 0;
  for (int run = 0; run < repeat; ++run) {
    const auto start = std::chrono::steady_clock::now();
    const auto m = count();
    seconds.push_back(
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    if (run > 0 && m != inside) {
      throw std::runtime_error(pi_mode_name(mode) + " counted " + std::to_string(m) +
                               " points inside after " + std::to_string(inside));
    }
    inside = m;
  }
  return {inside, median(seconds)};
}

std::int64_t graph_tasks(PiMode mode, const PiProblem& problem) {
  if (!runs_graph(mode)) return 0;
  const auto graph =
      task_graph(lazy_inside(problem), {.optimized = pi_compute_options(mode, problem).optimize});
  return static_cast<std::int64_t>(graph.size());
}

int arena_concurrency(int threads) {
  return threads == 0 ? tbb::task_arena::automatic : threads;
}

}  // namespace dagarray::cli
