#include <dagarray/core/box.hpp>
#include <dagarray/core/fused_layer.hpp>

#include <algorithm>
#include <stdexcept>

namespace dagarray::core {

namespace {

/// Elements per stage per tile: 16 KiB of doubles, so the tiles of a chain of several
/// operations stay in the first- and second-level caches.
constexpr std::int64_t kTileElements = 2048;
/// The fewest columns a tile takes, so that its innermost loops stay long enough to vectorise
/// when a block's columns are tall (a 1000 x 5000 block gets tiles of 1000 x 64, not 1000 x 2).
constexpr std::int64_t kMinColumns = 64;
/// The most elements one stage's tile may hold (512 KiB of doubles); a block with taller columns
/// runs stage by stage on whole blocks.
constexpr std::int64_t kMaxTileElements = std::int64_t{1} << 16;
/// Scratch tiles start on cache lines.
constexpr std::size_t kAlign = 64;

/// The last stage, whose result is the fused layer's; checked before anything reads it.
const Layer& sink_of(const std::vector<FusedLayer::Stage>& stages) {
  if (stages.empty()) throw std::invalid_argument("FusedLayer: stages = {} is empty");
  return *stages.back().layer;
}

/// "uniform-square-sum", as Dask names fused tasks; a long chain keeps its ends and a count.
std::string joined_ops(const std::vector<FusedLayer::Stage>& stages) {
  constexpr std::size_t kNamed = 8;
  std::string op;
  for (std::size_t s = 0; s < stages.size(); ++s) {
    if (stages.size() > kNamed && s == 2) {
      op += "-...";
      s = stages.size() - 3;
      continue;
    }
    op += (op.empty() ? "" : "-") + stages[s].layer->op();
  }
  if (stages.size() > kNamed) op += " (" + std::to_string(stages.size()) + " ops)";
  return op;
}

/// Elements per column of a block or tile: the product of all axes but the last.
std::int64_t lead_of(const Shape& shape) {
  if (shape.empty()) return 1;
  std::int64_t lead = 1;
  for (std::size_t axis = 0; axis + 1 < shape.size(); ++axis) lead *= shape[axis];
  return lead;
}

std::int64_t columns_of(const Shape& shape) {
  return shape.empty() ? 1 : shape.back();
}

std::size_t aligned(std::size_t bytes) {
  return (bytes + kAlign - 1) / kAlign * kAlign;
}

/// One tile's worth of an input read from outside the fusion. An input whose last axis is
/// broadcast (extent 1 in its block) or that is 0-d does not follow the tile's columns: its
/// whole block is every tile's.
struct ExternalTile {
  const Buffer* block;
  bool follows_columns;
  Shape shape;            // of the tile; empty for a 0-d input
  Shape start;            // where the tile starts in the block
  std::byte* gathered;    // scratch when the tile is not contiguous in the block, else null
  const std::byte* data;  // where the current tile is
};

/// One stage's place in the tile loop.
struct StageTile {
  BlockInfo block;
  BlockInfo tile;
  std::byte* out;  // its current tile's result
  std::vector<TileRef> refs;
};

/// For each stage, the earlier stage whose tile it writes over, or the later stage that writes
/// over its tile, or -1. An elementwise stage may write over the tile of an input that nothing
/// else reads and that has its size: fewer tiles, so the chain's working set stays in the
/// first-level cache.
/// The same for every block (it depends only on the layers), so it is planned once.
std::vector<std::int64_t> in_place_plan(const std::vector<FusedLayer::Stage>& stages) {
  const bool sink_reduces = stages.back().layer->tile_role() == TileRole::reduce;
  const std::size_t mapped = stages.size() - (sink_reduces ? 1 : 0);
  std::vector<std::int64_t> over(stages.size(), -1);
  std::vector<int> readers(stages.size(), 0);
  for (const auto& stage : stages) {
    for (const auto& source : stage.sources) {
      if (!source.external) ++readers[source.index];  // an external index is not a stage's
    }
  }
  for (std::size_t s = 0; s < mapped; ++s) {
    if (!stages[s].layer->maps_in_place()) continue;
    for (const auto& source : stages[s].sources) {
      if (source.external || readers[source.index] != 1 || over[source.index] >= 0) continue;
      const auto& input = *stages[source.index].layer;
      // Equal chunks: every block of the two has the same shape.
      if (dtype_size(input.dtype()) == dtype_size(stages[s].layer->dtype()) &&
          input.chunks() == stages[s].layer->chunks()) {
        over[s] = source.index;
        over[source.index] = static_cast<std::int64_t>(s);
        break;
      }
    }
  }
  return over;
}

/// For each external input, its first reader: (stage, position among the stage's inputs).
std::vector<std::pair<std::size_t, std::size_t>> readers_of(
    const std::vector<FusedLayer::Stage>& stages, std::size_t externals) {
  std::vector<std::pair<std::size_t, std::size_t>> readers(externals, {stages.size(), 0});
  for (std::size_t s = stages.size(); s-- > 0;) {
    for (std::size_t k = 0; k < stages[s].sources.size(); ++k) {
      const auto& source = stages[s].sources[k];
      if (source.external) readers[source.index] = {s, k};
    }
  }
  return readers;
}

}  // namespace

FusedLayer::FusedLayer(std::vector<Stage> stages, std::vector<LayerPtr> externals)
    : Layer(sink_of(stages).name(), joined_ops(stages), std::move(externals),
            sink_of(stages).chunks(), sink_of(stages).dtype()),
      _stages(std::move(stages)),
      _readers(readers_of(_stages, inputs().size())),
      _over(in_place_plan(_stages)) {}

void FusedLayer::block_inputs(std::int64_t block, std::vector<BlockRef>& out) const {
  // Every stage's block `block` is this layer's (fusion joins layers of one block grid), so the
  // block of an input is the one its first reader reads there. Readers of one input agree: they
  // map it by NumPy's right-aligned rule onto grids of the same blocks.
  std::vector<BlockRef> read;
  for (std::uint32_t i = 0; i < inputs().size(); ++i) {
    const auto [stage, position] = _readers[i];
    read.clear();
    _stages[stage].layer->block_inputs(block, read);
    out.push_back({i, read[position].block});
  }
}

Buffer FusedLayer::compute_whole(std::int64_t block, std::span<const Buffer* const> inputs) const {
  std::vector<Buffer> results(_stages.size());
  std::vector<const Buffer*> in;
  for (std::size_t s = 0; s < _stages.size(); ++s) {
    in.clear();
    for (const auto& source : _stages[s].sources) {
      in.push_back(source.external ? inputs[source.index] : &results[source.index]);
    }
    results[s] = _stages[s].layer->compute_block(block, in);
  }
  return std::move(results.back());
}

Buffer FusedLayer::compute_block(std::int64_t block, std::span<const Buffer* const> inputs) const {
  const auto& sink = *_stages.back().layer;
  const bool sink_reduces = sink.tile_role() == TileRole::reduce;
  const std::size_t mapped = _stages.size() - (sink_reduces ? 1 : 0);

  std::vector<StageTile> stages(_stages.size());
  std::int64_t widest = 1;
  bool empty = false;
  for (std::size_t s = 0; s < stages.size(); ++s) {
    const auto& layer = *_stages[s].layer;
    stages[s].block = {layer.block_index(block), layer.block_origin(block),
                       layer.block_shape(block)};
    stages[s].tile = stages[s].block;
    widest = std::max(widest, lead_of(stages[s].block.shape));
    empty = empty || shape_size(stages[s].block.shape) == 0;
  }
  // Every mapped stage has the same columns (the last axis); tiles split them.
  const auto columns = columns_of(stages[0].block.shape);
  for (const auto* input : inputs) {
    if (!input->shape().empty() && input->shape().back() == columns) {
      widest = std::max(widest, lead_of(input->shape()));
    }
  }
  const auto width =
      std::clamp<std::int64_t>(kTileElements / widest, std::min(kMinColumns, columns), columns);
  if (empty || widest * width > kMaxTileElements) return compute_whole(block, inputs);

  // A mapping sink of one row writes its tiles straight into the block.
  auto out = Buffer::allocate(sink.dtype(), stages.back().block.shape);
  const bool sink_in_place = !sink_reduces && lead_of(stages.back().block.shape) == 1;

  // One scratch buffer: a tile for every mapped stage but those writing over an input's tile,
  // and one for every input whose tiles are not contiguous in its blocks (more than one row).
  const auto tile_bytes = [width](const Shape& shape, DType dtype) {
    return aligned(static_cast<std::size_t>(lead_of(shape) * width) * dtype_size(dtype));
  };
  const auto writes_over = [this](std::size_t s) {
    return _over[s] >= 0 && static_cast<std::size_t>(_over[s]) < s;
  };
  std::vector<ExternalTile> externals;
  for (const auto* input : inputs) {
    const bool follows = !input->shape().empty() && input->shape().back() == columns;
    externals.push_back(
        {input, follows, input->shape(), Shape(input->shape().size(), 0), nullptr, input->data()});
  }
  const auto gathered = [](const ExternalTile& ext) {
    return ext.follows_columns && lead_of(ext.shape) > 1;
  };
  std::vector<std::size_t> offset(mapped + externals.size(), 0);
  std::size_t scratch_bytes = 0;
  for (std::size_t s = 0; s < mapped; ++s) {
    if (writes_over(s)) continue;
    offset[s] = scratch_bytes;
    scratch_bytes += tile_bytes(stages[s].block.shape, _stages[s].layer->dtype());
  }
  for (std::size_t e = 0; e < externals.size(); ++e) {
    if (!gathered(externals[e])) continue;
    offset[mapped + e] = scratch_bytes;
    scratch_bytes += tile_bytes(externals[e].shape, externals[e].block->dtype());
  }
  auto scratch = Buffer::allocate(DType::float64, {static_cast<std::int64_t>(scratch_bytes / 8)});
  for (std::size_t s = 0; s < mapped; ++s) {
    stages[s].out = writes_over(s) ? stages[static_cast<std::size_t>(_over[s])].out
                                   : scratch.mutable_data() + offset[s];
  }
  for (std::size_t e = 0; e < externals.size(); ++e) {
    if (gathered(externals[e])) externals[e].gathered = scratch.mutable_data() + offset[mapped + e];
  }
  for (std::size_t s = 0; s < stages.size(); ++s) {
    for (const auto& source : _stages[s].sources) {
      const Shape* shape =
          source.external ? &externals[source.index].shape : &stages[source.index].tile.shape;
      stages[s].refs.push_back({nullptr, shape});
    }
  }

  // Where a tile starts in the sink's block; where it starts in itself (copy_box reads as many
  // axes as the box has, so one vector of zeros serves every rank).
  Shape at(stages.back().block.shape.size(), 0);
  Shape zero(at.size(), 0);
  for (const auto* input : inputs) zero.resize(std::max(zero.size(), input->shape().size()), 0);
  for (std::int64_t begin = 0; begin < columns; begin += width) {
    const auto end = std::min(columns, begin + width);
    for (auto& ext : externals) {
      if (!ext.follows_columns) continue;
      ext.shape.back() = end - begin;
      const auto element = dtype_size(ext.block->dtype());
      if (!ext.gathered) {
        ext.data = ext.block->data() + static_cast<std::size_t>(begin) * element;
        continue;
      }
      ext.start.back() = begin;
      copy_box(ext.block->data(), ext.block->shape(), ext.start, ext.gathered, ext.shape, zero,
               ext.shape, element);
      ext.data = ext.gathered;
    }
    for (std::size_t s = 0; s < stages.size(); ++s) {
      auto& stage = stages[s];
      const auto& layer = *_stages[s].layer;
      for (std::size_t k = 0; k < stage.refs.size(); ++k) {
        const auto& source = _stages[s].sources[k];
        stage.refs[k].data =
            source.external ? externals[source.index].data : stages[source.index].out;
      }
      if (s == mapped) {  // the sink folds its input's tile into the block
        layer.reduce_tile(stage.refs[0], begin == 0, out.mutable_data());
        continue;
      }
      if (!stage.tile.shape.empty()) {
        stage.tile.origin.back() = stage.block.origin.back() + begin;
        stage.tile.shape.back() = end - begin;
      }
      const bool last = s + 1 == stages.size();
      if (last && sink_in_place) {
        stage.out = out.mutable_data() + static_cast<std::size_t>(begin) * dtype_size(sink.dtype());
      }
      layer.map_tile(stage.tile, stage.refs, stage.out);
      if (last && !sink_in_place) {
        at.back() = begin;
        copy_box(stage.out, stage.tile.shape, zero, out.mutable_data(), stage.block.shape, at,
                 stage.tile.shape, dtype_size(sink.dtype()));
      }
    }
  }
  return out;
}

}  // namespace dagarray::core
