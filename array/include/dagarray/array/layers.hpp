#pragma once
// The three shapes of layer every array operation is made of:
//   SourceLayer    - blocks computed from nothing but their position (random, arange, full, ...)
//   BlockwiseLayer - each block from one block of each input, chosen by a per-input axis map, as
//                    Dask's blockwise (elementwise ops and broadcasting, where, transpose,
//                    squeeze, expand_dims, per-chunk reductions, map_blocks)
//   RoutedLayer    - a block from the input blocks a route lists; GatherLayer, its most common
//                    form, reads a box of blocks of one input (reduction trees, rechunking,
//                    views)
// Each holds its kernel by value, so the per-element loop is inlined into compute_block: one
// virtual call per task, none per element. Sources and blockwise layers may also hold a tile
// kernel, which lets the fusion pass run a chain of them as one task, tile by tile.

#include <dagarray/array/element.hpp>
#include <dagarray/core/layer.hpp>

#include <stdexcept>
#include <tuple>
#include <utility>

namespace dagarray::detail {

using core::BlockInfo;

/// @brief The tile kernel of a layer that computes whole blocks only.
struct NoTiles {
  core::TileRole role() const { return core::TileRole::none; }
};

/// @brief A tile kernel: void(const BlockInfo& tile, std::span<const core::TileRef>, std::byte*).
template <class F>
struct MapTiles {
  F map;
  bool elementwise;  ///< element i of the output from element i of each input only
  core::TileRole role() const { return core::TileRole::map; }
  bool in_place() const { return elementwise; }
};

template <class F>
MapTiles<F> map_tiles(F map, bool elementwise = false) {
  return {std::move(map), elementwise};
}

template <class T>
concept HasMap = requires(const T& t, const BlockInfo& b, std::span<const core::TileRef> in,
                          std::byte* out) {
  t.map(b, in, out);
};
template <class T>
concept HasReduce = requires(const T& t, const core::TileRef& in, std::byte* out) {
  t.reduce(in, true, out);
};

/// @brief The tile half of the Layer interface, for the layers below.
template <class Tiles>
class TiledLayer : public core::Layer {
 public:
  template <class... Args>
  TiledLayer(Tiles tiles, Args&&... args)
      : Layer(std::forward<Args>(args)...), _tiles(std::move(tiles)) {}

  core::TileRole tile_role() const override { return _tiles.role(); }

  bool maps_in_place() const override {
    if constexpr (requires { _tiles.in_place(); }) {
      return _tiles.in_place();
    } else {
      return false;
    }
  }

  void map_tile(const BlockInfo& tile, std::span<const core::TileRef> in,
                std::byte* out) const override {
    if constexpr (HasMap<Tiles>) {
      _tiles.map(tile, in, out);
    } else {
      Layer::map_tile(tile, in, out);
    }
  }

  void reduce_tile(const core::TileRef& in, bool first, std::byte* out) const override {
    if constexpr (HasReduce<Tiles>) {
      _tiles.reduce(in, first, out);
    } else {
      Layer::reduce_tile(in, first, out);
    }
  }

 private:
  Tiles _tiles;
};

inline BlockInfo block_info(const core::Layer& layer, std::int64_t block) {
  return {layer.block_index(block), layer.block_origin(block), layer.block_shape(block)};
}

/// @brief Kernel: core::Buffer(const BlockInfo&).
template <class Kernel, class Tiles = NoTiles>
class SourceLayer final : public TiledLayer<Tiles> {
 public:
  SourceLayer(std::string name, std::string op, core::Chunks chunks, core::DType dtype,
              Kernel kernel, Tiles tiles = {})
      : TiledLayer<Tiles>(std::move(tiles), std::move(name), std::move(op),
                          std::vector<core::LayerPtr>{}, std::move(chunks), dtype),
        _kernel(std::move(kernel)) {}

  void block_inputs(std::int64_t, std::vector<core::BlockRef>&) const override {}

  core::Buffer compute_block(std::int64_t block,
                             std::span<const core::Buffer* const>) const override {
    return _kernel(block_info(*this, block));
  }

