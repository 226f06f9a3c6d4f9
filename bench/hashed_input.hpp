#pragma once
// The inputs the benchmark programs read, bit for bit as bench/peers/hashed_input.py builds them
// for NumPy and Dask: element k (row-major) is the top 53 bits of k * 0x9E3779B97F4A7C15
// (mod 2^64), times 2^-53.

#include <dagarray/dagarray.hpp>
#include <dagarray/scheduler/parallel_for.hpp>

#include <cstdint>

namespace bench {

inline dagarray::NDArray<double> hashed_uniform(std::int64_t rows, std::int64_t cols) {
  auto out = dagarray::NDArray<double>::empty({rows, cols});
  dagarray::scheduler::parallel_for(rows * cols, [&](std::int64_t begin, std::int64_t end) {
    for (auto k = begin; k < end; ++k) {
      const auto bits = static_cast<std::uint64_t>(k) * 0x9E3779B97F4A7C15ULL;
      out.data()[k] = static_cast<double>(bits >> 11) * 0x1p-53;
    }
  });
  return out;
}

}  // namespace bench
