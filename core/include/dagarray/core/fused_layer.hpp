#pragma once
// A chain (or small tree) of blockwise layers run as one task per block: the product of the
// blockwise fusion pass. Its name is the name of the last layer it replaces, so the layers
// reading that one read it unchanged, as in Dask's fused Blockwise layers.

#include <dagarray/core/layer.hpp>

#include <cstdint>
#include <utility>
#include <vector>

namespace dagarray::core {

class FusedLayer final : public Layer {
 public:
  /// @brief Where a stage's input comes from: an earlier stage, or an input of the fused layer.
  struct Source {
    bool external;
    std::uint32_t index;
  };
  /// @brief One of the fused layers, with the source of each of its inputs().
  struct Stage {
    LayerPtr layer;
    std::vector<Source> sources;
  };

  /// @brief `stages` in topological order; the last is the sink, whose result is this layer's.
  /// `externals` are the layers the stages read from outside the fusion.
  FusedLayer(std::vector<Stage> stages, std::vector<LayerPtr> externals);

  const std::vector<Stage>& stages() const { return _stages; }

  void block_inputs(std::int64_t block, std::vector<BlockRef>& out) const override;
  Buffer compute_block(std::int64_t block, std::span<const Buffer* const> inputs) const override;

 private:
  /// Each stage on whole blocks, one after the other: for blocks too wide to tile (a tile
  /// holds every index of the leading axes) and empty blocks.
  Buffer compute_whole(std::int64_t block, std::span<const Buffer* const> inputs) const;

  std::vector<Stage> _stages;
  /// For each input, the first stage that reads it and where in that stage's inputs: the stage
  /// says which block of the input a block of the fused layer reads (its own axis map).
  std::vector<std::pair<std::size_t, std::size_t>> _readers;
  /// For each stage, the earlier stage whose tile it writes over, the later stage that writes
  /// over its tile, or -1.
  std::vector<std::int64_t> _over;
};

}  // namespace dagarray::core
