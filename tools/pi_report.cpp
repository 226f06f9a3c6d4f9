#include "pi_report.hpp"

#include <dagarray/scheduler/options.hpp>
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

double ns_per_sample(const PiRow& row, const PiProblem& problem) {
  return row.seconds * 1e9 / static_cast<double>(problem.n);
}

/// The hand-written loop's time, the unit of the ratio column.
std::optional<double> reference_seconds(std::span<const PiRow> rows) {
  for (const auto& row : rows) {
    if (row.mode == pi_mode_name(PiMode::handwritten) && row.seconds > 0) return row.seconds;
  }
  return std::nullopt;
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

PiRow pi_row(PiMode mode, const PiProblem& problem, const ModeMeasurement& measured) {
  // 4m/n; NaN for n = 0, as NumPy's 4 * 0 / 0.
  const double pi =
      problem.n == 0 ? std::numeric_limits<double>::quiet_NaN()
                     : 4.0 * static_cast<double>(measured.inside) / static_cast<double>(problem.n);
  return {pi_mode_name(mode), pi, measured.seconds, measured.peak_rss_bytes,
          runs_graph(mode) ? std::optional(measured.tasks) : std::nullopt};
}

void print_pi_table(std::ostream& out, const PiProblem& problem, int repeat,
                    std::span<const PiRow> rows, bool ratios) {
  const auto reference = reference_seconds(rows);
  const auto threads = problem.threads == 0 ? std::to_string(thread_count(0)) + " (all cores)"
                                            : std::to_string(problem.threads);
  out << "pi by Monte Carlo: N = " << problem.n << ", chunk = " << problem.chunk
      << ", threads = " << threads << ", repeat = " << repeat << ", seed = " << problem.seed
      << "\n\n";
  const char* row_format = "%-17s  %10s  %9s  %10s  %9s  %11s  %8s%s\n";
  out << format(row_format, "mode", "pi", "error", "seconds", "ns/sample", "peak memory", "tasks",
                ratios ? "  x handwritten" : "");
  for (const auto& row : rows) {
    const double pi = row.pi;
    const bool has_samples = problem.n > 0;
    const auto ratio = ratios && reference ? format("  %13.2f", row.seconds / *reference)
                                           : std::string(ratios ? "              -" : "");
    out << format(row_format, row.mode.c_str(), has_samples ? format("%.6f", pi).c_str() : "NaN",
                  has_samples ? format("%.2e", std::abs(pi - std::numbers::pi)).c_str() : "NaN",
                  format("%.4f", row.seconds).c_str(),
                  has_samples ? format("%.2f", ns_per_sample(row, problem)).c_str() : "-",
                  human_bytes(row.peak_rss_bytes).c_str(),
                  row.tasks ? std::to_string(*row.tasks).c_str() : "-", ratio.c_str());
  }
  for (const auto& row : rows) {
    if (row.rank_tasks.empty()) continue;
    std::int64_t all = 0;
    for (const auto tasks : row.rank_tasks) all += tasks;
    out << "\n" << row.mode << " on " << row.rank_tasks.size() << " ranks; tasks per rank:";
    for (std::size_t rank = 0; rank < row.rank_tasks.size(); ++rank) {
      const auto tasks = row.rank_tasks[rank];
      out << format("  %zu: %lld (%.1f%%)", rank, static_cast<long long>(tasks),
                    all > 0 ? 100.0 * static_cast<double>(tasks) / static_cast<double>(all) : 0.0);
    }
    out << '\n';
  }
}

void print_pi_json(std::ostream& out, const PiProblem& problem, std::span<const PiRow> rows,
                   bool ratios) {
  const auto reference = reference_seconds(rows);
  auto all = Json::array();
  for (const auto& row : rows) {
    const bool has_samples = problem.n > 0;
    Json line = {
        {"mode", row.mode},
        {"pi", has_samples ? Json(row.pi) : Json(nullptr)},
        {"seconds", row.seconds},
        {"ns_per_sample", has_samples ? Json(ns_per_sample(row, problem)) : Json(nullptr)},
        {"peak_rss_bytes", row.peak_rss_bytes},
        {"tasks", row.tasks ? Json(*row.tasks) : Json(nullptr)},
    };
    if (!row.rank_tasks.empty()) {
      line["ranks"] = row.rank_tasks.size();
      line["rank_tasks"] = row.rank_tasks;
    }
    if (ratios) {
      line["ratio_to_handwritten"] = reference ? Json(row.seconds / *reference) : Json(nullptr);
    }
    all.push_back(std::move(line));
  }
  out << all.dump(2) << '\n';
}

}  // namespace dagarray::cli
