#pragma once
// x.blocks({i, j}): one block of a lazy array as an array of its own, as Dask's x.blocks[i, j].
// Its graph still holds every block of x's layers until culling removes the ones it does not
// read, which is what makes computing one block cheap.

#include <dagarray/array/array.hpp>
#include <dagarray/array/checks.hpp>
#include <dagarray/array/layers.hpp>
#include <dagarray/core/token.hpp>

namespace dagarray::detail {

template <Element T>
Array<T> select_block(const Array<T>& array, core::Shape index) {
  const auto& grid = array.numblocks();
  if (index.size() != grid.size()) {
    invalid(
        "blocks", "index", to_string(index),
        "must give one block index per axis of an array of ndim " + std::to_string(grid.size()));
  }
  core::Chunks chunks;
  BlockRanges ranges(index.size());
  for (std::size_t axis = 0; axis < index.size(); ++axis) {
    if (index[axis] < 0 || index[axis] >= grid[axis]) {
      invalid("blocks", "index", to_string(index),
              "is out of range for a block grid of " + to_string(grid));
    }
    chunks.push_back({array.chunks()[axis][static_cast<std::size_t>(index[axis])]});
    ranges[axis].emplace_back(index[axis], index[axis] + 1);
  }
  const auto name = core::Tokenizer()
                        .add("blocks")
                        .add(array.name())
                        .add(std::span<const std::int64_t>(index))
                        .name("blocks");
  // Buffers are shared handles that no kernel writes to: the block is passed on, not copied.
  auto kernel = [](std::span<const core::Buffer* const> in, const BlockInfo&) { return *in[0]; };
  return Array<T>(make_layer<GatherLayer>(std::move(kernel), name, "blocks", array.layer(),
                                          std::move(chunks), dtype_of<T>(), std::move(ranges)));
}

}  // namespace dagarray::detail
