#pragma once
// Data parallelism for eager operations: one loop split into fixed pieces run on the oneTBB
// pool. The pieces do not depend on the thread count, so a reduction that combines per-piece
// results in piece order gives the same answer on 1 thread or 64.

#include <cstdint>

namespace dagarray::scheduler {

/// @brief Elements per piece: large enough that scheduling costs nothing next to the work,
/// small enough that two cores share an array of a million elements.
inline constexpr std::int64_t kParallelGrain = std::int64_t{1} << 16;

/// @brief Number of pieces [0, n) is cut into: ceil(n / grain), at least 1.
constexpr std::int64_t piece_count(std::int64_t n, std::int64_t grain = kParallelGrain) {
  return n <= grain ? 1 : (n + grain - 1) / grain;
}

using PieceBody = void (*)(const void* context, std::int64_t piece);

/// @brief Calls body(context, p) for every piece p in [0, pieces), in parallel.
void parallel_pieces(std::int64_t pieces, PieceBody body, const void* context);

/// @brief Calls f(piece) for every piece in [0, pieces); inline when there is only one.
template <class F>
void for_each_piece(std::int64_t pieces, const F& f) {
  if (pieces <= 1) {
    if (pieces == 1) f(std::int64_t{0});
    return;
  }
  parallel_pieces(
      pieces, [](const void* context, std::int64_t p) { (*static_cast<const F*>(context))(p); },
      &f);
}

/// @brief Calls f(begin, end) over [0, n) cut into pieces of `grain` elements.
template <class F>
void parallel_for(std::int64_t n, const F& f, std::int64_t grain = kParallelGrain) {
  for_each_piece(piece_count(n, grain), [&](std::int64_t p) {
    const auto begin = p * grain;
    f(begin, begin + grain < n ? begin + grain : n);
  });
}

}  // namespace dagarray::scheduler
