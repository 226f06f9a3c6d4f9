#pragma once
// One explicit step of the 2-D heat equation, u + alpha * (up + down + left + right - 4u), as
// map_overlap's function: the block comes with a rim of one element from its neighbours, which
// is only read (and trimmed away after), so the step is a plain loop over the inside.

#include <dagarray/dagarray.hpp>

#include <cstdint>

namespace heat {

inline constexpr double kAlpha = 0.2;  // stable for alpha <= 1/4

inline dagarray::NDArray<double> heat_step(const dagarray::NDArray<double>& u) {
  auto next = u;
  const auto rows = u.shape()[0], cols = u.shape()[1];
  const double* in = u.data();
  double* out = next.data();
  for (std::int64_t i = 1; i + 1 < rows; ++i) {
    for (std::int64_t j = 1; j + 1 < cols; ++j) {
      const auto k = i * cols + j;
      out[k] = in[k] + kAlpha * (in[k - cols] + in[k + cols] + in[k - 1] + in[k + 1] - 4.0 * in[k]);
    }
  }
  return next;
}

}  // namespace heat
