// Times --steps explicit steps of the 2-D heat equation (the 5-point stencil) in one mode and
// prints one JSON line: the median seconds of --repeat runs (after --warmup untimed ones), peak
// RSS, and checksums of the final grid for comparing modes. bench/heat.sh runs every mode in a
// process of its own and bench/peers/heat_peers.py does the same for NumPy and Dask.
//   overlap  lazy: every step a da::map_overlap (depth 1), all steps one expression
//   slices   lazy: every step da::pad then four shifted views, as a NumPy user writes it
//   eager    NDArray: the same slices, each step computed at once (NumPy's way)
// --persist-every k (lazy modes) computes the chain in batches: da::persist after every k steps,
// so no compute holds more than k steps of graph.
// Usage: bench/heat.sh dagarray_bench_heat (every mode and peer), or one mode:
//   dagarray_bench_heat --mode overlap --n 16384 --chunk 2048 --steps 100 --repeat 1 --warmup 0
// Every mode computes u <- u + alpha (up + down + left + right - 4 u) on the whole n x n grid,
// with zeros beyond its edges (np.pad's default, Dask's boundary=0), in that order of
// operations, so the results agree bit for bit unless a compiler contracts into FMAs.
// Input: element k (row-major) is the top 53 bits of k * 0x9E3779B97F4A7C15 (mod 2^64), times
// 2^-53, as the other benches and their peers use.

#include <sys/resource.h>
#include <dagarray/dagarray.hpp>
#include <dagarray/scheduler/parallel_for.hpp>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "hashed_input.hpp"

namespace da = dagarray;

namespace {

constexpr double kAlpha = 0.2;  // stable for alpha <= 1/4

/// One step on a block given with one row and column of its neighbours around it (map_overlap
/// trims the rim away after).
da::NDArray<double> block_step(const da::NDArray<double>& u) {
  auto next = da::NDArray<double>::empty(u.shape());
  const auto rows = u.shape()[0], cols = u.shape()[1];
  const double* in = u.data();
  double* out = next.data();
  for (std::int64_t i = 1; i + 1 < rows; ++i) {
    for (std::int64_t j = 1; j + 1 < cols; ++j) {
      const auto k = i * cols + j;
      out[k] = in[k] + kAlpha * (in[k - cols] + in[k + cols] + in[k - 1] + in[k + 1] - 4.0 * in[k]);
    }
  }
  return next;  // the rim is left unwritten: it is trimmed, never read
}

/// One step written with slices of the zero-padded grid, for Array and NDArray alike.
template <class U>
U slice_step(const U& u) {
  const auto p = da::pad(u, 1);  // zeros beyond the edges
  const da::slice inner{1, -1}, before{0, -2}, after{2, {}};
  const auto centre = da::view(p, inner, inner);
  return centre + kAlpha * (da::view(p, before, inner) + da::view(p, after, inner) +
                            da::view(p, inner, before) + da::view(p, inner, after) - 4.0 * centre);
}

da::Array<double> lazy_step(const std::string& mode, const da::Array<double>& u) {
  if (mode == "overlap") return da::map_overlap(block_step, u, 1, da::Boundary::constant(0.0));
  return slice_step(u);
}

struct Checksums {
  double sum = 0, sum_of_squares = 0;
};

Checksums checksums(const da::NDArray<double>& u) {
  Checksums c;
  for (double v : u) {
    c.sum += v;
    c.sum_of_squares += v * v;
  }
  return c;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Steps of the 2-D heat equation in dagarray, timed: prints a JSON line"};
  std::string mode = "overlap";
  std::int64_t n = 4096, chunk = 2048;
  int steps = 100, repeat = 5, warmup = 1, persist_every = 0;
  app.add_option("--mode", mode, "overlap, slices (both lazy) or eager")
      ->check(CLI::IsMember({"overlap", "slices", "eager"}));
  app.add_option("--n", n, "rows and columns of the grid")->check(CLI::Range(3, 1 << 17));
  app.add_option("--chunk", chunk, "lazy: block size along both axes")
      ->check(CLI::Range(1, 1 << 17));
  app.add_option("--steps", steps, "time steps")->check(CLI::Range(1, 100000));
  app.add_option("--repeat", repeat, "timed runs")->check(CLI::Range(1, 100));
  app.add_option("--warmup", warmup, "untimed runs first")->check(CLI::Range(0, 10));
  app.add_option("--persist-every", persist_every,
                 "lazy: da::persist after every k steps (0: never)")
      ->check(CLI::Range(0, 100000));
  CLI11_PARSE(app, argc, argv);

  // The lazy modes take the input over (no copy), so every mode holds it once.
  auto u0 = bench::hashed_uniform(n, n);
  const bool lazy = mode != "eager";
  const auto x = lazy ? da::from_ndarray(std::move(u0), {std::min(chunk, n), std::min(chunk, n)})
                      : da::from_ndarray(da::NDArray<double>({1, 1}), {1, 1});
  // Building the expression is timed with its compute: a Dask user pays for it every time too.
  const auto expression = [&](const da::Array<double>& start, int count) {
    auto u = start;
    for (int s = 0; s < count; ++s) u = lazy_step(mode, u);
    return u;
  };
  const auto run = [&] {
    if (!lazy) {
      auto u = slice_step(u0);  // not a copy of u0 first: NumPy's run starts from it too
      for (int s = 1; s < steps; ++s) u = slice_step(u);
      return u;
    }
    if (persist_every == 0) return expression(x, steps).compute();
    // Whole batches persisted; the last batch (at most persist_every steps) is the compute.
    auto u = x;
    int done = 0;
    for (; steps - done > persist_every; done += persist_every) {
      u = da::persist(expression(u, persist_every));
    }
    return expression(u, steps - done).compute();
  };
  std::optional<Checksums> sums;
  for (int w = 0; w < warmup; ++w) sums = checksums(run());  // first touch of pages, threads
  std::vector<double> seconds;
  for (int r = 0; r < repeat; ++r) {
    const auto start = std::chrono::steady_clock::now();
    const auto u = run();
    seconds.push_back(
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    if (!sums) sums = checksums(u);
  }
  std::sort(seconds.begin(), seconds.end());
  const double median = seconds[seconds.size() / 2];
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  // The tasks of one compute: the whole chain, or one batch of persist_every steps.
  const auto batch = persist_every == 0 ? steps : std::min(persist_every, steps);
  const auto tasks =
      lazy ? da::detail::build_graph({&expression(x, batch).layer(), 1}, true).size() : 0;
  const auto label =
      lazy && persist_every > 0 ? mode + "-persist" + std::to_string(persist_every) : mode;
  std::printf(
      "{\"mode\": \"%s\", \"n\": %lld, \"steps\": %d, \"chunk\": %lld, \"repeat\": %d, "
      "\"seconds\": %.6f, \"peak_rss_bytes\": %lld, \"tasks\": %zu, \"checksum\": %.17g, "
      "\"sum_of_squares\": %.17g}\n",
      label.c_str(), static_cast<long long>(n), steps, static_cast<long long>(lazy ? chunk : 0),
      repeat, median, static_cast<long long>(usage.ru_maxrss) * 1024,
      static_cast<std::size_t>(tasks), sums->sum, sums->sum_of_squares);
}
