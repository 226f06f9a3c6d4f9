// dagarray: the command-line tool. Parses with CLI11, runs the chosen subcommand and turns
// every error into one line on stderr and an exit status: 2 for usage, 1 for failures, 128 +
// the signal's number when SIGINT or SIGTERM stopped a long command.

#include <iostream>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <dagarray/array/isa.hpp>
#include <dagarray/version.hpp>

#include "command.hpp"
#include "interruption.hpp"

namespace cli = dagarray::cli;

namespace {

/// @brief "dagarray pi: message" on one line: CLI11's own messages may span several.
int report(const std::string& context, std::string message, int status) {
  for (auto& c : message) {
    if (c == '\n') c = ' ';
  }
  std::cerr << context << ": " << message << '\n';
  return status;
}

/// @brief The command line so far, for error messages: "dagarray" or "dagarray pi".
std::string context_of(const CLI::App& dagarray, const std::vector<cli::Command>& commands) {
  for (const auto& command : commands) {
    if (command.app->parsed()) return dagarray.get_name() + " " + command.app->get_name();
  }
  return dagarray.get_name();
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App dagarray("Lazy chunked arrays as task graphs on oneTBB.", "dagarray");
  // At most one; none is reported below, so that `dagarray typo` reads "not expected: typo".
  dagarray.require_subcommand(0, 1);
  dagarray.set_version_flag("--version", "dagarray " DAGARRAY_VERSION_STRING);
  const std::vector<cli::Command> commands = {
      cli::add_pi_command(dagarray),       cli::add_graph_command(dagarray),
      cli::add_serve_command(dagarray),    cli::add_bench_command(dagarray),
      cli::add_profile_command(dagarray),  cli::add_info_command(dagarray),
      cli::add_run_mode_command(dagarray),
  };

  try {
    dagarray.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // --help (exit code 0) prints the help of the subcommand it follows, to stdout.
    if (e.get_exit_code() == 0) return dagarray.exit(e);
    return report(context_of(dagarray, commands), e.what(), cli::kUsageError);
  }

  const auto context = context_of(dagarray, commands);
  for (const auto& command : commands) {
    if (!command.app->parsed()) continue;
    std::optional<cli::InterruptOnSignals> interruption;
    if (command.interruptible) interruption.emplace();
    try {
      // A wrong DAGARRAY_ISA (isa.hpp) is a usage error of every command, reported before work.
      (void)dagarray::active_isa();
      return command.run();
    } catch (const std::exception& e) {
      // Whatever a stop caused (da::Cancelled, a child that ended on the signal) reads as the
      // signal, not as a failure.
      if (const int signal = cli::interruption_signal()) {
        return report(context, cli::interruption_message(signal), 128 + signal);
      }
      const bool usage = dynamic_cast<const std::invalid_argument*>(&e) != nullptr;
      return report(context, e.what(), usage ? cli::kUsageError : cli::kRunFailure);
    }
  }
  return report(context, "a subcommand is required (see dagarray --help)", cli::kUsageError);
}
