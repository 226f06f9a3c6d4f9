#pragma once
// Tiles: how a chain of blockwise operations runs as one task (blockwise fusion). A tile is a
// part of a block small enough to stay in the CPU's cache: every index along the block's
// leading axes and a range of columns of its last axis. A fused task computes its block tile
// by tile, each operation of the chain in turn on the same tile, so no intermediate block is
// ever written to memory. Elementwise operations keep the columns of the last axis, and so do
// reductions over a leading axis, which is what lets a tile pass through all of them.

#include <dagarray/core/buffer.hpp>

#include <cstddef>

namespace dagarray::core {

/// @brief Where a block or a tile sits in its array: block index, first element, shape.
struct BlockInfo {
  Shape index;
  Shape origin;
  Shape shape;
};

/// @brief A tile of an input, row-major and contiguous. An empty shape while the tile being
/// computed is not 0-d marks a broadcast scalar (a 0-d input read by every element).
struct TileRef {
  const std::byte* data;
  const Shape* shape;
};

/// @brief The part a layer can play in a fused task.
enum class TileRole : std::uint8_t {
  none,    ///< computes whole blocks only (gathers, rechunks, map_blocks)
  map,     ///< computes any tile from the same tile of each input
  reduce,  ///< folds tiles of its one input into its block: reductions over the last or all axes
};

}  // namespace dagarray::core
