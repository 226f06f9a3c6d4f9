#pragma once
// A lazy reduction as a tree, as in Dask: one "partial" task per block folds that block into
// states (a tile kernel, so it fuses with the elementwise chain before it), then "combine"
// tasks each merge up to kReductionFanIn partial results along the reduced axes, level by
// level, until one block remains along them. The last level finishes the states into results
// and drops the reduced axes (or keeps them with length 1: keepdims). When the blocks already
// span the reduced axes and a state is its own result, the partial step is the last one.

#include <dagarray/array/array.hpp>
#include <dagarray/array/layers.hpp>
#include <dagarray/array/reduce_kernels.hpp>
#include <dagarray/core/token.hpp>

#include <cmath>
#include <memory>
#include <string>

namespace dagarray {

/// @brief Partial results each combine task merges (Dask's split_every).
inline constexpr std::int64_t kReductionFanIn = 8;

namespace detail {

/// @brief The deterministic name of a reduction of `input`: the same call twice, one name.
template <class Op>
core::Tokenizer reduction_token(const std::string& input, const ReduceSpec& spec) {
  core::Tokenizer token;
  token.add(Op::name).add(input);
  if (!spec.axes) {
    token.add(std::int64_t{-1});
  } else if (spec.axes->size() == 1) {
    token.add(spec.axes->front());
  } else {
    token.add(std::int64_t{-2}).add(std::span<const std::int64_t>(*spec.axes));
  }
  if (spec.keepdims) token.add("keepdims");
  if constexpr (requires { Op::reads_ddof; }) {
    if (spec.ddof != 0) token.add("ddof").add(spec.ddof);
  }
  return token;
}

inline std::shared_ptr<const IndexGrid> index_grid(const core::Chunks& chunks,
                                                   const core::Shape& shape,
                                                   const ReduceSpec& spec) {
  IndexGrid grid{{}, index_weights(shape, spec)};
  for (const auto& sizes : chunks) {
    core::Shape starts{0};
    for (auto size : sizes) starts.push_back(starts.back() + size);
    grid.starts.push_back(std::move(starts));
  }
  return std::make_shared<const IndexGrid>(std::move(grid));
}

template <class Op, Element T>
auto reduce_lazy(const Array<T>& a, const ReduceSpec& spec) {
  using P = StatePlanes<Op, T>;
  using R = typename Op::template result<T>;
  constexpr core::DType state_dtype = dtype_of<typename P::field>();
  const auto ndim = a.ndim();
  const auto& reduced = spec.reduced;
  // Several fields make a leading axis of the states, of one block.
  constexpr std::size_t lead = P::fields > 1 ? 1 : 0;
  const auto with_fields = [](core::Chunks chunks) {
    if (lead) chunks.insert(chunks.begin(), {P::fields});
    return chunks;
  };
  const auto results = [&](const core::Chunks& grid) {
    core::Chunks out;
    for (std::size_t ax = 0; ax < ndim; ++ax) {
      if (!reduced[ax] || spec.keepdims) out.push_back(grid[ax]);
    }
    return out;
  };
  const auto spans = [&](const core::Chunks& grid) {
    for (std::size_t ax = 0; ax < ndim; ++ax) {
      if (reduced[ax] && grid[ax].size() > 1) return false;
    }
    return true;
  };

  // The grid of partial states: one block per input block, extent 1 along reduced axes.
  core::Chunks keep = a.chunks();
  for (std::size_t ax = 0; ax < ndim; ++ax) {
    if (reduced[ax]) keep[ax].assign(keep[ax].size(), 1);
  }
  auto token = reduction_token<Op>(a.name(), spec);
  const bool direct = spans(keep) && state_is_result<Op, T>;
  std::shared_ptr<const IndexGrid> grid;
  if constexpr (uses_index<Op>) grid = index_grid(a.chunks(), a.shape(), spec);
  auto partial = [spec, grid](std::span<const core::Buffer* const> in, const BlockInfo& info) {
    if (!grid) return partial_states<Op, T>(*in[0], spec, info.shape);
    const std::span<const std::int64_t> index(info.index);
    return partial_states<Op, T>(*in[0], spec, info.shape, grid->origin(index.subspan(lead)),
                                 grid->weight);
  };
  const std::string op = direct ? std::string(Op::name) : std::string(Op::name) + "-partial";
  core::LayerPtr layer = make_tiled_layer<BlockwiseLayer>(
      partial, ReduceTiles<Op, T>{spec, grid}, token.name(op), op, std::vector{a.layer()},
      direct ? results(keep) : with_fields(keep), direct ? dtype_of<R>() : state_dtype);
  if (direct) return Array<R>(layer);

  // Each level merges up to kReductionFanIn blocks in all along the reduced axes.
  std::int64_t reduced_axes = 0;
  for (std::size_t ax = 0; ax < ndim; ++ax) reduced_axes += reduced[ax] && keep[ax].size() > 1;
  const auto group = std::max<std::int64_t>(
      2, static_cast<std::int64_t>(std::pow(
             double(kReductionFanIn), 1.0 / double(std::max<std::int64_t>(reduced_axes, 1)))));
  const FinishInfo info{reduced_count(a.shape(), spec), spec.ddof};
  for (int level = 1;; ++level) {
    core::Chunks next = keep;
    BlockRanges ranges(lead + ndim);
    if (lead) ranges[0] = {{0, 1}};
    for (std::size_t ax = 0; ax < ndim; ++ax) {
      const auto blocks = static_cast<std::int64_t>(keep[ax].size());
      const auto step = reduced[ax] ? group : 1;
      for (std::int64_t lo = 0; lo < blocks; lo += step) {
        ranges[lead + ax].emplace_back(lo, std::min(lo + step, blocks));
      }
      if (reduced[ax]) next[ax].assign(ranges[lead + ax].size(), 1);
    }
    token.add(level);
    if (spans(next)) {
      auto finish = [info](std::span<const core::Buffer* const> in, const BlockInfo& b) {
        return combine_states<Op, T>(in, b.shape, &info);
      };
      return Array<R>(make_layer<GatherLayer>(finish, token.name(Op::name), std::string(Op::name),
                                              layer, results(next), dtype_of<R>(),
                                              std::move(ranges)));
    }
    auto combine = [](std::span<const core::Buffer* const> in, const BlockInfo& b) {
      return combine_states<Op, T>(in, b.shape, nullptr);
    };
    layer =
        make_layer<GatherLayer>(combine, token.name(Op::name), std::string(Op::name) + "-combine",
                                layer, with_fields(next), state_dtype, std::move(ranges));
    keep = std::move(next);
  }
}

}  // namespace detail
}  // namespace dagarray
