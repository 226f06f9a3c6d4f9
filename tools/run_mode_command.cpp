#include "run_mode_command.hpp"

#include <nlohmann/json.hpp>

#include <sys/prctl.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <iostream>
#include <memory>
#include <stdexcept>
#include <vector>

#include "child_process.hpp"
#include "command.hpp"
#include "tool_progress.hpp"

namespace dagarray::cli {

namespace {

constexpr const char* kRunMode = "__run-mode";

/// @brief Ends this child with its parent: killed however the parent dies (a second Ctrl-C, a
/// SIGKILL), and at once if the parent is already gone.
void die_with_parent(pid_t parent) {
  if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || getppid() != parent) _exit(kRunFailure);
}

int run_mode(PiMode mode, const PiOptions& options, pid_t parent) {
  if (parent > 0) die_with_parent(parent);
  const auto problem = options.problem();
  const ToolObservers observers(!options.no_progress && runs_graph(mode));
  const auto timing = time_mode(mode, problem, options.repeat, observers.list());
  const nlohmann::json line = {{"inside", timing.inside},
                               {"seconds", timing.seconds},
                               {"tasks", graph_tasks(mode, problem)}};
  std::cout << line.dump() << std::endl;
  return 0;
}

/// @brief The last line a child printed: its result, or the error that stopped it (anything
/// before is a library's warning).
std::string last_line(const std::string& output) {
  const auto end = output.find_last_not_of('\n');
  if (end == std::string::npos) return "";
  const auto newline = output.rfind('\n', end);
  const auto start = newline == std::string::npos ? 0 : newline + 1;
  return output.substr(start, end + 1 - start);
}

}  // namespace

ModeMeasurement measure_in_child(PiMode mode, const PiOptions& options) {
  const auto name = pi_mode_name(mode);
  std::vector<std::string> arguments = {kRunMode,
                                        "--mode",
                                        name,
                                        "--n",
                                        std::to_string(options.n),
                                        "--chunk",
                                        std::to_string(options.chunk),
                                        "--threads",
                                        std::to_string(options.threads),
                                        "--seed",
                                        std::to_string(options.seed),
                                        "--repeat",
                                        std::to_string(options.repeat),
                                        "--parent",
                                        std::to_string(getpid())};
  if (options.no_progress) arguments.push_back("--no-progress");
  // The child's progress bar must reach the terminal as it is drawn, so its stderr is then
  // not captured; its errors reach the user there too.
  const auto child = run_program("/proc/self/exe", arguments, options.no_progress);
  const auto said = last_line(child.output);
  if (!child.succeeded()) {
    throw std::runtime_error("mode " + name + " failed (" + child.how_it_ended() + ")" +
                             (said.empty() ? "" : ": " + said));
  }
  const auto result = nlohmann::json::parse(said, nullptr, /*allow_exceptions=*/false);
  try {
    return {result.at("inside").get<std::int64_t>(), result.at("seconds").get<double>(),
            result.at("tasks").get<std::int64_t>(), child.peak_rss_bytes};
  } catch (const nlohmann::json::exception&) {
    throw std::runtime_error("mode " + name + ": the measuring process printed \"" + said +
                             "\", not a result");
  }
}

Command add_run_mode_command(CLI::App& dagarray) {
  struct State {
    PiOptions options;
    std::string mode;
    pid_t parent = 0;
  };
  auto state = std::make_shared<State>();
  auto* app = dagarray.add_subcommand(kRunMode, "Measures one mode of pi (run by pi itself)");
  app->group("");  // hidden from dagarray --help
  app->add_option("--mode", state->mode, "The mode to measure")
      ->required()
      ->check(CLI::IsMember(pi_mode_names()));
  app->add_option("--parent", state->parent, "The measuring process, which this one dies with");
  add_pi_options(*app, state->options);
  return {
      app,
      [state] { return run_mode(pi_mode_from_name(state->mode), state->options, state->parent); },
      /*interruptible=*/true};
}

}  // namespace dagarray::cli
