#pragma once
// store: hands every block of a lazy array to a user function as the block's task computes it,
// as dask.array.store hands blocks to a target's __setitem__. The way out to any format a
// block at a time (to_npy and to_hdf5 are built on it), so an array larger than memory is
// written with only the blocks in flight held.

#include <dagarray/array/array.hpp>
#include <dagarray/array/layers.hpp>
#include <dagarray/array/map_blocks.hpp>
#include <dagarray/core/token.hpp>

#include <concepts>
#include <functional>

namespace dagarray {

namespace detail {

/// @brief Per axis, the offset of each block's first element.
inline std::vector<std::vector<std::int64_t>> block_starts(const core::Chunks& chunks) {
  std::vector<std::vector<std::int64_t>> starts(chunks.size());
  for (std::size_t a = 0; a < chunks.size(); ++a) {
    std::int64_t at = 0;
    for (auto size : chunks[a]) {
      starts[a].push_back(at);
      at += size;
    }
  }
  return starts;
}

/// @brief The formats that create one file refuse Scheduler::mpi: each rank runs only its
/// share of the blocks, so no rank could complete the file.
inline void check_single_process(std::string_view fn, const ComputeOptions& options) {
  if (options.scheduler == Scheduler::mpi) {
    invalid(fn, "options.scheduler", "mpi",
            "is not supported: each rank runs only its share of the blocks; write from one "
            "process (Scheduler::threads) or use da::store with a parallel format");
  }
}

}  // namespace detail

/// @brief Computes `x` and calls `sink(block, where)` for each block, from that block's task,
/// as soon as it is computed; returns when every block has been handed over. `block` is a
/// read-only view valid during the call only (copy what must outlive it); `where` says where it
/// sits (`where.offset`, `where.shape`, in `where.array_shape`). Calls run on several threads at
/// once, in no fixed order: the sink must be safe to call concurrently (blocks are disjoint, so
/// writing each to its own region needs no lock). An exception from the sink ends the compute
/// and is rethrown as TaskError naming the block's key. Under Scheduler::mpi each rank calls it
/// for the blocks it runs.
/// @code{.cpp}
/// std::atomic<std::int64_t> positive = 0;
/// da::store(x, [&](const da::NDArray<double>& block, const da::BlockInfo& where) {
///   positive += std::count_if(block.begin(), block.end(), [](double v) { return v > 0; });
/// });
/// @endcode
template <Element T, class Sink>
requires std::invocable < Sink&, const NDArray<T>
&, const BlockInfo& >
       void store(const Array<T>& x, Sink&& sink, const ComputeOptions& options = {}) {
  // One 1-element bool block per block of x, whose task calls the sink: the output of the
  // compute is a byte a block, and each block of x is released once its sink call returns.
  core::Chunks chunks;
  for (auto count : x.numblocks()) chunks.emplace_back(static_cast<std::size_t>(count), 1);
  core::Tokenizer token;
  token.add("store").add(x.name());
  detail::add_function(token, sink);
  auto kernel = [target = &sink, starts = detail::block_starts(x.chunks()), whole = x.shape()](
                    std::span<const core::Buffer* const> in, const detail::BlockInfo& info) {
    core::Shape offset(info.index.size());
    for (std::size_t a = 0; a < offset.size(); ++a) {
      offset[a] = starts[a][static_cast<std::size_t>(info.index[a])];
    }
    const auto block = NDArray<T>::from_buffer(*in[0]);
    std::invoke(*target, block, BlockInfo{info.index, std::move(offset), block.shape(), whole});
    return core::Buffer::allocate(core::DType::boolean, info.shape);
  };
  const core::LayerPtr outputs[] = {detail::make_layer<detail::BlockwiseLayer>(
      std::move(kernel), token.name("store"), "store", std::vector<core::LayerPtr>{x.layer()},
      std::move(chunks), core::DType::boolean)};
  detail::compute_layers(outputs, options);
}

}  // namespace dagarray
