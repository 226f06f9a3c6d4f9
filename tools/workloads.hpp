#pragma once
// The computations `dagarray bench workloads` times: three everyday NumPy pipelines, each
// written once as a generic function that runs lazily (da::Array) and eagerly (da::NDArray),
// and written the same way in bench/peers/workloads_peers.py for NumPy and Dask. Their inputs
// are a deterministic hash of the element's position, so every implementation reads the same
// numbers and their results agree to rounding.

#include <dagarray/dagarray.hpp>

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace dagarray::cli {

enum class Workload {
  standardize,  ///< sum((x - mean(x, 0)) / stddev(x, 0)) over a rows x cols matrix
  stencil,      ///< sum of one 5-point stencil step over the interior of a grid x grid grid
  histogram,    ///< counts of where(x > 0.5, x, 0) in four bins over [0.5, 1), in one compute
};

enum class WorkloadMode {
  eager,         ///< NDArray operations, each a whole pass over memory with its result stored
  lazy,          ///< the chunked task graph, optimised (fused), on the oneTBB scheduler
  lazy_unfused,  ///< the graph as built, one task per operation and block, on oneTBB
  lazy_persist,  ///< standardize only: the column statistics persisted, then the sum, as a
                 ///< Dask user splits it with dask.persist
};

/// @brief Sizes and chunks: the sizes by default.
struct WorkloadSizes {
  std::int64_t rows = 20'000;  ///< the matrix of standardize and histogram
  std::int64_t cols = 5'000;
  std::int64_t chunk_rows = 1'000;  ///< its blocks: chunk_rows x cols
  std::int64_t grid = 8'192;        ///< the stencil's grid x grid array
  std::int64_t grid_chunk_rows = 1'024;
  int threads = 0;  ///< 0: every core
};

std::vector<std::string> workload_names();
std::string workload_name(Workload workload);
/// @throws std::invalid_argument for a name workload_names() does not hold.
Workload workload_from_name(std::string_view name);

std::vector<std::string> workload_mode_names();
std::string workload_mode_name(WorkloadMode mode);
WorkloadMode workload_mode_from_name(std::string_view name);
/// @brief Whether the mode means anything for the workload: lazy-persist needs a result that
/// later passes read (standardize's column statistics); the others have none.
bool workload_mode_applies(Workload workload, WorkloadMode mode);

/// @brief What the workload computes, as one line of the report.
std::string workload_formula(Workload workload);

/// @brief The workload's input, as NumPy holds it before the clock starts.
NDArray<double> workload_input(Workload workload, const WorkloadSizes& sizes);
/// @brief The chunks the lazy modes (and Dask) split that input into.
core::Shape workload_chunks(Workload workload, const WorkloadSizes& sizes);

/// @brief Bytes the workload must read at least: its input once per pass that cannot start
/// before the previous one ends (standardize needs the column statistics first: two passes).
std::int64_t workload_bytes(Workload workload, const WorkloadSizes& sizes);

/// @brief The histogram's bin edges, over the values the where keeps.
inline constexpr double kHistogramThreshold = 0.5;
inline constexpr std::array<double, 5> kHistogramEdges = {0.5, 0.625, 0.75, 0.875, 1.0};

/// @brief One mode's timing: the median of the runs, the result and the graph's tasks.
struct WorkloadTiming {
  double seconds;
  std::vector<double> result;  ///< the sum, or the histogram's four counts
  std::int64_t tasks;          ///< tasks of the graph as run; 0 for eager
};

/// @brief Builds the input (untimed), then times `repeat` runs of the workload.
/// @throws std::runtime_error when two runs give different results (every mode is
/// deterministic, so that would be a race, not noise).
/// @throws std::invalid_argument for a mode that does not apply to the workload.
WorkloadTiming time_workload(Workload workload, WorkloadMode mode, const WorkloadSizes& sizes,
                             int repeat);

/// @brief A STREAM-style copy of rows x cols doubles on `threads` threads: bytes read plus
/// bytes written, per second, median of `repeat`. The limit of work that streams memory.
double copy_bandwidth(const WorkloadSizes& sizes, int repeat);

}  // namespace dagarray::cli
