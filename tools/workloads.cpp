#include "workloads.hpp"

#include <oneapi/tbb/blocked_range.h>
#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/partitioner.h>
#include <oneapi/tbb/task_arena.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <stdexcept>

#include "interruption.hpp"
#include "median.hpp"
#include "pi_modes.hpp"

namespace dagarray::cli {

namespace {

const std::vector<std::string> kWorkloadNames = {"standardize", "stencil", "histogram"};
const std::vector<std::string> kModeNames = {"eager", "lazy", "lazy-unfused", "lazy-persist"};

// ---- the three pipelines, one generic function each: NDArray in, NDArray out; Array in, Array out

template <class X>
auto standardized_sum(const X& x) {
  return sum((x - mean(x, 0)) / stddev(x, 0));
}

/// One Jacobi step of Laplace's equation over the interior, u[1:-1, 1:-1] <- the mean of its
/// four neighbours, each neighbour a shifted view of u; summed so that all of it is used.
template <class U>
auto stencil_sum(const U& u) {
  const slice inner{1, -1};
  const slice before{0, -2};
  const slice after{2, {}};
  const auto up = view(u, before, inner);
  const auto down = view(u, after, inner);
  const auto left = view(u, inner, before);
  const auto right = view(u, inner, after);
  return sum(0.25 * (up + down + left + right));
}

/// The values above the threshold (the others set to 0 by where), counted in four bins: four
/// outputs of one expression, so a lazy compute reads x once for all of them.
template <class X>
auto bin_counts(const X& x) {
  const auto kept = where(x > kHistogramThreshold, x, 0.0);
  const auto bin = [&](std::size_t k) {
    return count_nonzero(kept >= kHistogramEdges[k] && kept < kHistogramEdges[k + 1]);
  };
  return std::array{bin(0), bin(1), bin(2), bin(3)};
}

// ---- running them

/// Element k of every input (row-major position): the top 53 bits of k times the 64-bit golden
/// ratio, as a double in [0, 1). NumPy computes the same bits with uint64 arithmetic.
NDArray<double> hashed_uniform(std::int64_t rows, std::int64_t cols) {
  auto out = NDArray<double>::empty({rows, cols});
  double* data = out.data();
  tbb::parallel_for(tbb::blocked_range<std::int64_t>(0, rows), [&](const auto& range) {
    for (auto i = range.begin(); i < range.end(); ++i) {
      for (std::int64_t j = 0; j < cols; ++j) {
        const auto k = static_cast<std::uint64_t>(i * cols + j);
        data[i * cols + j] = static_cast<double>((k * 0x9E3779B97F4A7C15ULL) >> 11) * 0x1p-53;
      }
    }
  });
  return out;
}

std::vector<double> eager_result(Workload workload, const NDArray<double>& x) {
  switch (workload) {
    case Workload::standardize:
      return {standardized_sum(x).item()};
    case Workload::stencil:
      return {stencil_sum(x).item()};
    case Workload::histogram: {
      const auto counts = bin_counts(x);
      std::vector<double> out;
      for (const auto& count : counts) out.push_back(static_cast<double>(count.item()));
      return out;
    }
  }
  throw std::invalid_argument("workload is not a known workload");
}

/// The lazy outputs of a workload, for counting their tasks.
std::vector<GraphOutput> lazy_outputs(Workload workload, const Array<double>& x) {
  switch (workload) {
    case Workload::standardize:
      return {standardized_sum(x)};
    case Workload::stencil:
      return {stencil_sum(x)};
    case Workload::histogram: {
      std::vector<GraphOutput> out;
      for (const auto& count : bin_counts(x)) out.emplace_back(count);
      return out;
    }
  }
  throw std::invalid_argument("workload is not a known workload");
}

std::vector<double> lazy_result(Workload workload, const Array<double>& x,
                                const ComputeOptions& options) {
  switch (workload) {
    case Workload::standardize:
      return {standardized_sum(x).compute(options).item()};
    case Workload::stencil:
      return {stencil_sum(x).compute(options).item()};
    case Workload::histogram: {
      const auto [a, b, c, d] = bin_counts(x);
      const auto [ca, cb, cc, cd] = compute(options, a, b, c, d);
      return {double(ca.item()), double(cb.item()), double(cc.item()), double(cd.item())};
    }
  }
  throw std::invalid_argument("workload is not a known workload");
}

/// standardize in two computes, as with dask.persist: the column statistics (one graph, so
/// they share the read of x), then the sum over x reading them. Returns the sum, and the tasks
/// of both graphs when `tasks` is given.
double persisted_standardized_sum(const Array<double>& x, const ComputeOptions& options,
                                  std::int64_t* tasks = nullptr) {
  const auto mean_x = mean(x, 0);
  const auto stddev_x = stddev(x, 0);
  const auto [m, s] = persist(options, mean_x, stddev_x);
  const auto total = sum((x - m) / s);
  if (tasks) {
    const ExportOptions graph{.optimized = options.optimize};
    *tasks = static_cast<std::int64_t>(task_graph({mean_x, stddev_x}, graph).size() +
                                       task_graph(total, graph).size());
  }
  return total.compute(options).item();
}

template <class Run>
WorkloadTiming time_runs(int repeat, std::int64_t tasks, const std::string& what, Run run) {
  std::vector<double> seconds;
  std::vector<double> result;
  for (int r = 0; r < repeat; ++r) {
    const auto start = std::chrono::steady_clock::now();
    auto value = run();
    seconds.push_back(
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    if (r > 0 && value != result) {
      throw std::runtime_error(what + " gave two different results in two runs");
    }
    result = std::move(value);
  }
  return {median(seconds), std::move(result), tasks};
}

}  // namespace

std::vector<std::string> workload_names() {
  return kWorkloadNames;
}

std::string workload_name(Workload workload) {
  return kWorkloadNames.at(static_cast<std::size_t>(workload));
}

Workload workload_from_name(std::string_view name) {
  for (std::size_t w = 0; w < kWorkloadNames.size(); ++w) {
    if (kWorkloadNames[w] == name) return static_cast<Workload>(w);
  }
  throw std::invalid_argument("workload = " + std::string(name) + " is not a known workload");
}

std::vector<std::string> workload_mode_names() {
  return kModeNames;
}

std::string workload_mode_name(WorkloadMode mode) {
  return kModeNames.at(static_cast<std::size_t>(mode));
}

WorkloadMode workload_mode_from_name(std::string_view name) {
  for (std::size_t m = 0; m < kModeNames.size(); ++m) {
    if (kModeNames[m] == name) return static_cast<WorkloadMode>(m);
  }
  throw std::invalid_argument("mode = " + std::string(name) + " is not a known mode");
}

bool workload_mode_applies(Workload workload, WorkloadMode mode) {
  return mode != WorkloadMode::lazy_persist || workload == Workload::standardize;
}

std::string workload_formula(Workload workload) {
  switch (workload) {
    case Workload::standardize:
      return "sum((x - mean(x, 0)) / stddev(x, 0))";
    case Workload::stencil:
      return "sum(0.25 * (up + down + left + right)), views of u around u[1:-1, 1:-1]";
    case Workload::histogram:
      return "count_nonzero(lo <= y < hi) for 4 bins over [0.5, 1), y = where(x > 0.5, x, 0)";
  }
  return "";
}

NDArray<double> workload_input(Workload workload, const WorkloadSizes& sizes) {
  if (workload == Workload::stencil) return hashed_uniform(sizes.grid, sizes.grid);
  return hashed_uniform(sizes.rows, sizes.cols);
}

core::Shape workload_chunks(Workload workload, const WorkloadSizes& sizes) {
  // As Dask does, a chunk longer than its axis is the whole axis.
  if (workload == Workload::stencil)
    return {std::min(sizes.grid_chunk_rows, sizes.grid), sizes.grid};
  return {std::min(sizes.chunk_rows, sizes.rows), sizes.cols};
}

std::int64_t workload_bytes(Workload workload, const WorkloadSizes& sizes) {
  const auto elements =
      workload == Workload::stencil ? sizes.grid * sizes.grid : sizes.rows * sizes.cols;
  const std::int64_t passes = workload == Workload::standardize ? 2 : 1;
  return passes * elements * static_cast<std::int64_t>(sizeof(double));
}

WorkloadTiming time_workload(Workload workload, WorkloadMode mode, const WorkloadSizes& sizes,
                             int repeat) {
  tbb::task_arena arena(arena_concurrency(sizes.threads));
  const auto what = workload_name(workload) + " " + workload_mode_name(mode);
  if (!workload_mode_applies(workload, mode)) {
    throw std::invalid_argument("mode = " + workload_mode_name(mode) +
                                " does not apply to workload " + workload_name(workload) +
                                ": it has nothing to persist");
  }
  return arena.execute([&] {
    auto input = workload_input(workload, sizes);
    if (mode == WorkloadMode::eager) {
      return time_runs(repeat, 0, what, [&] { return eager_result(workload, input); });
    }
    const auto x = from_ndarray(std::move(input), workload_chunks(workload, sizes));
    const ComputeOptions options{.scheduler = Scheduler::threads,
                                 .num_threads = sizes.threads,
                                 .optimize = mode != WorkloadMode::lazy_unfused,
                                 .stop = interruption_token()};
    if (mode == WorkloadMode::lazy_persist) {
      std::int64_t tasks = 0;
      persisted_standardized_sum(x, options, &tasks);  // counts; the timed runs redo it all
      return time_runs(repeat, tasks, what,
                       [&] { return std::vector{persisted_standardized_sum(x, options)}; });
    }
    const auto outputs = lazy_outputs(workload, x);
    const auto tasks =
        static_cast<std::int64_t>(task_graph(outputs, {.optimized = options.optimize}).size());
    return time_runs(repeat, tasks, what, [&] { return lazy_result(workload, x, options); });
  });
}

double copy_bandwidth(const WorkloadSizes& sizes, int repeat) {
  tbb::task_arena arena(arena_concurrency(sizes.threads));
  return arena.execute([&] {
    const auto source = hashed_uniform(sizes.rows, sizes.cols);
    auto target = NDArray<double>::empty(source.shape());
    const auto n = source.size();
    // Static ranges of 1 MiB: each thread copies its own share, as STREAM's OpenMP loop does.
    constexpr std::int64_t kGrain = (1 << 20) / sizeof(double);
    const auto copy = [&] {
      tbb::parallel_for(
          tbb::blocked_range<std::int64_t>(0, n, kGrain),
          [&](const auto& range) {
            std::memcpy(target.data() + range.begin(), source.data() + range.begin(),
                        static_cast<std::size_t>(range.size()) * sizeof(double));
          },
          tbb::static_partitioner());
    };
    copy();  // the first copy maps the target's pages; the timed ones only move bytes
    std::vector<double> seconds;
    for (int r = 0; r < repeat; ++r) {
      const auto start = std::chrono::steady_clock::now();
      copy();
      seconds.push_back(
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    }
    return 2.0 * static_cast<double>(n) * sizeof(double) / median(seconds);
  });
}

}  // namespace dagarray::cli
