#pragma once
// The random row kernels, compiled once per instruction-set level (isa.hpp). A row kernel
// writes `count` consecutive elements of a stream from the global index `first`; random.hpp's
// rows call the active level's, so a lazy block, a fused tile and an eager array all run the
// CPU's best loop. One call per row: the choice is a pointer load, never a check per element.

#include <dagarray/array/counter_rng.hpp>
#include <dagarray/array/isa.hpp>

#include <cstdint>

namespace dagarray::detail {

/// @brief One level's kernels. `halved`: each sample is doubled after the draw (uniform_row).
struct RandomKernels {
  void (*uniform_double)(double* dst, std::uint64_t key, std::uint64_t first, std::int64_t count,
                         double low, double scale, bool halved);
  void (*uniform_float)(float* dst, std::uint64_t key, std::uint64_t first, std::int64_t count,
                        float low, float scale, bool halved);
  void (*normal_double)(double* dst, std::uint64_t key, std::uint64_t first, std::int64_t count,
                        double mean, double stddev);
  void (*normal_float)(float* dst, std::uint64_t key, std::uint64_t first, std::int64_t count,
                       double mean, double stddev);
  void (*integers)(std::int64_t* dst, std::uint64_t key, std::uint64_t first, std::int64_t count,
                   const IntegerRange& range);
};

/// @brief The active level's kernels (active_isa(); throws as it does).
const RandomKernels& random_kernels();

/// @brief The kernels of `isa`, whether or not it is active; throws std::invalid_argument when
/// it is not available. For tests that compare levels.
const RandomKernels& random_kernels(Isa isa);

}  // namespace dagarray::detail
