#pragma once
// Which chunks a lazy reshape reads and makes, as Dask's reshape_rechunk: pure arithmetic on
// shapes and chunks, no graph.
//
// Row-major order pairs runs of input axes with runs of output axes of the same length
// ("groups"): an axis kept as it is, axes merged into one, one axis split into several, or
// both. A result block can be an input block seen with another shape (no copy) when, in
// every group, each input block is one contiguous run of the group's flattened elements and
// those runs tile the output axes as a grid. When they do not, the input is first rechunked
// the way Dask does it: the group's inner input axes whole, its first axis cut finer so the
// number of blocks stays about the same. In either case block b of the result is block b of
// the (rechunked) input, since both sides list a group's blocks in flattened order.

#include <dagarray/core/layer.hpp>

#include <cstddef>
#include <numeric>
#include <optional>
#include <stdexcept>

namespace dagarray::detail {

struct ReshapePlan {
  core::Chunks in;   ///< chunks to read the input in: a rechunk first where they differ
  core::Chunks out;  ///< the result's chunks, block for block
};

/// @brief Axes first..last (inclusive) of a shape or a chunking.
struct AxisRun {
  std::size_t first, last;
};

inline std::int64_t product(const core::Shape& shape, std::size_t first, std::size_t end) {
  std::int64_t p = 1;
  for (auto d = first; d < end; ++d) p *= shape[d];
  return p;
}

/// @brief The lengths of the contiguous runs the input blocks of a group cover in its flattened
/// elements, in order, or nothing when a block is not contiguous. A block is contiguous when
/// the axes after some axis k lie whole in it and the axes before k are cut into single
/// elements.
inline std::optional<std::vector<std::int64_t>> flattened_runs(const core::Shape& shape,
                                                               const core::Chunks& chunks,
                                                               AxisRun group) {
  auto k = group.last;
  while (k > group.first && chunks[k].size() == 1) --k;
  for (auto d = group.first; d < k; ++d) {
    if (static_cast<std::int64_t>(chunks[d].size()) != shape[d]) return std::nullopt;
  }
  const auto inner = product(shape, k + 1, group.last + 1);
  const auto rows = product(shape, group.first, k);
  std::vector<std::int64_t> runs;
  for (std::int64_t r = 0; r < rows; ++r) {
    for (auto c : chunks[k]) runs.push_back(c * inner);
  }
  return runs;
}

/// @brief Chunks of a group of output axes whose blocks are `runs` of its flattened elements,
/// or nothing when the runs do not form such a grid: the axes after some axis k whole, axis k
/// cut the same way in every row of it, the axes before k cut into single elements.
inline std::optional<core::Chunks> chunks_for_runs(const core::Shape& shape, AxisRun group,
                                                   const std::vector<std::int64_t>& runs) {
  for (auto k = group.first; k <= group.last; ++k) {
    const auto inner = product(shape, k + 1, group.last + 1);
    const auto row = inner * shape[k];
    std::size_t n = 0;  // runs in the first row
    std::int64_t length = 0;
    while (n < runs.size() && length < row && runs[n] % inner == 0) length += runs[n++];
    if (length != row || runs.size() % n != 0) continue;
    bool same_rows = true;
    for (std::size_t i = n; same_rows && i < runs.size(); ++i) same_rows = runs[i] == runs[i % n];
    if (!same_rows) continue;
    core::Chunks chunks;
    for (auto d = group.first; d < k; ++d) {
      chunks.emplace_back(static_cast<std::size_t>(shape[d]), 1);
    }
    chunks.emplace_back();
    for (std::size_t i = 0; i < n; ++i) chunks.back().push_back(runs[i] / inner);
    for (auto d = k + 1; d <= group.last; ++d) chunks.push_back({shape[d]});
    return chunks;
  }
  return std::nullopt;
}

/// @brief Each chunk cut into up to `parts` nearly equal chunks.
inline std::vector<std::int64_t> cut_finer(const std::vector<std::int64_t>& chunks,
                                           std::int64_t parts) {
  std::vector<std::int64_t> out;
  for (auto c : chunks) {
    const auto n = std::max<std::int64_t>(std::min(c, parts), 1);
    for (std::int64_t i = 0; i < n; ++i) out.push_back(c / n + (i < c % n ? 1 : 0));
  }
  return out;
}

/// @brief Neighbouring chunks merged so that every chunk is a multiple of `m` (their sum is).
inline std::vector<std::int64_t> multiples_of(const std::vector<std::int64_t>& chunks,
                                              std::int64_t m) {
  std::vector<std::int64_t> out;
  std::int64_t pending = 0;
  for (auto c : chunks) {
    pending += c;
    if (pending >= m) {
      out.push_back(pending / m * m);
      pending %= m;
    }
  }
  return out;
}

/// @brief Plans one group: input axes `from` become output axes `to` (equal element counts).
inline void plan_group(const core::Shape& in_shape, const core::Shape& out_shape,
                       core::Chunks chunks, AxisRun from, AxisRun to, ReshapePlan& plan) {
  const auto fits = [&](const core::Chunks& in) {
    const auto runs = flattened_runs(in_shape, in, from);
    if (!runs) return false;
    const auto out = chunks_for_runs(out_shape, to, *runs);
    if (!out) return false;
    for (auto d = from.first; d <= from.last; ++d) plan.in[d] = in[d];
    for (auto d = to.first; d <= to.last; ++d) plan.out[d] = (*out)[d - to.first];
    return true;
  };
  if (fits(chunks)) return;
  std::int64_t blocks = 1;
  for (auto d = from.first + 1; d <= from.last; ++d) {
    blocks *= static_cast<std::int64_t>(chunks[d].size());
    chunks[d] = {in_shape[d]};
  }
  // Every block boundary must fall on a multiple of both sides' inner lengths.
  const auto in_inner = product(in_shape, from.first + 1, from.last + 1);
  const auto out_inner = product(out_shape, to.first + 1, to.last + 1);
  const auto step = std::lcm(in_inner, out_inner) / in_inner;
  chunks[from.first] = multiples_of(cut_finer(chunks[from.first], blocks), step);
  if (!fits(chunks)) throw std::logic_error("plan_reshape: no plan for a group");
}

/// @brief The plan for reshaping an array of shape `from` in `chunks` to shape `to` (of the
/// same size).
inline ReshapePlan plan_reshape(const core::Shape& from, const core::Shape& to,
                                const core::Chunks& chunks) {
  ReshapePlan plan{core::Chunks(from.size()), core::Chunks(to.size())};
  if (core::shape_size(from) == 0) {  // no elements to keep in order: one block each side
    for (std::size_t d = 0; d < from.size(); ++d) plan.in[d] = {from[d]};
    for (std::size_t d = 0; d < to.size(); ++d) plan.out[d] = {to[d]};
    return plan;
  }
  // Groups from the last axes backwards; `i` and `o` count the axes left on each side.
  auto i = from.size(), o = to.size();
  while (i > 0 || o > 0) {
    if (i > 0 && o > 0 && from[i - 1] == to[o - 1]) {
      plan.in[i - 1] = chunks[i - 1];
      plan.out[o - 1] = chunks[i - 1];
      --i, --o;
    } else if (i > 0 && from[i - 1] == 1) {
      plan.in[--i] = {1};
    } else if (o > 0 && to[o - 1] == 1) {
      plan.out[--o] = {1};
    } else {
      // Both sides have an axis longer than 1 left (the element counts left are equal).
      auto first_in = i - 1, first_out = o - 1;
      std::int64_t in_length = from[first_in], out_length = to[first_out];
      while (in_length != out_length) {
        if (in_length < out_length) {
          in_length *= from[--first_in];
        } else {
          out_length *= to[--first_out];
        }
      }
      plan_group(from, to, chunks, {first_in, i - 1}, {first_out, o - 1}, plan);
      i = first_in, o = first_out;
    }
  }
  return plan;
}

}  // namespace dagarray::detail
