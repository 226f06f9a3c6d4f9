// The hand-written reference: what a programmer fusing the whole lesson into one oneTBB loop
// would write. No arrays, no graph, no intermediate memory; it only shows what the library's
// layers cost. It draws the library's samples (counter_rng.hpp, element i of row 0 and
// element n + i of row 1 of the (2, n) array), so its m equals the lazy mode's bit for bit.
//
// Built with -ffp-contract=off (tools/CMakeLists.txt): the library squares and sums in
// separate kernels, so x*x + y*y must round twice here too, not once as a fused multiply-add.

#include <oneapi/tbb/blocked_range.h>
#include <oneapi/tbb/parallel_reduce.h>
#include <oneapi/tbb/task_arena.h>
#include <dagarray/array/counter_rng.hpp>
#include <dagarray/array/kernel_level.hpp>

#include <functional>

#include "interruption.hpp"
#include "pi_modes.hpp"

namespace dagarray::cli {

namespace {

/// @brief Points inside the circle among samples [begin, end): one block of the lazy array.
std::int64_t count_block(std::uint64_t key, std::uint64_t n, std::uint64_t begin,
                         std::uint64_t end) {
  std::int64_t inside = 0;
  for (auto i = begin; i < end; ++i) {
    const double x = -1.0 + 2.0 * detail::unit_interval<double>(detail::random_bits(key, i));
    const double y = -1.0 + 2.0 * detail::unit_interval<double>(detail::random_bits(key, n + i));
    inside += x * x + y * y < 1.0;
  }
  return inside;
}

}  // namespace

std::int64_t count_inside_handwritten(const PiProblem& problem) {
  const auto key = detail::stream_key(problem.seed);
  const auto n = problem.n;
  const auto chunk = problem.chunk;
  const auto blocks = (n + chunk - 1) / chunk;
  tbb::task_arena arena(arena_concurrency(problem.threads));
  return arena.execute([&] {
    return tbb::parallel_reduce(
        tbb::blocked_range<std::int64_t>(0, blocks, 1), std::int64_t{0},
        [&](const tbb::blocked_range<std::int64_t>& range, std::int64_t inside) {
          for (auto b = range.begin(); b != range.end(); ++b) {
            throw_if_interrupted();
            const auto begin = b * chunk;
            const auto end = begin + chunk < n ? begin + chunk : n;
            // At the kernel level in use, as the library's loops run (kernel_level.hpp).
            std::int64_t in_block = 0;
            detail::at_kernel_level([&] {
              in_block =
                  count_block(key, static_cast<std::uint64_t>(n), static_cast<std::uint64_t>(begin),
                              static_cast<std::uint64_t>(end));
            });
            inside += in_block;
          }
          return inside;
        },
        std::plus<>());
  });
}

}  // namespace dagarray::cli
