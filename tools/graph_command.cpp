// `dagarray graph`: export the task graph of π (or of another expression from a fixed set)
// as JSON, Graphviz DOT, or a self-contained HTML page that draws it.

#include <dagarray/core/graph_json.hpp>
#include <dagarray/viewer/page.hpp>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>
#include <limits>
#include <memory>
#include <stdexcept>
#include <string>

#include "command.hpp"
#include "graph_expressions.hpp"
#include "integer_option.hpp"

namespace dagarray::cli {

namespace {

struct GraphOptions {
  std::int64_t n = 1'000'000;
  std::int64_t chunk = 100'000;
  std::uint64_t seed = 42;
  std::string expr = "pi";
  bool raw = false;
  bool optimized = false;  // the default; the flag exists to be explicit
  std::string format = "json";
  std::string output = "-";
};

std::string render(const GraphOptions& options) {
  const auto& expression = graph_expression(options.expr);
  const auto outputs = expression.build({options.n, options.chunk, options.seed});
  const ExportOptions export_options{.optimized = !options.raw};
  if (options.format == "dot") return to_dot(outputs, export_options);
  const auto json = to_json(outputs, export_options);
  if (options.format == "html") return viewer::standalone_page(json.dump());
  return core::graph_json_text(json);
}

int run_graph(const GraphOptions& options) {
  if (options.format == "html" && !viewer::available()) {
    throw std::runtime_error("--format html needs the browser viewer, which this build left out: " +
                             std::string(viewer::unavailable_reason()));
  }
  const auto text = render(options);
  if (options.output == "-") {
    std::cout << text << std::flush;
    return 0;
  }
  std::ofstream file(options.output, std::ios::binary);
  if (file) file << text;
  if (!file.flush()) {
    throw std::runtime_error("cannot write " + options.output + ": " + std::strerror(errno));
  }
  return 0;
}

std::string expressions_help() {
  std::string help = "Expressions (--expr):\n";
  for (const auto& expression : graph_expressions()) {
    help += "  " + expression.name + std::string(14 - expression.name.size(), ' ') +
            expression.formula + "\n";
  }
  return help +
         "Open an .html export in a browser, or serve a .json export with "
         "`dagarray serve FILE.json`.";
}

}  // namespace

Command add_graph_command(CLI::App& dagarray) {
  auto options = std::make_shared<GraphOptions>();
  auto* app = dagarray.add_subcommand(
      "graph", "Export the task graph of pi (or another expression) as JSON, DOT or HTML");
  app->footer(expressions_help());
  constexpr std::uint64_t kInt64Max = std::numeric_limits<std::int64_t>::max();
  app->add_option("--n", options->n, "Elements along the chunked axis (samples for pi)")
      ->type_name("N")
      ->transform(integer_in(0, kInt64Max))
      ->default_str("1e6");
  app->add_option("--chunk", options->chunk, "Elements per block along that axis")
      ->type_name("N")
      ->transform(integer_in(1, kInt64Max))
      ->default_str("1e5");
  app->add_option("--seed", options->seed, "Random seed of the expressions that draw samples")
      ->type_name("S")
      ->transform(integer_in(0, std::numeric_limits<std::uint64_t>::max()))
      ->capture_default_str();
  std::vector<std::string> names;
  for (const auto& expression : graph_expressions()) names.push_back(expression.name);
  app->add_option("--expr", options->expr, "Which expression's graph (listed below)")
      ->type_name("NAME")
      ->check(CLI::IsMember(names))
      ->capture_default_str();
  auto* optimized = app->add_flag("--optimized", options->optimized,
                                  "The graph compute() runs, after its optimisation passes "
                                  "(the default)");
  app->add_flag("--raw", options->raw, "The graph as the expression built it")->excludes(optimized);
  app->add_option("--format", options->format,
                  "json (the dagarray-graph format), dot (Graphviz) or html (a page that draws "
                  "it, for any browser, offline)")
      ->type_name("FORMAT")
      ->check(CLI::IsMember({"json", "dot", "html"}))
      ->capture_default_str();
  app->add_option("-o,--output", options->output, "File to write; - for standard output")
      ->type_name("FILE")
      ->capture_default_str();
  return {app, [options] { return run_graph(*options); }};
}

}  // namespace dagarray::cli
