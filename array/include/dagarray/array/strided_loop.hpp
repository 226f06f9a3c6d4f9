#pragma once
// The one loop every elementwise kernel runs: over the elements of an output, each operand read
// through its own strides along the output's axes (0 where NumPy broadcasts it). Adjacent axes
// that every operand walks contiguously are merged first, so a plain same-shape operation is one
// run over all its elements and a broadcast row is a run whose operand is a register: the
// innermost loop sees only unit strides or a constant, which the compiler vectorises.
//
// A walk lives on the stack (at most kMaxRank axes), so a fused task can plan one per tile
// without allocating.

#include <dagarray/array/execution.hpp>
#include <dagarray/array/kernel_level.hpp>
#include <dagarray/core/buffer.hpp>

#include <array>
#include <cstdint>
#include <tuple>
#include <utility>

namespace dagarray::detail {

/// @brief The most axes an array may have (checks.hpp refuses more).
inline constexpr std::size_t kMaxRank = 32;

/// @brief The output's axes after merging, and each of N operands' element stride along them.
template <std::size_t N>
struct Walk {
  int rank = 0;  ///< 0 when the output has no elements
  std::array<std::int64_t, kMaxRank> extent{};
  std::array<std::array<std::int64_t, kMaxRank>, N> stride{};

  std::int64_t run_length() const { return rank == 0 ? 0 : extent[rank - 1]; }
  std::int64_t runs() const {
    std::int64_t n = rank == 0 ? 0 : 1;
    for (int k = 0; k + 1 < rank; ++k) n *= extent[k];
    return n;
  }
};

/// @brief A walk over `out` given each operand's stride per axis of `out`; axes of extent 1 are
/// dropped and axes every operand crosses contiguously are merged.
template <std::size_t N>
Walk<N> make_walk(const core::Shape& out,
                  const std::array<std::array<std::int64_t, kMaxRank>, N>& strides) {
  Walk<N> walk;
  for (auto e : out) {
    if (e == 0) return walk;
  }
  walk.rank = 1;
  walk.extent[0] = 1;
  for (std::size_t i = 0; i < N; ++i) walk.stride[i][0] = 0;
  // Built innermost first, reversed at the end.
  bool fresh = true;
  for (auto k = out.size(); k-- > 0;) {
    if (out[k] == 1) continue;
    const int cur = walk.rank - 1;
    bool merges = !fresh;
    for (std::size_t i = 0; merges && i < N; ++i) {
      merges = strides[i][k] == walk.stride[i][cur] * walk.extent[cur];
    }
    if (fresh || !merges) {
      const int at = fresh ? 0 : walk.rank++;
      walk.extent[at] = out[k];
      for (std::size_t i = 0; i < N; ++i) walk.stride[i][at] = strides[i][k];
      fresh = false;
    } else {
      walk.extent[cur] *= out[k];
    }
  }
  for (int lo = 0, hi = walk.rank - 1; lo < hi; ++lo, --hi) {
    std::swap(walk.extent[lo], walk.extent[hi]);
    for (std::size_t i = 0; i < N; ++i) std::swap(walk.stride[i][lo], walk.stride[i][hi]);
  }
  return walk;
}

/// @brief Row-major strides of an operand of shape `in` broadcast to `out` (NumPy's rule: axes
/// aligned from the right; an axis of extent 1, or one the operand lacks, has stride 0).
inline std::array<std::int64_t, kMaxRank> broadcast_strides(const core::Shape& in,
                                                            const core::Shape& out) {
  std::array<std::int64_t, kMaxRank> stride{};
  const auto offset = out.size() - in.size();
  std::int64_t step = 1;
  for (auto a = in.size(); a-- > 0;) {
    stride[a + offset] = in[a] == 1 ? 0 : step;
    step *= in[a];
  }
  return stride;
}

template <std::size_t N>
Walk<N> broadcast_walk(const core::Shape& out, const std::array<const core::Shape*, N>& in) {
  std::array<std::array<std::int64_t, kMaxRank>, N> strides;
  for (std::size_t i = 0; i < N; ++i) strides[i] = broadcast_strides(*in[i], out);
  return make_walk(out, strides);
}

/// @brief Calls run(offsets, out_offset, length) for every run (a stretch of the innermost
/// axis) of runs [first, last): offsets are the operands' element offsets at the run's start.
template <std::size_t N, class Run>
void for_each_run(const Walk<N>& walk, std::int64_t first, std::int64_t last, const Run& run) {
  if (first >= last) return;
  const int outer = walk.rank - 1;
  std::array<std::int64_t, kMaxRank> index{};
  std::array<std::int64_t, N> offset{};
  std::int64_t rest = first;
  for (int k = outer; k-- > 0;) {
    index[k] = rest % walk.extent[k];
    rest /= walk.extent[k];
    for (std::size_t i = 0; i < N; ++i) offset[i] += index[k] * walk.stride[i][k];
  }
  const auto length = walk.run_length();
  for (auto r = first; r < last; ++r) {
    run(offset, r * length, length);
    for (int k = outer; k-- > 0;) {
      for (std::size_t i = 0; i < N; ++i) offset[i] += walk.stride[i][k];
      if (++index[k] < walk.extent[k]) break;
      for (std::size_t i = 0; i < N; ++i) offset[i] -= index[k] * walk.stride[i][k];
      index[k] = 0;
    }
  }
}

/// @brief for_each_run over the whole walk, split into pieces for Execution::parallel: by runs,
/// or, when there are few long runs, by stretches of one run.
template <std::size_t N, class Run>
void for_each_run(const Walk<N>& walk, Execution execution, const Run& run) {
  const auto runs = walk.runs();
  const auto length = walk.run_length();
  if (execution == Execution::sequential || runs * length <= scheduler::kParallelGrain) {
    for_each_run(walk, 0, runs, run);
    return;
  }
  if (runs >= 2 * scheduler::piece_count(runs * length)) {
    const auto grain = std::max<std::int64_t>(1, scheduler::kParallelGrain / length);
    // Each piece runs on a pool thread, reached through a function pointer that no caller's
    // level copy can inline: the piece picks its level itself (kernel_level.hpp).
    scheduler::parallel_for(
        runs,
        [&](std::int64_t first, std::int64_t last) {
          at_kernel_level([&] { for_each_run(walk, first, last, run); });
        },
        grain);
    return;
  }
  for (std::int64_t r = 0; r < runs; ++r) {
    for_each_run(walk, r, r + 1, [&](std::array<std::int64_t, N> offset, std::int64_t at, auto) {
      scheduler::parallel_for(length, [&](std::int64_t begin, std::int64_t end) {
        auto shifted = offset;
        for (std::size_t i = 0; i < N; ++i) shifted[i] += begin * walk.stride[i][walk.rank - 1];
        at_kernel_level([&] { run(shifted, at + begin, end - begin); });
      });
    });
  }
}

// ---- the innermost loop ------------------------------------------------------------------

/// An operand of one run: a pointer walked with unit stride, or (Constant) one value held in a
/// register for the whole run.
template <bool Constant, class T>
struct RunOperand {
  const T* data;
  RunOperand(const T* x) : data(x) {}  // NOLINT: built from a pack of pointers
  T operator[](std::int64_t i) const { return data[i]; }
};
template <class T>
struct RunOperand<true, T> {
  T value;
  RunOperand(const T* x) : value(*x) {}  // NOLINT: built from a pack of pointers
  T operator[](std::int64_t) const { return value; }
};

template <unsigned Constants, class R, class F, std::size_t... I, class... T>
void run_elements(const F& f, R* z, std::int64_t n, std::index_sequence<I...>, const T*... x) {
  const std::tuple<RunOperand<((Constants >> I) & 1u) != 0, T>...> operand{x...};
  for (std::int64_t i = 0; i < n; ++i) z[i] = f(std::get<I>(operand)[i]...);
}

/// Calls g.template operator()<M>() for the M equal to `mask`, one of 2^N compile-time masks.
template <std::size_t N, unsigned M = 0, class G>
void with_mask(unsigned mask, const G& g) {
  if constexpr (M + 1 < (1u << N)) {
    if (mask != M) return with_mask<N, M + 1>(mask, g);
  }
  g.template operator()<M>();
}

/// @brief z = f(x...) over the walk: every operand's innermost stride is 1 or 0 (broadcast).
template <class R, class F, class... T>
void elementwise_walk(const F& f, const Walk<sizeof...(T)>& walk, Execution execution, R* z,
                      const T*... x) {
  constexpr auto N = sizeof...(T);
  if (walk.rank == 0) return;  // no elements
  const int inner = walk.rank - 1;
  unsigned mask = 0;
  for (std::size_t i = 0; i < N; ++i) mask |= (walk.stride[i][inner] == 0 ? 1u : 0u) << i;
  // At the active kernel level (kernel_level.hpp): the walk, its runs and f, compiled for it.
  at_kernel_level([&] {
    with_mask<N>(mask, [&]<unsigned M>() {
      for_each_run(walk, execution,
                   [&](const std::array<std::int64_t, N>& offset, std::int64_t at, std::int64_t n) {
                     [&]<std::size_t... I>(std::index_sequence<I...> seq) {
                       run_elements<M>(f, z + at, n, seq, (x + offset[I])...);
                     }
                     (std::index_sequence_for<T...>{});
                   });
    });
  });
}

/// @brief Copies `in` into z along the walk's one operand, whatever its strides (transposes).
template <class T>
void copy_walk(const Walk<1>& walk, Execution execution, T* z, const T* in) {
  if (walk.rank == 0) return;  // no elements
  const auto step = walk.stride[0][walk.rank - 1];
  for_each_run(walk, execution,
               [&](const std::array<std::int64_t, 1>& offset, std::int64_t at, std::int64_t n) {
                 const T* x = in + offset[0];
                 T* dst = z + at;
                 if (step == 1) {
                   for (std::int64_t i = 0; i < n; ++i) dst[i] = x[i];
                 } else {
                   for (std::int64_t i = 0; i < n; ++i) dst[i] = x[i * step];
                 }
               });
}

}  // namespace dagarray::detail
