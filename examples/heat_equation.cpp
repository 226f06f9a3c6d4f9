// heat_equation: the 2-D heat equation stepped with map_overlap, a stencil on chunked arrays.
//
// Each explicit step replaces u by u + alpha * (up + down + left + right - 4u): every element
// needs its four neighbours, so a block alone is not enough at its edges. map_overlap hands
// each block to the step with one row and column of its neighbours around it (the periodic
// boundary wraps the grid into a torus) and trims the result back, one task per block. A few
// steps are a chain of such layers; nothing runs until compute().
//
// What it prints can be checked: on a torus heat only moves, so the total stays what it was;
// and the lazy, chunked steps give bitwise the eager steps on the whole grid.
//
// Usage: example_heat_equation [n] [steps] [chunk]   (a 256 x 256 grid, 50 steps, 64 x 64 blocks)

#include <dagarray/dagarray.hpp>

#include "heat_step.hpp"

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <stdexcept>
#include <string>

namespace da = dagarray;

namespace {

/// A hot square of 1s in the middle of a cold grid.
da::NDArray<double> hot_square(std::int64_t n) {
  da::NDArray<double> u({n, n});
  for (std::int64_t i = 0; i < n; ++i) {
    for (std::int64_t j = 0; j < n; ++j) {
      u(i, j) = (i >= n / 4 && i < 3 * n / 4 && j >= n / 4 && j < 3 * n / 4) ? 1.0 : 0.0;
    }
  }
  return u;
}

}  // namespace

int main(int argc, char** argv) try {
  const std::int64_t n = argc > 1 ? std::stoll(argv[1]) : 256;
  const int steps = argc > 2 ? std::stoi(argv[2]) : 50;
  const std::int64_t chunk = argc > 3 ? std::stoll(argv[3]) : 64;
  if (n < 4) throw std::invalid_argument("n = " + std::to_string(n) + " must be at least 4");

  const auto u0 = hot_square(n);
  auto lazy = da::from_ndarray(u0, {chunk, chunk});
  auto eager = u0;
  for (int s = 0; s < steps; ++s) {
    lazy = da::map_overlap(heat::heat_step, lazy, 1,
                           da::Boundary::periodic());  // builds, runs nothing
    eager = da::map_overlap(heat::heat_step, eager, 1, da::Boundary::periodic());
  }
  const auto u = lazy.compute();  // every step of every block, on all cores

  const double before = da::sum(u0).item();
  const double after = da::sum(u).item();
  const double corner = u(n / 4, n / 4);  // the hot square's corner, cooling fastest
  const bool same = da::all(u == eager).item();
  std::printf("%lld x %lld grid, %d steps in %lld blocks: heat before = %.6f, after = %.6f%s\n",
              static_cast<long long>(n), static_cast<long long>(n), steps,
              static_cast<long long>(lazy.num_blocks()), before, after,
              std::abs(after - before) <= 1e-9 * before ? " (conserved)" : " (NOT conserved)");
  std::printf("the square's corner: 1 -> %.6f; lazy == eager: %s\n", corner, same ? "yes" : "no");
  return same ? 0 : 1;
} catch (const std::exception& e) {
  std::fprintf(stderr, "error: %s\n", e.what());
  return 1;
}
