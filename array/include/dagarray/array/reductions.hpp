#pragma once
// sum, count_nonzero, mean, min and max over all elements or one axis, for Array and NDArray.
//
// A lazy reduction is a tree, as in Dask: one "partial" task per block reduces that block,
// then "combine" tasks each merge up to kReductionFanIn partial results along the reduced
// axes, level by level, until one block remains along them. The last level drops the
// reduced axes (NumPy's keepdims=False).

#include <dagarray/array/elementwise.hpp>
#include <dagarray/array/kinds.hpp>
#include <dagarray/array/layers.hpp>
#include <dagarray/array/reduce_ops.hpp>
#include <dagarray/core/token.hpp>

#include <bit>
#include <cmath>
#include <cstring>
#include <memory>
#include <optional>

namespace dagarray {

/// @brief Partial results each combine task merges (Dask's split_every).
inline constexpr std::int64_t kReductionFanIn = 8;

namespace detail {

/// @brief A reduction's view of a row-major block: `outer` independent groups, each reducing
/// `length` rows of `inner` contiguous elements. A full reduction is (1, size, 1).
struct ReduceLayout {
  std::int64_t outer, length, inner;
};

inline ReduceLayout reduce_layout(const core::Shape& shape, std::optional<std::size_t> axis) {
  if (!axis) return {1, core::shape_size(shape), 1};
  std::int64_t outer = 1, inner = 1;
  for (std::size_t a = 0; a < *axis; ++a) outer *= shape[a];
  for (std::size_t a = *axis + 1; a < shape.size(); ++a) inner *= shape[a];
  return {outer, shape[*axis], inner};
}

/// @brief One contiguous run reduced, with independent lanes so the compiler vectorises it
/// without reassociating (a fixed order: the same result on every run).
template <class Op, Element T>
typename Op::template acc<T> reduce_run(const T* src, std::int64_t length) {
  using Acc = typename Op::template acc<T>;
  if constexpr (std::is_same_v<Op, CountNonzeroReduce> && std::is_same_v<T, bool>) {
    // A bool is a byte holding 0 or 1, so in eight bools read as one word the set bits are
    // the trues: one popcount per eight elements.
    std::int64_t total = 0, i = 0;
    for (; i + 8 <= length; i += 8) {
      std::uint64_t word;
      std::memcpy(&word, src + i, sizeof word);
      total += std::popcount(word);
    }
    for (; i < length; ++i) total += src[i];
    return total;
  }
  if constexpr (Op::has_identity) {
    if (length == 0) return Op::template identity<Acc>();
  }
  constexpr int kLanes = 16;
  const std::int64_t full = length / kLanes * kLanes;
  Acc total;
  std::int64_t i;
  if (full > 0) {
    Acc lanes[kLanes];
    for (int k = 0; k < kLanes; ++k) lanes[k] = Op::map(src[k]);
    for (i = kLanes; i < full; i += kLanes) {
      for (int k = 0; k < kLanes; ++k) lanes[k] = Op::combine(lanes[k], Op::map(src[i + k]));
    }
    for (int width = kLanes / 2; width > 0; width /= 2) {
      for (int k = 0; k < width; ++k) lanes[k] = Op::combine(lanes[k], lanes[k + width]);
    }
    total = lanes[0];
  } else {
    total = Op::map(src[0]);
    i = 1;
  }
  for (; i < length; ++i) total = Op::combine(total, Op::map(src[i]));
  return total;
}

/// @brief Reduces `in` laid out as `layout` into outer * inner results. In parallel, the work
/// is cut into pieces that do not depend on the thread count and partial results combine in
/// piece order, so the answer is the same on any number of threads.
template <class Op, Element T>
void reduce_into(const T* in, ReduceLayout layout, typename Op::template acc<T>* out,
                 Execution execution) {
  using Acc = typename Op::template acc<T>;
  const auto [outer, length, inner] = layout;
  const auto grain = scheduler::kParallelGrain;
  if (inner == 1 && outer == 1 && execution == Execution::parallel && length > grain) {
    // A plain array, not std::vector: vector<bool> packs bits that threads would share.
    const auto pieces = scheduler::piece_count(length);
    auto partial = std::make_unique<Acc[]>(static_cast<std::size_t>(pieces));
    scheduler::parallel_for(length, [&](std::int64_t begin, std::int64_t end) {
      partial[begin / grain] = reduce_run<Op>(in + begin, end - begin);
    });
    Acc total = partial[0];
    for (std::int64_t p = 1; p < pieces; ++p) total = Op::combine(total, partial[p]);
    out[0] = total;
    return;
  }
  if (inner == 1) {
    for_ranges(
        execution, outer,
        [&](std::int64_t begin, std::int64_t end) {
          for (auto o = begin; o < end; ++o) out[o] = reduce_run<Op>(in + o * length, length);
        },
        std::max<std::int64_t>(1, grain / std::max<std::int64_t>(length, 1)));
    return;
  }
  // Rows of `inner` elements: combine row by row, vectorised along the row; in parallel, each
  // piece owns a range of columns of one outer group.
  const auto columns = std::max<std::int64_t>(1, grain / std::max<std::int64_t>(length, 1));
  const auto per_outer =
      execution == Execution::parallel ? scheduler::piece_count(inner, columns) : 1;
  for_ranges(
      execution, outer * per_outer,
      [&](std::int64_t begin, std::int64_t end) {
        for (auto piece = begin; piece < end; ++piece) {
          const auto o = piece / per_outer;
          const auto j0 = piece % per_outer * columns;
          const auto j1 = per_outer == 1 ? inner : std::min(inner, j0 + columns);
          Acc* dst = out + o * inner;
          const T* src = in + o * length * inner;
          if (length == 0) {
            if constexpr (Op::has_identity) {
              for (auto j = j0; j < j1; ++j) dst[j] = Op::template identity<Acc>();
            }
            continue;
          }
          // The first two rows in one pass (the same order of combination as row by row).
          if (length == 1) {
            for (auto j = j0; j < j1; ++j) dst[j] = Op::map(src[j]);
          } else {
            for (auto j = j0; j < j1; ++j)
              dst[j] = Op::combine(Op::map(src[j]), Op::map(src[inner + j]));
          }
          for (std::int64_t r = 2; r < length; ++r) {
            const T* row = src + r * inner;
            for (auto j = j0; j < j1; ++j) dst[j] = Op::combine(dst[j], Op::map(row[j]));
          }
        }
      },
      1);
}

/// @brief One block reduced over `axis` (or all axes), shaped as `out_shape`.
template <class Op, Element T>
core::Buffer reduce_buffer(const core::Buffer& in, std::optional<std::size_t> axis,
                           core::Shape out_shape, Execution execution = Execution::sequential) {
  using Acc = typename Op::template acc<T>;
  auto out = core::Buffer::allocate(dtype_of<Acc>(), std::move(out_shape));
  reduce_into<Op, T>(in.template as<T>(), reduce_layout(in.shape(), axis),
                     out.template as_mutable<Acc>(), execution);
  return out;
}

/// @brief Partial results (all of one shape) merged element by element.
template <class Op, class Acc>
core::Buffer combine_buffers(std::span<const core::Buffer* const> in, core::Shape out_shape) {
  auto out = core::Buffer::allocate(dtype_of<Acc>(), std::move(out_shape));
  Acc* dst = out.template as_mutable<Acc>();
  const auto n = out.size();
  const Acc* first = in[0]->template as<Acc>();
  for (std::int64_t j = 0; j < n; ++j) dst[j] = first[j];
  for (std::size_t k = 1; k < in.size(); ++k) {
    const Acc* src = in[k]->template as<Acc>();
    for (std::int64_t j = 0; j < n; ++j) dst[j] = Op::combine(dst[j], src[j]);
  }
  return out;
}

inline core::Shape reduced_shape(const core::Shape& shape, std::optional<std::size_t> axis) {
  if (!axis) return {};
  core::Shape out = shape;
  out.erase(out.begin() + static_cast<std::ptrdiff_t>(*axis));
  return out;
}

template <class Op>
void check_reducible(const core::Shape& shape, std::optional<std::size_t> axis) {
  if constexpr (!Op::has_identity) {
    const auto extent = axis ? shape[*axis] : core::shape_size(shape);
    if (extent == 0) {
      invalid(Op::name, "shape", shape,
              "is empty along the reduced axes: this reduction has no identity");
    }
  }
}

inline std::optional<std::size_t> reduce_axis(const char* fn, std::optional<int> axis,
                                              std::size_t ndim) {
  if (!axis) return std::nullopt;
  return normalize_axis(fn, *axis, ndim);
}

/// @brief The per-block step of a reduction, tile by tile. Over a leading axis the whole axis
/// lies in every tile, so a tile maps to a tile (TileRole::map); over the last axis or all
/// axes, each tile's partial results are folded into the block's (TileRole::reduce).
template <class Op, Element T>
struct ReduceTiles {
  std::optional<std::size_t> axis;
  bool over_last;

