#pragma once
// The one operation under matmul, tensordot and dot: a product of two arrays summed over axes
// they share, with batch axes that pair up (broadcasting) and free axes that multiply out.
//
// The operands come in canonical order, a = (batch..., free_a..., contracted...) and
// b = (batch..., contracted..., free_b...), so every pair of blocks is one matrix product per
// batch element with no copy: (free_a) x (contracted) times (contracted) x (free_b).
// Lazily, as Dask's matmul: a task per output block and group of contracted blocks multiplies
// its pairs into one partial block; when there is more than one group, a tree sum over the
// group axis (the reductions' tree, fan-in kReductionFanIn) adds the partials up.

#include <dagarray/array/block_product.hpp>
#include <dagarray/array/rechunk.hpp>
#include <dagarray/array/reductions.hpp>

#include <algorithm>
#include <numeric>

namespace dagarray::detail {

/// @brief How many axes of each kind the canonical operands have.
struct ContractionAxes {
  std::size_t batch = 0;
  std::size_t free_a = 0;
  std::size_t contracted = 0;
  std::size_t free_b = 0;
};

/// @brief Product tasks a contraction aims for at least: splitting the contracted blocks into
/// groups only where the output has fewer blocks than this, so a tall-skinny product (one output
/// block, many contracted blocks) still runs on every core while a product with many output
/// blocks keeps each one's products in one task, with no partial blocks to add up.
inline constexpr std::int64_t kMinProductTasks = 32;

/// @brief Groups also need partial blocks that are small next to the operand blocks a group
/// reads: at most 1/kMaxPartialShare of their elements. Each group adds a partial block to
/// allocate, fill and add up, which costs memory bandwidth the products do not use; a Gram
/// matrix's 64 x 64 partials are nothing beside its 125000 x 64 blocks, but a square product's
/// partials are as big as its blocks (8192^2 in blocks of 4096^2: 2 groups took 1.04-1.08x the time
/// of 1 and 16% more memory, measured 2026-12-03).
inline constexpr std::int64_t kMaxPartialShare = 8;

inline std::int64_t extent_product(const core::Shape& shape, std::size_t begin, std::size_t end) {
  return std::accumulate(shape.begin() + static_cast<std::ptrdiff_t>(begin),
                         shape.begin() + static_cast<std::ptrdiff_t>(end), std::int64_t{1},
                         std::multiplies<>{});
}

/// @brief The row-major position of block `flat` in a grid of blocks.
inline core::Shape grid_index(std::int64_t flat, const core::Shape& grid) {
  core::Shape index(grid.size());
  for (std::size_t ax = grid.size(); ax-- > 0;) {
    index[ax] = flat % grid[ax];
    flat /= grid[ax];
  }
  return index;
}

/// @brief out (batch..., free_a..., free_b...) = a b, or out += a b; a batch axis of extent 1 in
/// an operand is broadcast to the output's.
template <Element T>
void multiply_blocks(const core::Buffer& a, const core::Buffer& b, T* out,
                     const core::Shape& out_batch, const ContractionAxes& axes, bool accumulate,
                     BlasThreads threads, Transposed transposed = {}) {
  const auto& sa = a.shape();
  const auto& sb = b.shape();
  const auto nb = axes.batch;
  // A transposed operand is a 2-D block stored the other way round.
  const auto m = transposed.a ? sa[1] : extent_product(sa, nb, nb + axes.free_a);
  const auto k = transposed.a ? sa[0] : extent_product(sa, nb + axes.free_a, sa.size());
  const auto n = transposed.b ? sb[0] : extent_product(sb, nb + axes.contracted, sb.size());
  // Row-major batch strides of each operand, 0 along its broadcast axes.
  core::Shape stride_a(nb, 0), stride_b(nb, 0);
  for (std::size_t ax = nb, step_a = 1, step_b = 1; ax-- > 0;) {
    stride_a[ax] = sa[ax] == 1 ? 0 : static_cast<std::int64_t>(step_a);
    stride_b[ax] = sb[ax] == 1 ? 0 : static_cast<std::int64_t>(step_b);
    step_a *= static_cast<std::size_t>(sa[ax]);
    step_b *= static_cast<std::size_t>(sb[ax]);
  }
  const T* pa = a.as<T>();
  const T* pb = b.as<T>();
  const auto batches = extent_product(out_batch, 0, nb);
  core::Shape at(nb, 0);
  for (std::int64_t q = 0; q < batches; ++q) {
    std::int64_t offset_a = 0, offset_b = 0;
    for (std::size_t ax = 0; ax < nb; ++ax) {
      offset_a += at[ax] * stride_a[ax];
      offset_b += at[ax] * stride_b[ax];
    }
    gemm(pa + offset_a * m * k, pb + offset_b * k * n, out + q * m * n, m, n, k, accumulate,
         threads, transposed);
    for (std::size_t ax = nb; ax-- > 0;) {
      if (++at[ax] < out_batch[ax]) break;
      at[ax] = 0;
    }
  }
}

/// @brief The result's shape: the broadcast batch axes, then a's free axes, then b's.
inline core::Shape contraction_shape(const core::Shape& a, const core::Shape& b,
                                     const ContractionAxes& axes) {
  core::Shape out;
  for (std::size_t ax = 0; ax < axes.batch; ++ax) out.push_back(a[ax] == 1 ? b[ax] : a[ax]);
  out.insert(out.end(), a.begin() + static_cast<std::ptrdiff_t>(axes.batch),
             a.begin() + static_cast<std::ptrdiff_t>(axes.batch + axes.free_a));
  out.insert(out.end(), b.end() - static_cast<std::ptrdiff_t>(axes.free_b), b.end());
  return out;
}

/// @brief The elements of the largest block over axes [begin, end): a block product's M, K or N.
inline std::int64_t largest_block_extent(const core::Chunks& chunks, std::size_t begin,
                                         std::size_t end) {
  std::int64_t product = 1;
  for (auto ax = begin; ax < end; ++ax) {
    product *= *std::max_element(chunks[ax].begin(), chunks[ax].end());
  }
  return product;
}

/// @brief Every extent of a block product must fit BLAS's 32-bit ints.
inline void check_blas_extents(const char* fn, const core::Chunks& a, const core::Chunks& b,
                               const ContractionAxes& axes) {
  const auto nb = axes.batch;
  const std::int64_t extents[] = {largest_block_extent(a, nb, nb + axes.free_a),
                                  largest_block_extent(a, nb + axes.free_a, a.size()),
                                  largest_block_extent(b, nb + axes.contracted, b.size())};
  for (auto extent : extents) {
    if (extent > kMaxBlasExtent) {
      invalid(fn, "block extent", extent,
              "exceeds BLAS's 32-bit limit (2^31 - 1): use smaller chunks");
    }
  }
}

/// @brief Whether a partial block is at most 1/kMaxPartialShare of the elements of the operand
/// blocks it comes from, for the largest pair: a (m x k) times b (k x n) into m x n.
inline bool small_partials(const core::Chunks& a, const core::Chunks& b,
                           const ContractionAxes& axes) {
  const auto nb = axes.batch;
  const auto m = static_cast<double>(largest_block_extent(a, nb, nb + axes.free_a));
  const auto k = static_cast<double>(largest_block_extent(a, nb + axes.free_a, a.size()));
  const auto n = static_cast<double>(largest_block_extent(b, nb + axes.contracted, b.size()));
  return m * n * kMaxPartialShare <= k * (m + n);
}

/// @brief The input of a lazy 2-D transpose (transpose, swapaxes or moveaxis of a matrix, which
/// can only swap its axes: the identity permutation makes no layer), else null. A product reads
/// that input's blocks with BLAS's transpose flag instead of a transposed copy of each block.
inline core::LayerPtr swapped_input(const core::Layer& layer) {
  const auto& op = layer.op();
  const bool swap = op == "transpose" || op == "swapaxes" || op == "moveaxis";
  if (!swap || layer.ndim() != 2 || layer.inputs().size() != 1) return nullptr;
  return layer.inputs()[0];
}

/// @brief The eager contraction: one product of the whole arrays, on every core.
template <Element T>
NDArray<T> contract(const NDArray<T>& a, const NDArray<T>& b, const ContractionAxes& axes,
                    const char* fn) {
  const auto one_block = [](const core::Shape& shape) {
    core::Chunks chunks;
    for (auto extent : shape) chunks.push_back({extent});
    return chunks;
  };
  check_blas_extents(fn, one_block(a.shape()), one_block(b.shape()), axes);
  const auto shape = contraction_shape(a.shape(), b.shape(), axes);
  auto out = NDArray<T>::empty(shape);
  const core::Shape batch(shape.begin(), shape.begin() + static_cast<std::ptrdiff_t>(axes.batch));
  multiply_blocks<T>(a.buffer(), b.buffer(), out.data(), batch, axes, false, BlasThreads::all);
  return out;
}

/// @brief The lazy contraction (see the file's comment).
template <Element T>
Array<T> contract(const Array<T>& x, const Array<T>& y, const ContractionAxes& axes,
                  const char* fn) {
  const auto nb = axes.batch;
  const auto nfa = axes.free_a;
  const auto nc = axes.contracted;
  const auto shape = contraction_shape(x.shape(), y.shape(), axes);
  // Batch axes follow the operand that is not broadcast there; b's contracted axes follow a's.
  core::Chunks target_a = x.chunks(), target_b = y.chunks(), out_chunks;
  for (std::size_t ax = 0; ax < nb; ++ax) {
    const bool from_a = x.shape()[ax] == shape[ax];
    const auto& chunks = from_a ? x.chunks()[ax] : y.chunks()[ax];
    out_chunks.push_back(chunks);
    if (from_a) target_a[ax] = chunks;
    if (y.shape()[ax] == shape[ax]) target_b[ax] = chunks;
  }
  for (std::size_t c = 0; c < nc; ++c) target_b[nb + c] = x.chunks()[nb + nfa + c];
  out_chunks.insert(out_chunks.end(), x.chunks().begin() + static_cast<std::ptrdiff_t>(nb),
                    x.chunks().begin() + static_cast<std::ptrdiff_t>(nb + nfa));
  out_chunks.insert(out_chunks.end(), y.chunks().end() - static_cast<std::ptrdiff_t>(axes.free_b),
                    y.chunks().end());
  const auto a = rechunk_to(x, target_a);
  const auto b = rechunk_to(y, target_b);
  check_blas_extents(fn, a.chunks(), b.chunks(), axes);

  const core::Shape contracted_grid(a.numblocks().begin() + static_cast<std::ptrdiff_t>(nb + nfa),
                                    a.numblocks().end());
  const auto blocks_k = core::shape_size(contracted_grid);
  std::int64_t out_blocks = 1;
  for (const auto& sizes : out_chunks) out_blocks *= static_cast<std::int64_t>(sizes.size());
  const auto wanted =
      out_blocks >= kMinProductTasks || !small_partials(a.chunks(), b.chunks(), axes)
          ? 1
          : std::min(blocks_k, (kMinProductTasks + out_blocks - 1) / out_blocks);
  const auto per_group = (blocks_k + wanted - 1) / wanted;
  const auto groups = (blocks_k + per_group - 1) / per_group;
  auto chunks = out_chunks;
  if (groups > 1) chunks.push_back(std::vector<std::int64_t>(static_cast<std::size_t>(groups), 1));

  const auto out_grid = [&] {
    core::Shape grid;
    for (const auto& sizes : chunks) grid.push_back(static_cast<std::int64_t>(sizes.size()));
    return grid;
  }();
  // A plain matrix product reads a transposed operand where it lies (x.T @ x copies nothing).
  const bool plain = nb == 0 && nfa == 1 && nc == 1 && axes.free_b == 1;
  const auto stored_a = plain ? swapped_input(*a.layer()) : nullptr;
  const auto stored_b = plain ? swapped_input(*b.layer()) : nullptr;
  const Transposed transposed{stored_a != nullptr, stored_b != nullptr};
  auto route = [axes, transposed, grouped = groups > 1, out_grid, contracted_grid, per_group,
                blocks_k, grid_a = a.numblocks(),
                grid_b = b.numblocks()](std::int64_t block, std::vector<core::BlockRef>& out) {
    const auto index = grid_index(block, out_grid);
    const auto group = grouped ? index.back() : 0;
    const auto nba = axes.batch, nfree = axes.free_a, ncon = axes.contracted;
    for (auto kk = group * per_group; kk < std::min(blocks_k, (group + 1) * per_group); ++kk) {
      const auto k_index = grid_index(kk, contracted_grid);
      std::int64_t flat_a = 0, flat_b = 0;
      for (std::size_t ax = 0; ax < nba; ++ax) {
        flat_a = flat_a * grid_a[ax] + (grid_a[ax] == 1 ? 0 : index[ax]);
        flat_b = flat_b * grid_b[ax] + (grid_b[ax] == 1 ? 0 : index[ax]);
      }
      for (std::size_t ax = 0; ax < nfree; ++ax) {
        flat_a = flat_a * grid_a[nba + ax] + index[nba + ax];
      }
      for (std::size_t c = 0; c < ncon; ++c) {
        flat_a = flat_a * grid_a[nba + nfree + c] + k_index[c];
        flat_b = flat_b * grid_b[nba + c] + k_index[c];
      }
      for (std::size_t ax = 0; ax < axes.free_b; ++ax) {
        flat_b = flat_b * grid_b[nba + ncon + ax] + index[nba + nfree + ax];
      }
      // The same block of a stored transposed operand: (r, c) of a grid (R, C) is (c, r).
      const auto stored = [](std::int64_t flat, const core::Shape& grid) {
        return (flat % grid[1]) * grid[0] + flat / grid[1];
      };
      out.push_back({0, transposed.a ? stored(flat_a, grid_a) : flat_a});
      out.push_back({1, transposed.b ? stored(flat_b, grid_b) : flat_b});
    }
  };
  auto kernel = [axes, transposed](std::span<const core::Buffer* const> in, const BlockInfo& info) {
    auto out = core::Buffer::allocate(dtype_of<T>(), info.shape);
    const core::Shape batch(info.shape.begin(),
                            info.shape.begin() + static_cast<std::ptrdiff_t>(axes.batch));
    for (std::size_t p = 0; p + 1 < in.size(); p += 2) {
      // A block times itself transposed (x.T @ x, x @ x.T): one syrk, half the work.
      if constexpr (std::is_floating_point_v<T>) {
        const auto& block = *in[p];
        if (transposed.a != transposed.b && block.template as<T>() == in[p + 1]->template as<T>()) {
          const auto m = transposed.a ? block.shape()[1] : block.shape()[0];
          const auto k = transposed.a ? block.shape()[0] : block.shape()[1];
          syrk(block.template as<T>(), out.template as_mutable<T>(), m, k, p > 0,
               BlasThreads::caller, transposed.a);
          continue;
        }
      }
      multiply_blocks<T>(*in[p], *in[p + 1], out.template as_mutable<T>(), batch, axes, p > 0,
                         BlasThreads::caller, transposed);
    }
    return out;
  };
  core::Tokenizer token;
  token.add(fn).add(a.name()).add(b.name());
  token.add(static_cast<std::int64_t>(nb)).add(static_cast<std::int64_t>(nfa));
  token.add(static_cast<std::int64_t>(nc)).add(per_group);
  const std::string op = groups > 1 ? std::string(fn) + "-partial" : std::string(fn);
  Array<T> products(make_routed_layer(
      token.name(op), op, {stored_a ? stored_a : a.layer(), stored_b ? stored_b : b.layer()},
      std::move(chunks), dtype_of<T>(), std::move(route), std::move(kernel)));
  if (groups == 1) return products;
  if constexpr (std::is_same_v<T, bool>) {
    return any(products, -1);
  } else {
    return sum(products, -1);
  }
}

}  // namespace dagarray::detail
