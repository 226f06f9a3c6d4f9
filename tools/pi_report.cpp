#include "pi_report.hpp"

#include <oneapi/tbb/info.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <numbers>
#include <string>

namespace dagarray::cli {

namespace {

/// Keys in the order the columns read, not sorted.
using Json = nlohmann::ordered_json;

/// @brief 4m/n; NaN for n = 0, as NumPy's 4 * 0 / 0.
double estimate(const PiRow& row, const PiProblem& problem) {
  if (problem.n == 0) return std::numeric_limits<double>::quiet_NaN();
  return 4.0 * static_cast<double>(row.measured.inside) / static_cast<double>(problem.n);
}

double ns_per_sample(const PiRow& row, const PiProblem& problem) {
  return row.measured.seconds * 1e9 / static_cast<double>(problem.n);
}

template <class... Args>
std::string format(const char* pattern, Args... args) {
  const int size = std::snprintf(nullptr, 0, pattern, args...);
  std::string text(static_cast<std::size_t>(std::max(size, 0)), '\0');
  std::snprintf(text.data(), text.size() + 1, pattern, args...);  // + 1: the string's '\0'
  return text;
}

std::string human_bytes(std::int64_t bytes) {
  const auto b = static_cast<double>(bytes);
  if (b >= 1024.0 * 1024 * 1024) return format("%.2f GiB", b / (1024.0 * 1024 * 1024));
  if (b >= 1024.0 * 1024) return format("%.1f MiB", b / (1024.0 * 1024));
  return format("%.1f KiB", b / 1024.0);
}

}  // namespace

void print_pi_table(std::ostream& out, const PiProblem& problem, int repeat,
                    std::span<const PiRow> rows) {
  const auto threads = problem.threads == 0
                           ? std::to_string(tbb::info::default_concurrency()) + " (all cores)"
                           : std::to_string(problem.threads);
  out << "pi by Monte Carlo: N = " << problem.n << ", chunk = " << problem.chunk
      << ", threads = " << threads << ", repeat = " << repeat << ", seed = " << problem.seed
      << "\n\n";
  const char* row_format = "%-11s  %10s  %9s  %10s  %9s  %11s  %8s\n";
  out << format(row_format, "mode", "pi", "error", "seconds", "ns/sample", "peak memory", "tasks");
  for (const auto& row : rows) {
    const double pi = estimate(row, problem);
    const bool has_samples = problem.n > 0;
    out << format(row_format, pi_mode_name(row.mode).c_str(),
                  has_samples ? format("%.6f", pi).c_str() : "NaN",
                  has_samples ? format("%.2e", std::abs(pi - std::numbers::pi)).c_str() : "NaN",
                  format("%.4f", row.measured.seconds).c_str(),
                  has_samples ? format("%.2f", ns_per_sample(row, problem)).c_str() : "-",
                  human_bytes(row.measured.peak_rss_bytes).c_str(),
                  runs_graph(row.mode) ? std::to_string(row.measured.tasks).c_str() : "-");
  }
}

void print_pi_json(std::ostream& out, const PiProblem& problem, std::span<const PiRow> rows) {
  auto all = Json::array();
  for (const auto& row : rows) {
    const bool has_samples = problem.n > 0;
    all.push_back({
        {"mode", pi_mode_name(row.mode)},
        {"pi", has_samples ? Json(estimate(row, problem)) : Json(nullptr)},
        {"seconds", row.measured.seconds},
        {"ns_per_sample", has_samples ? Json(ns_per_sample(row, problem)) : Json(nullptr)},
        {"peak_rss_bytes", row.measured.peak_rss_bytes},
        {"tasks", row.measured.tasks},
    });
  }
  out << all.dump(2) << '\n';
}

}  // namespace dagarray::cli