  core::TileRole role() const { return over_last ? core::TileRole::reduce : core::TileRole::map; }

  void map(const BlockInfo&, std::span<const core::TileRef> in, std::byte* out) const {
    using Acc = typename Op::template acc<T>;
    reduce_into<Op, T>(tile_data<T>(in[0]), reduce_layout(*in[0].shape, axis),
                       reinterpret_cast<Acc*>(out), Execution::sequential);
  }

  void reduce(const core::TileRef& in, bool first, std::byte* out) const {
    using Acc = typename Op::template acc<T>;
    const auto size = core::shape_size(*in.shape);
    const auto length = axis ? in.shape->back() : size;
    const auto outer = length == 0 ? 0 : size / length;
    const T* x = tile_data<T>(in);
    Acc* acc = reinterpret_cast<Acc*>(out);
    for (std::int64_t o = 0; o < outer; ++o) {
      const Acc part = reduce_run<Op>(x + o * length, length);
      acc[o] = first ? part : Op::combine(acc[o], part);
    }
  }
};

// ---- eager -------------------------------------------------------------------------------

template <class Op, Element T>
auto reduce(const NDArray<T>& a, std::optional<int> axis_arg) {
  using Acc = typename Op::template acc<T>;
  const auto axis = reduce_axis(Op::name, axis_arg, a.ndim());
  check_reducible<Op>(a.shape(), axis);
  return NDArray<Acc>::from_buffer(
      reduce_buffer<Op, T>(a.buffer(), axis, reduced_shape(a.shape(), axis), Execution::parallel));
}

// ---- lazy --------------------------------------------------------------------------------

template <class Op, Element T>
auto reduce(const Array<T>& a, std::optional<int> axis_arg) {
  using Acc = typename Op::template acc<T>;
  const auto axis = reduce_axis(Op::name, axis_arg, a.ndim());
  check_reducible<Op>(a.shape(), axis);
  const auto ndim = a.ndim();
  const auto is_reduced = [&](std::size_t ax) { return !axis || *axis == ax; };

  // The grid of partial results: one block per input block, extent 1 along reduced axes.
  core::Chunks keep = a.chunks();
  for (std::size_t ax = 0; ax < ndim; ++ax) {
    if (is_reduced(ax)) keep[ax].assign(keep[ax].size(), 1);
  }
  const auto squeeze = [&](core::Chunks chunks) {
    core::Chunks out;
    for (std::size_t ax = 0; ax < ndim; ++ax) {
      if (!is_reduced(ax)) out.push_back(std::move(chunks[ax]));
    }
    return out;
  };
  const auto is_last = [&](const core::Chunks& chunks) {
    for (std::size_t ax = 0; ax < ndim; ++ax) {
      if (is_reduced(ax) && chunks[ax].size() > 1) return false;
    }
    return true;
  };

  core::Tokenizer token;
  token.add(Op::name).add(a.name()).add(axis ? static_cast<std::int64_t>(*axis) : -1);
  auto partial_kernel = [axis](std::span<const core::Buffer* const> in, const BlockInfo& info) {
    return reduce_buffer<Op, T>(*in[0], axis, info.shape);
  };
  const bool single = is_last(keep);
  const ReduceTiles<Op, T> tiles{axis, !axis || *axis + 1 == ndim};
  core::LayerPtr layer = make_tiled_layer<BlockwiseLayer>(
      partial_kernel, tiles, token.name(single ? Op::name : std::string(Op::name) + "-partial"),
      single ? std::string(Op::name) : std::string(Op::name) + "-partial", std::vector{a.layer()},
      single ? squeeze(keep) : keep, dtype_of<Acc>());
  if (single) return Array<Acc>(layer);

  // Each level merges up to kReductionFanIn blocks in all along the reduced axes.
  std::int64_t reduced_axes = 0;
  for (std::size_t ax = 0; ax < ndim; ++ax) reduced_axes += is_reduced(ax) && keep[ax].size() > 1;
  const auto group = std::max<std::int64_t>(
      2, static_cast<std::int64_t>(std::pow(double(kReductionFanIn), 1.0 / double(reduced_axes))));
  auto kernel = [](std::span<const core::Buffer* const> in, const BlockInfo& info) {
    return combine_buffers<Op, Acc>(in, info.shape);
  };
  for (int level = 1;; ++level) {
    core::Chunks next = keep;
    BlockRanges ranges(ndim);
    for (std::size_t ax = 0; ax < ndim; ++ax) {
      const auto blocks = static_cast<std::int64_t>(keep[ax].size());
      const auto step = is_reduced(ax) ? group : 1;
      for (std::int64_t lo = 0; lo < blocks; lo += step) {
        ranges[ax].emplace_back(lo, std::min(lo + step, blocks));
      }
      if (is_reduced(ax)) next[ax].assign(ranges[ax].size(), 1);
    }
    const bool last = is_last(next);
    token.add(level);
    layer = make_layer<GatherLayer>(
        kernel, token.name(Op::name), std::string(Op::name) + (last ? "" : "-combine"), layer,
        last ? squeeze(next) : next, dtype_of<Acc>(), std::move(ranges));
    if (last) return Array<Acc>(layer);
    keep = std::move(next);
  }
}

template <class X>
auto mean(const X& a, std::optional<int> axis_arg) {
  const auto axis = reduce_axis("mean", axis_arg, a.ndim());
  const auto count = axis ? a.shape()[*axis] : a.size();
  using T = typename X::value_type;
  // As NumPy: the sum divided by the count; an empty mean is NaN.
  return reduce<SumReduce>(a, axis_arg) / static_cast<float_result_t<T>>(count);
}

}  // namespace detail

/// @brief Sum of all elements (a 0-d array), as numpy.sum; bool and int64 sum to int64.
template <detail::ArrayLike X>
auto sum(const X& a) {
  return detail::reduce<detail::SumReduce>(a, std::nullopt);
}
/// @brief Sum along one axis (negative counts from the end); that axis disappears.
template <detail::ArrayLike X>
auto sum(const X& a, int axis) {
  return detail::reduce<detail::SumReduce>(a, axis);
}

/// @brief Number of non-zero (true) elements, as numpy.count_nonzero; int64.
template <detail::ArrayLike X>
auto count_nonzero(const X& a) {
  return detail::reduce<detail::CountNonzeroReduce>(a, std::nullopt);
}
template <detail::ArrayLike X>
auto count_nonzero(const X& a, int axis) {
  return detail::reduce<detail::CountNonzeroReduce>(a, axis);
}

/// @brief Smallest element (NaN if any is NaN), as numpy.min; an empty array is an error.
template <detail::ArrayLike X>
auto min(const X& a) {
  return detail::reduce<detail::MinReduce>(a, std::nullopt);
}
template <detail::ArrayLike X>
auto min(const X& a, int axis) {
  return detail::reduce<detail::MinReduce>(a, axis);
}

/// @brief Largest element (NaN if any is NaN), as numpy.max; an empty array is an error.
template <detail::ArrayLike X>
auto max(const X& a) {
  return detail::reduce<detail::MaxReduce>(a, std::nullopt);
}
template <detail::ArrayLike X>
auto max(const X& a, int axis) {
  return detail::reduce<detail::MaxReduce>(a, axis);
}

/// @brief Arithmetic mean, as numpy.mean: float64 for int64 and bool, else the input's type.
template <detail::ArrayLike X>
auto mean(const X& a) {
  return detail::mean(a, std::nullopt);
}
template <detail::ArrayLike X>
auto mean(const X& a, int axis) {
  return detail::mean(a, axis);
}

}  // namespace dagarray
