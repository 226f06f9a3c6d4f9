#include <dagarray/core/layer.hpp>

#include <stdexcept>

namespace dagarray::core {

Layer::Layer(std::string name, std::string op, std::vector<LayerPtr> inputs, Chunks chunks,
             DType dtype)
    : _name(std::move(name)),
      _op(std::move(op)),
      _inputs(std::move(inputs)),
      _chunks(std::move(chunks)),
      _dtype(dtype),
      _num_blocks(1) {
  for (const auto& input : _inputs) {
    if (!input) throw std::invalid_argument("Layer: an input of layer '" + _name + "' is null");
  }
  for (const auto& axis : _chunks) {
    if (axis.empty()) throw std::invalid_argument("Layer: an axis of '" + _name + "' has no block");
    Shape offsets;
    std::int64_t extent = 0;
    for (auto size : axis) {
      offsets.push_back(extent);
      extent += size;
    }
    _shape.push_back(extent);
    _numblocks.push_back(static_cast<std::int64_t>(axis.size()));
    _num_blocks *= static_cast<std::int64_t>(axis.size());
    _offsets.push_back(std::move(offsets));
  }
}

Layer::~Layer() {
  // Dropping the last reference to a long chain would otherwise recurse once per layer. Take
  // over the inputs of every layer this destructor is the last owner of, and drop them in a loop.
  std::vector<LayerPtr> pending = std::move(_inputs);
  while (!pending.empty()) {
    LayerPtr layer = std::move(pending.back());
    pending.pop_back();
    if (layer.use_count() == 1) {
      for (auto& input : layer->_inputs) pending.push_back(std::move(input));
      layer->_inputs.clear();
    }
  }
}

// Row-major: the last axis varies fastest. Calls f(axis, position along that axis).
template <class F>
void Layer::for_each_axis(std::int64_t block, F f) const {
  for (std::size_t axis = ndim(); axis-- > 0;) {
    f(axis, block % _numblocks[axis]);
    block /= _numblocks[axis];
  }
}

Shape Layer::block_index(std::int64_t block) const {
  Shape index(ndim());
  for_each_axis(block, [&](std::size_t axis, std::int64_t i) { index[axis] = i; });
  return index;
}

Shape Layer::block_shape(std::int64_t block) const {
  Shape shape(ndim());
  for_each_axis(block, [&](std::size_t axis, std::int64_t i) { shape[axis] = _chunks[axis][i]; });
  return shape;
}

Shape Layer::block_origin(std::int64_t block) const {
  Shape origin(ndim());
  for_each_axis(block, [&](std::size_t axis, std::int64_t i) { origin[axis] = _offsets[axis][i]; });
  return origin;
}

void Layer::map_tile(const BlockInfo&, std::span<const TileRef>, std::byte*) const {
  throw std::logic_error("Layer::map_tile: layer '" + _name + "' does not compute tiles");
}

void Layer::reduce_tile(const TileRef&, bool, std::byte*) const {
  throw std::logic_error("Layer::reduce_tile: layer '" + _name + "' does not reduce tiles");
}

}  // namespace dagarray::core
