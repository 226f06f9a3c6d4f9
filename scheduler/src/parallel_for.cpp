#include <dagarray/scheduler/parallel_for.hpp>

#include <oneapi/tbb/blocked_range.h>
#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/partitioner.h>

namespace dagarray::scheduler {

void parallel_pieces(std::int64_t pieces, PieceBody body, const void* context) {
  // One piece per task: the pieces are already sized for it.
  tbb::parallel_for(
      tbb::blocked_range<std::int64_t>(0, pieces, 1),
      [&](const tbb::blocked_range<std::int64_t>& range) {
        for (auto p = range.begin(); p != range.end(); ++p) body(context, p);
      },
      tbb::simple_partitioner());
}

}  // namespace dagarray::scheduler