 private:
  Kernel _kernel;
};

/// @brief For each axis of one input of a blockwise layer, the output axis whose block index it
/// follows, or kBroadcastAxis: the input has one block along that axis, which every output block
/// reads (a broadcast axis of extent 1, or an axis the output drops).
using AxisMap = std::vector<int>;
inline constexpr int kBroadcastAxis = -1;

/// @brief The block of `input` (a flat block number of a grid `input_grid`) that the output block
/// at `index` reads through `map`.
inline std::int64_t mapped_block(const AxisMap& map, const core::Shape& input_grid,
                                 const core::Shape& index) {
  std::int64_t flat = 0;
  for (std::size_t a = 0; a < map.size(); ++a) {
    flat = flat * input_grid[a] + (map[a] == kBroadcastAxis ? 0 : index[map[a]]);
  }
  return flat;
}

/// @brief The map of an input whose flat block numbers are the output's (or which has one block):
/// its axes of more than one block follow the output's, in order.
inline AxisMap same_blocks_map(const core::Layer& input, const core::Shape& output_grid) {
  AxisMap map(input.ndim(), kBroadcastAxis);
  std::size_t k = 0;
  for (std::size_t a = 0; a < map.size(); ++a) {
    if (input.numblocks()[a] == 1) continue;
    while (k < output_grid.size() && output_grid[k] == 1) ++k;
    // A grid that does not match is left unmapped: the constructor's check reports it.
    if (k == output_grid.size() || output_grid[k] != input.numblocks()[a]) break;
    map[a] = static_cast<int>(k++);
  }
  return map;
}

/// @brief Kernel: core::Buffer(std::span<const core::Buffer* const> inputs, const BlockInfo&).
/// As Dask's blockwise: each output block reads, from each input, the block its AxisMap names.
/// Elementwise operations with broadcasting, where, transpose, squeeze, expand_dims, n-input
/// map_blocks and the per-block step of reductions are all this layer with other maps and
/// kernels. Without maps, every input has this layer's flat block numbers or one block.
template <class Kernel, class Tiles = NoTiles>
class BlockwiseLayer final : public TiledLayer<Tiles> {
 public:
  BlockwiseLayer(std::string name, std::string op, std::vector<core::LayerPtr> inputs,
                 core::Chunks chunks, core::DType dtype, std::vector<AxisMap> maps, Kernel kernel,
                 Tiles tiles = {})
      : TiledLayer<Tiles>(std::move(tiles), std::move(name), std::move(op), std::move(inputs),
                          std::move(chunks), dtype),
        _maps(std::move(maps)),
        _kernel(std::move(kernel)) {
    check_maps();
  }

  BlockwiseLayer(std::string name, std::string op, std::vector<core::LayerPtr> inputs,
                 core::Chunks chunks, core::DType dtype, Kernel kernel, Tiles tiles = {})
      : TiledLayer<Tiles>(std::move(tiles), std::move(name), std::move(op), std::move(inputs),
                          std::move(chunks), dtype),
        _kernel(std::move(kernel)) {
    for (const auto& input : this->inputs()) {
      _maps.push_back(same_blocks_map(*input, this->numblocks()));
    }
  }

  const std::vector<AxisMap>& maps() const { return _maps; }

  void block_inputs(std::int64_t block, std::vector<core::BlockRef>& out) const override {
    const auto& inputs = this->inputs();
    const auto index = this->block_index(block);
    for (std::uint32_t i = 0; i < inputs.size(); ++i) {
      out.push_back({i, mapped_block(_maps[i], inputs[i]->numblocks(), index)});
    }
  }

  core::Buffer compute_block(std::int64_t block,
                             std::span<const core::Buffer* const> in) const override {
    return _kernel(in, block_info(*this, block));
  }

 private:
  void check_maps() const {
    const auto& inputs = this->inputs();
    bool ok = _maps.size() == inputs.size();
    for (std::size_t i = 0; ok && i < inputs.size(); ++i) {
      ok = _maps[i].size() == inputs[i]->ndim();
      for (std::size_t a = 0; ok && a < _maps[i].size(); ++a) {
        const auto axis = _maps[i][a];
        ok = axis == kBroadcastAxis ? inputs[i]->numblocks()[a] == 1
                                    : axis >= 0 && static_cast<std::size_t>(axis) < this->ndim() &&
                                          inputs[i]->numblocks()[a] ==
                                              this->numblocks()[static_cast<std::size_t>(axis)];
      }
    }
    if (!ok) {
      throw std::logic_error("BlockwiseLayer: the axis maps of '" + this->name() +
                             "' do not fit its inputs' block grids");
    }
  }

  std::vector<AxisMap> _maps;
  Kernel _kernel;
};

/// @brief Route: void(std::int64_t block, std::vector<core::BlockRef>& out), the input blocks
/// `block` reads, in the order the kernel receives them; Kernel: core::Buffer(std::span<const
/// core::Buffer* const> inputs, const BlockInfo&). For blocks that read blocks at other positions
/// than their own: gathers of boxes (reduction trees, rechunk, views), a scan's carries (the
/// block one step back along an axis), concatenate's choice among operands.
template <class Route, class Kernel>
class RoutedLayer : public core::Layer {
 public:
  RoutedLayer(std::string name, std::string op, std::vector<core::LayerPtr> inputs,
              core::Chunks chunks, core::DType dtype, Route route, Kernel kernel)
      : Layer(std::move(name), std::move(op), std::move(inputs), std::move(chunks), dtype),
        _route(std::move(route)),
        _kernel(std::move(kernel)) {}

  void block_inputs(std::int64_t block, std::vector<core::BlockRef>& out) const override {
    _route(block, out);
  }

  core::Buffer compute_block(std::int64_t block,
                             std::span<const core::Buffer* const> in) const override {
    return _kernel(in, block_info(*this, block));
  }

