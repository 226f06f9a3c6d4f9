#pragma once
// A layer: one operation applied block by block, as a layer of Dask's HighLevelGraph.
// A layer with B blocks stands for B tasks; the flat task graph is made from layers at compute.

#include <dagarray/core/buffer.hpp>
#include <dagarray/core/tile.hpp>

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace dagarray::core {

/// @brief Block sizes along each axis, Dask-style: {{2}, {4, 4, 2}} is a 2x10 array in three
/// blocks along its second axis.
using Chunks = std::vector<std::vector<std::int64_t>>;

/// @brief One block of one of a layer's inputs: `input` indexes Layer::inputs().
struct BlockRef {
  std::uint32_t input;
  std::int64_t block;
};

class Layer;
using LayerPtr = std::shared_ptr<const Layer>;

/// @brief One operation over a grid of blocks. Subclasses say which input blocks each block
/// reads and how to compute it; they hold their inputs by shared pointer, so an expression
/// stays valid however long the user keeps it.
class Layer {
 public:
  Layer(std::string name, std::string op, std::vector<LayerPtr> inputs, Chunks chunks, DType dtype);
  /// Releases a chain of inputs iteratively, so dropping a long expression cannot overflow the
  /// stack.
  virtual ~Layer();
  Layer(const Layer&) = delete;
  Layer& operator=(const Layer&) = delete;

  /// @brief Deterministic unique name, e.g. "square-3f0c9a1b2d4e5f60".
  const std::string& name() const { return _name; }
  /// @brief What the tasks do, e.g. "square"; used for display.
  const std::string& op() const { return _op; }
  const std::vector<LayerPtr>& inputs() const { return _inputs; }
  const Chunks& chunks() const { return _chunks; }
  DType dtype() const { return _dtype; }
  const Shape& shape() const { return _shape; }
  std::size_t ndim() const { return _chunks.size(); }

  /// @brief Blocks along each axis, and in all.
  const Shape& numblocks() const { return _numblocks; }
  std::int64_t num_blocks() const { return _num_blocks; }

  /// @brief The row-major block index of a flat block number.
  Shape block_index(std::int64_t block) const;
  /// @brief Shape of one block.
  Shape block_shape(std::int64_t block) const;
  /// @brief Element offset of a block's first element along each axis.
  Shape block_origin(std::int64_t block) const;

  /// @brief Appends to `out` the input blocks that `block` reads, in the order compute_block
  /// receives them.
  virtual void block_inputs(std::int64_t block, std::vector<BlockRef>& out) const = 0;

  /// @brief Computes one block from its inputs (as listed by block_inputs).
  virtual Buffer compute_block(std::int64_t block, std::span<const Buffer* const> inputs) const = 0;

  /// @brief How this layer can take part in a fused task (see tile.hpp); none by default.
  virtual TileRole tile_role() const { return TileRole::none; }

  /// @brief For TileRole::map: writes the tile `tile` (in this layer's coordinates) to `out`
  /// from the same tile of each input, given in the order of inputs().
  virtual void map_tile(const BlockInfo& tile, std::span<const TileRef> inputs,
                        std::byte* out) const;

  /// @brief For TileRole::map: whether map_tile may write its output over an input tile of the
  /// same size, as an elementwise operation can (element i read before element i written).
  virtual bool maps_in_place() const { return false; }

  /// @brief For TileRole::reduce: folds one tile of its input into the block's result `out`
  /// (the block's first tile when `first`, which overwrites instead of combining).
  virtual void reduce_tile(const TileRef& input, bool first, std::byte* out) const;

 private:
  template <class F>
  void for_each_axis(std::int64_t block, F f) const;

  std::string _name;
  std::string _op;
  mutable std::vector<LayerPtr> _inputs;  // mutable: emptied by ~Layer of the layer's last owner
  Chunks _chunks;
  DType _dtype;
  Shape _shape;
  Shape _numblocks;
  std::int64_t _num_blocks;
  std::vector<Shape> _offsets;  // per axis, the element offset at which each block starts
};

}  // namespace dagarray::core
