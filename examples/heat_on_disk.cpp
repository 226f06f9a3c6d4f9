// heat_on_disk: the 2-D heat equation on a grid that need not fit in memory, from a .npy file
// to a .npy file.
//
// from_npy reads each block of rows from the file in its own task, map_overlap gives every step
// its neighbours' edge rows (the nearest boundary: insulated walls, so no heat leaves), and
// to_npy writes each block of the last step into its place in the new file. The steps are one
// lazy expression; the memory it needs is the blocks in flight, not the grid.
//
// What it prints can be checked: heat only moves, so the total read back from the output file
// is the total of the input; and it prints its peak memory next to the grid's size.
//
// Usage: example_heat_on_disk IN.npy OUT.npy [steps] [rows per block] [--create N]
//   --create N writes IN first: an N x N cold grid with a hot square of 1s in the middle.
//   Bigger grids come from elsewhere, e.g. NumPy (a sparse file; only the square is written):
//   m = numpy.lib.format.open_memmap("in.npy", "w+", numpy.float64, (65536, 65536))
//   m[16384:49152, 16384:49152] = 1.0

#include <sys/resource.h>
#include <dagarray/dagarray.hpp>

#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <stdexcept>
#include <string>

#include "heat_step.hpp"

namespace da = dagarray;

namespace {

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

double peak_rss_gib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return double(usage.ru_maxrss) / (1 << 20);  // KiB on Linux
}

void create_hot_square(const std::string& path, std::int64_t n) {
  auto u = da::eager::zeros<double>({n, n});
  for (std::int64_t i = n / 4; i < 3 * n / 4; ++i) {
    for (std::int64_t j = n / 4; j < 3 * n / 4; ++j) u(i, j) = 1.0;
  }
  da::eager::save_npy(u, path);
}

}  // namespace

int main(int argc, char** argv) try {
  if (argc < 3) {
    std::fprintf(stderr,
                 "usage: example_heat_on_disk IN.npy OUT.npy [steps] [rows per block] "
                 "[--create N]\n");
    return 2;
  }
  const std::string in = argv[1], out = argv[2];
  const int steps = argc > 3 ? std::stoi(argv[3]) : 10;
  const std::int64_t rows = argc > 4 ? std::stoll(argv[4]) : 256;
  if (argc > 6 && std::string(argv[5]) == "--create") create_hot_square(in, std::stoll(argv[6]));
  if (steps < 1) throw std::invalid_argument("steps = " + std::to_string(steps) + " must be >= 1");

  auto start = std::chrono::steady_clock::now();
  const auto u0 = da::from_npy<double>(in, {rows, -1});  // blocks of whole rows
  const auto grid = u0.shape();
  const double before = da::sum(u0).compute().item();
  const double read_seconds = seconds_since(start);

  start = std::chrono::steady_clock::now();
  auto u = u0;
  for (int s = 0; s < steps; ++s) {
    u = da::map_overlap(heat::heat_step, u, 1, da::Boundary::nearest());  // builds, runs nothing
  }
  da::to_npy(u, out);  // every step of every block, each written into its place in `out`
  const double step_seconds = seconds_since(start);

  const double after = da::sum(da::from_npy<double>(out, {rows, -1})).compute().item();
  const double gib = double(grid[0]) * double(grid[1]) * sizeof(double) / double(1 << 30);
  const bool conserved = std::abs(after - before) <= 1e-9 * std::max(1.0, std::abs(before));
  std::printf(
      "%lld x %lld grid (%.2f GiB) in %lld blocks, %d steps: heat before = %.6f, "
      "after = %.6f%s\n",
      static_cast<long long>(grid[0]), static_cast<long long>(grid[1]), gib,
      static_cast<long long>(u.num_blocks()), steps, before, after,
      conserved ? " (conserved)" : " (NOT conserved)");
  std::printf("sum of the input: %.1f s; the steps, file to file: %.1f s; peak memory %.2f GiB\n",
              read_seconds, step_seconds, peak_rss_gib());
  return conserved ? 0 : 1;
} catch (const std::exception& e) {
  std::fprintf(stderr, "error: %s\n", e.what());
  return 1;
}