 private:
  Route _route;
  Kernel _kernel;
};

template <class Route, class Kernel>
core::LayerPtr make_routed_layer(std::string name, std::string op,
                                 std::vector<core::LayerPtr> inputs, core::Chunks chunks,
                                 core::DType dtype, Route route, Kernel kernel) {
  return std::make_shared<const RoutedLayer<Route, Kernel>>(
      std::move(name), std::move(op), std::move(inputs), std::move(chunks), dtype, std::move(route),
      std::move(kernel));
}

/// @brief Per input axis, for each output block along it, the input blocks it reads.
using BlockLists = std::vector<std::vector<std::vector<std::int64_t>>>;
/// @brief Per input axis, for each output block along it, the half-open range of input blocks.
using BlockRanges = std::vector<std::vector<std::pair<std::int64_t, std::int64_t>>>;

inline BlockLists lists_of(const BlockRanges& ranges) {
  BlockLists lists(ranges.size());
  for (std::size_t axis = 0; axis < ranges.size(); ++axis) {
    for (auto [lo, hi] : ranges[axis]) {
      auto& list = lists[axis].emplace_back();
      for (auto b = lo; b < hi; ++b) list.push_back(b);
    }
  }
  return lists;
}

/// @brief The route of a block made from blocks of input 0: every combination of the blocks
/// listed along each axis, in row-major order (none if a list is empty). The lists have one
/// axis per input axis, so a last tree level may drop reduced axes (each then has one block,
/// which leaves the row-major block numbering unchanged).
struct BoxRoute {
  BlockLists lists;
  core::Shape grid;  // the input's blocks per axis

  void operator()(std::int64_t block, std::vector<core::BlockRef>& out) const {
    const auto ndim = lists.size();
    std::vector<const std::vector<std::int64_t>*> chosen(ndim);
    for (std::size_t axis = ndim; axis-- > 0;) {
      const auto count = static_cast<std::int64_t>(lists[axis].size());
      chosen[axis] = &lists[axis][static_cast<std::size_t>(block % count)];
      if (chosen[axis]->empty()) return;
      block /= count;
    }
    std::vector<std::size_t> at(ndim, 0);
    while (true) {
      std::int64_t flat = 0;
      for (std::size_t axis = 0; axis < ndim; ++axis) {
        flat = flat * grid[axis] + (*chosen[axis])[at[axis]];
      }
      out.push_back({0, flat});
      std::size_t axis = ndim;
      while (axis-- > 0) {
        if (++at[axis] < chosen[axis]->size()) break;
        at[axis] = 0;
      }
      if (axis == static_cast<std::size_t>(-1)) return;
    }
  }
};

/// @brief A block from a box of blocks of one input (reduction trees, rechunking, views, take):
/// the routed layer whose route is a BoxRoute, given as lists or as ranges of blocks.
template <class Kernel>
class GatherLayer final : public RoutedLayer<BoxRoute, Kernel> {
 public:
  GatherLayer(std::string name, std::string op, core::LayerPtr input, core::Chunks chunks,
              core::DType dtype, BlockLists lists, Kernel kernel)
      : RoutedLayer<BoxRoute, Kernel>(std::move(name), std::move(op), {input}, std::move(chunks),
                                      dtype, BoxRoute{std::move(lists), input->numblocks()},
                                      std::move(kernel)) {}

  GatherLayer(std::string name, std::string op, core::LayerPtr input, core::Chunks chunks,
              core::DType dtype, const BlockRanges& ranges, Kernel kernel)
      : GatherLayer(std::move(name), std::move(op), std::move(input), std::move(chunks), dtype,
                    lists_of(ranges), std::move(kernel)) {}
};

template <template <class...> class L, class Kernel, class... Args>
core::LayerPtr make_layer(Kernel kernel, Args&&... args) {
  return std::make_shared<const L<Kernel>>(std::forward<Args>(args)..., std::move(kernel));
}

/// @brief A layer that can also be fused: `tiles` computes any tile of a block.
template <template <class...> class L, class Kernel, class Tiles, class... Args>
core::LayerPtr make_tiled_layer(Kernel kernel, Tiles tiles, Args&&... args) {
  return std::make_shared<const L<Kernel, Tiles>>(std::forward<Args>(args)..., std::move(kernel),
                                                  std::move(tiles));
}

}  // namespace dagarray::detail

namespace dagarray::detail {

/// @brief A source layer from one function, `fill(T* out, const BlockInfo& box)`, that writes
/// the elements of any box of the array: a whole block, or a tile of one in a fused task.
template <Element T, class Fill>
core::LayerPtr make_source(Fill fill, std::string name, std::string op, core::Chunks chunks) {
  auto kernel = [fill](const BlockInfo& info) {
    auto out = core::Buffer::allocate(dtype_of<T>(), info.shape);
    fill(out.template as_mutable<T>(), info);
    return out;
  };
  auto tiles = map_tiles([fill](const BlockInfo& tile, std::span<const core::TileRef>,
                                std::byte* out) { fill(reinterpret_cast<T*>(out), tile); });
  return make_tiled_layer<SourceLayer>(std::move(kernel), std::move(tiles), std::move(name),
                                       std::move(op), std::move(chunks), dtype_of<T>());
}

}  // namespace dagarray::detail
