// Times one matrix product in one mode and prints one JSON line: the median seconds of --repeat
// runs (after one untimed run), GFLOP/s, peak RSS, and a checksum of the result for comparing
// modes. bench/linalg.sh runs every mode in a process of its own and bench/peers/linalg_peers.py
// does the same for NumPy and Dask, with the same inputs.
//   square  c = a @ a, a n x n float64 in blocks of chunk x chunk
//   gram    g = x.T @ x, x rows x cols float64 in blocks of chunk x cols
// Inputs: element k (row-major) is the top 53 bits of k * 0x9E3779B97F4A7C15 (mod 2^64), times
// 2^-53, as the workloads bench and its peers use.

#include <sys/resource.h>
#include <dagarray/dagarray.hpp>
#include <dagarray/scheduler/parallel_for.hpp>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "hashed_input.hpp"

namespace da = dagarray;

namespace {

double checksum(const da::NDArray<double>& c) {
  double total = 0;
  for (double v : c) total += v;
  return total;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"One matrix product of dagarray, timed: prints a JSON line"};
  std::string workload = "square", mode = "lazy";
  std::int64_t n = 8192, rows = 2'000'000, cols = 64, chunk = 2048;
  int repeat = 5;
  app.add_option("--workload", workload, "square (a @ a) or gram (x.T @ x)")
      ->check(CLI::IsMember({"square", "gram"}));
  app.add_option("--mode", mode, "lazy (chunked graph) or eager (one BLAS call)")
      ->check(CLI::IsMember({"lazy", "eager"}));
  app.add_option("--n", n, "square: rows and columns of a")->check(CLI::Range(1, 1 << 16));
  app.add_option("--rows", rows, "gram: rows of x")->check(CLI::Range(1, 1 << 28));
  app.add_option("--cols", cols, "gram: columns of x")->check(CLI::Range(1, 1 << 14));
  app.add_option("--chunk", chunk, "block size (square: both axes; gram: rows)")
      ->check(CLI::Range(1, 1 << 28));
  app.add_option("--repeat", repeat, "timed runs")->check(CLI::Range(1, 100));
  CLI11_PARSE(app, argc, argv);

  const bool square = workload == "square";
  auto a = square ? bench::hashed_uniform(n, n) : bench::hashed_uniform(rows, cols);
  const auto m = square ? n : cols;
  const auto k = square ? n : rows;
  const double flops = 2.0 * double(m) * double(m) * double(k);
  const auto chunks = square ? da::Shape{std::min(chunk, n), std::min(chunk, n)}
                             : da::Shape{std::min(chunk, rows), cols};
  // The lazy mode takes the input over (no copy), so both hold it once.
  const auto x = mode == "lazy" ? da::from_ndarray(std::move(a), chunks)
                                : da::from_ndarray(da::NDArray<double>({1, 1}), {1, 1});
  const auto lazy = square ? da::matmul(x, x) : da::matmul(da::transpose(x), x);
  const auto run = [&] {
    if (mode == "lazy") return lazy.compute();
    return square ? da::matmul(a, a) : da::matmul(da::transpose(a), a);
  };
  const double sum = checksum(run());  // untimed: first touch of every page, BLAS's threads
  std::vector<double> seconds;
  for (int r = 0; r < repeat; ++r) {
    const auto start = std::chrono::steady_clock::now();
    const auto c = run();
    seconds.push_back(
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  std::sort(seconds.begin(), seconds.end());
  const double median = seconds[seconds.size() / 2];
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  const auto tasks = mode == "lazy" ? da::detail::build_graph({&lazy.layer(), 1}, true).size() : 0;
  std::printf(
      "{\"workload\": \"%s\", \"mode\": \"%s\", \"seconds\": %.6f, \"gflops\": %.3f, "
      "\"peak_rss_bytes\": %lld, \"tasks\": %zu, \"checksum\": %.17g}\n",
      workload.c_str(), mode.c_str(), median, flops / median / 1e9,
      static_cast<long long>(usage.ru_maxrss) * 1024, static_cast<std::size_t>(tasks), sum);
}
