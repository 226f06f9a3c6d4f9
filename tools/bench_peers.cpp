#include "bench_peers.hpp"

#include <unistd.h>
#include <nlohmann/json.hpp>

#include <iostream>
#include <limits>

#include "child_process.hpp"

namespace dagarray::cli {

namespace {

/// Debian's own interpreter, which has Debian's numpy, dask and numba; not whichever python3
/// comes first on PATH.
constexpr const char* kPython = "/usr/bin/python3";

PiRow row_of(const nlohmann::json& line) {
  const auto& pi = line.at("pi");
  const auto& tasks = line.at("tasks");
  return {line.at("mode").get<std::string>(),
          pi.is_null() ? std::numeric_limits<double>::quiet_NaN() : pi.get<double>(),
          line.at("seconds").get<double>(), line.at("peak_rss_bytes").get<std::int64_t>(),
          tasks.is_null() ? std::nullopt : std::optional(tasks.get<std::int64_t>())};
}

}  // namespace

std::vector<PiRow> measure_peers(const PiOptions& options, const std::string& script) {
  if (access(kPython, X_OK) != 0) {
    std::cerr << "bench: " << kPython << " not found (apt-get install python3); no peers\n";
    return {};
  }
  if (access(script.c_str(), R_OK) != 0) {
    std::cerr << "bench: peers script " << script << " not found; no peers\n";
    return {};
  }
  const auto child = run_program(
      kPython,
      {script, "--n", std::to_string(options.n), "--chunk", std::to_string(options.chunk),
       "--repeat", std::to_string(options.repeat), "--threads", std::to_string(options.threads),
       "--seed", std::to_string(options.seed), "--format", "json"},
      /*capture_stderr=*/false);
  if (!child.succeeded()) {
    std::cerr << "bench: the peers script failed (" << child.how_it_ended() << "); no peers\n";
    return {};
  }
  std::vector<PiRow> rows;
  try {
    for (const auto& line : nlohmann::json::parse(child.output)) rows.push_back(row_of(line));
  } catch (const nlohmann::json::exception& e) {
    std::cerr << "bench: the peers script printed no rows (" << e.what() << "); no peers\n";
    return {};
  }
  return rows;
}

}  // namespace dagarray::cli
