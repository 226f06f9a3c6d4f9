#pragma once
// concatenate and stack, as numpy.concatenate / numpy.stack and their Dask twins.
//
// Lazy, neither copies: the result's blocks are the operands' blocks, one task each (a
// RoutedLayer). concatenate lays them one after another along the axis (an operand keeps its
// own chunks there); stack gives each operand one block along a new axis. Along the other
// axes the operands are first brought to common chunks, every boundary of any of them, as
// Dask's unify_chunks. Eager, both copy into one new array.
//
// Operands of different element types promote as arithmetic does (promote_all_t): pass them
// as a std::tuple, e.g. da::concatenate(std::tie(a, b), 1), since a braced list holds one type.

#include <dagarray/array/kinds.hpp>
#include <dagarray/array/layers.hpp>
#include <dagarray/array/promotion.hpp>
#include <dagarray/array/rechunk.hpp>
#include <dagarray/core/box.hpp>
#include <dagarray/core/token.hpp>

#include <algorithm>
#include <initializer_list>
#include <span>
#include <string_view>
#include <tuple>
#include <vector>

namespace dagarray {

namespace detail {

// ---- converting a block to the result's dtype ---------------------------------------------

template <Element From, Element To>
void convert_into(const From* src, To* dst, std::int64_t n) {
  for (std::int64_t i = 0; i < n; ++i) dst[i] = static_cast<To>(src[i]);
}

/// @brief `in` holding R: the same handle when it already does, else a converted copy.
template <Element R>
core::Buffer as_dtype(const core::Buffer& in) {
  if (in.dtype() == dtype_of<R>()) return in;
  auto out = core::Buffer::allocate(dtype_of<R>(), in.shape());
  R* dst = out.template as_mutable<R>();
  const auto n = in.size();
  switch (in.dtype()) {
    case core::DType::boolean:
      convert_into(in.template as<bool>(), dst, n);
      break;
    case core::DType::int64:
      convert_into(in.template as<std::int64_t>(), dst, n);
      break;
    case core::DType::float32:
      convert_into(in.template as<float>(), dst, n);
      break;
    case core::DType::float64:
      convert_into(in.template as<double>(), dst, n);
      break;
  }
  return out;
}

// ---- checks and shapes, shared by the lazy and eager forms ---------------------------------

/// @brief Checks the operands' shapes; returns the result's axis they are joined along.
inline std::size_t check_join(std::string_view fn, const std::vector<core::Shape>& shapes, int axis,
                              bool stack) {
  if (shapes.empty()) invalid(fn, "arrays", "[]", "must hold at least one array");
  const auto& first = shapes[0];
  const auto pair = [&](std::size_t k) {
    return to_string(first) + " and " + to_string(shapes[k]) + " (arrays 0 and " +
           std::to_string(k) + ")";
  };
  for (std::size_t k = 1; k < shapes.size(); ++k) {
    if (shapes[k].size() != first.size()) {
      invalid(fn, "arrays", pair(k), "have different numbers of dimensions");
    }
  }
  if (!stack && first.empty()) {
    invalid(fn, "arrays", to_string(first), "are 0-d: zero-dimensional arrays cannot be joined");
  }
  const auto joined = normalize_axis(fn, axis, first.size() + (stack ? 1 : 0));
  for (std::size_t k = 1; k < shapes.size(); ++k) {
    for (std::size_t d = 0; d < first.size(); ++d) {
      if (shapes[k][d] == first[d] || (!stack && d == joined)) continue;
      invalid(fn, "arrays", pair(k),
              stack ? std::string("must all have the same shape")
                    : "differ along axis " + std::to_string(d) +
                          ", which is not the axis they are joined along");
    }
  }
  return joined;
}

inline core::Shape joined_shape(std::string_view fn, const std::vector<core::Shape>& shapes,
                                std::size_t axis, bool stack) {
  auto out = shapes[0];
  if (stack) {
    out.insert(out.begin() + static_cast<std::ptrdiff_t>(axis),
               static_cast<std::int64_t>(shapes.size()));
  } else {
    out[axis] = 0;
    for (const auto& shape : shapes) out[axis] += shape[axis];
  }
  check_shape(fn, out);
  return out;
}

// ---- eager --------------------------------------------------------------------------------

template <Element R>
NDArray<R> join_eager(std::string_view fn, const std::vector<const core::Buffer*>& parts,
                      int axis_arg, bool stack) {
  std::vector<core::Shape> shapes;
  for (const auto* part : parts) shapes.push_back(part->shape());
  const auto axis = check_join(fn, shapes, axis_arg, stack);
  auto out = core::Buffer::allocate(dtype_of<R>(), joined_shape(fn, shapes, axis, stack));
  core::Shape at(out.shape().size(), 0);
  for (const auto* part : parts) {
    auto extent = part->shape();
    if (stack) extent.insert(extent.begin() + static_cast<std::ptrdiff_t>(axis), 1);
    if (core::shape_size(extent) > 0) {
      const auto block = as_dtype<R>(*part).reshaped(extent);
      core::copy_box(block, core::Shape(extent.size(), 0), out, at, extent);
    }
    at[axis] += extent[axis];
  }
  return NDArray<R>::from_buffer(std::move(out));
}

// ---- lazy ---------------------------------------------------------------------------------

/// @brief The chunks of an axis that every operand can be cut into: every block boundary of
/// any of them (as Dask's unify_chunks).
inline std::vector<std::int64_t> common_chunks(const std::vector<core::LayerPtr>& operands,
                                               std::size_t axis) {
  std::vector<std::int64_t> bounds;
  for (const auto& operand : operands) {
    const auto b = block_bounds(operand->chunks()[axis]);
    bounds.insert(bounds.end(), b.begin(), b.end());
  }
  std::sort(bounds.begin(), bounds.end());
  bounds.erase(std::unique(bounds.begin(), bounds.end()), bounds.end());
  if (bounds.size() == 1) return {0};  // an axis of length 0 has one empty block
  std::vector<std::int64_t> chunks;
  for (std::size_t i = 1; i < bounds.size(); ++i) chunks.push_back(bounds[i] - bounds[i - 1]);
  return chunks;
}

/// @brief rechunk_to for a layer of any dtype.
inline core::LayerPtr rechunk_layer(const core::LayerPtr& layer, const core::Chunks& target) {
  switch (layer->dtype()) {
    case core::DType::boolean:
      return rechunk_to(Array<bool>(layer), target).layer();
    case core::DType::int64:
      return rechunk_to(Array<std::int64_t>(layer), target).layer();
    case core::DType::float32:
      return rechunk_to(Array<float>(layer), target).layer();
    case core::DType::float64:
      break;
  }
  return rechunk_to(Array<double>(layer), target).layer();
}

/// @brief Which input block each block of a joined array is.
struct JoinRoute {
  std::size_t axis;
  bool stack;
  /// Per block of the result along `axis`: the input it comes from and its block index there.
  std::vector<std::pair<std::uint32_t, std::int64_t>> along;
  std::vector<core::Shape> grids;  ///< each input's numblocks
  core::Shape grid;                ///< the result's numblocks

  void operator()(std::int64_t flat_block, std::vector<core::BlockRef>& out) const {
    core::Shape index(grid.size());
    for (std::size_t d = grid.size(); d-- > 0;) {
      index[d] = flat_block % grid[d];
      flat_block /= grid[d];
    }
    const auto [input, block] = along[static_cast<std::size_t>(index[axis])];
    const auto& input_grid = grids[input];
    std::int64_t flat = 0;
    for (std::size_t d = 0, g = 0; d < index.size(); ++d) {
      if (stack && d == axis) continue;  // the new axis is not an axis of the input
      flat = flat * input_grid[g++] + (d == axis ? block : index[d]);
    }
    out.push_back({input, flat});
  }
};

template <Element R>
Array<R> join_lazy(std::string_view fn, const std::vector<core::LayerPtr>& operands, int axis_arg,
                   bool stack) {
  std::vector<core::Shape> shapes;
  for (const auto& operand : operands) shapes.push_back(operand->shape());
  const auto axis = check_join(fn, shapes, axis_arg, stack);
  const auto shape = joined_shape(fn, shapes, axis, stack);
  if (!stack && operands.size() == 1) return Array<R>(operands[0]);  // as Dask: no new layer
  const auto ndim = shapes[0].size();
  core::Chunks common(ndim);
  for (std::size_t d = 0; d < ndim; ++d) {
    if (stack || d != axis) common[d] = common_chunks(operands, d);
  }
  JoinRoute route{axis, stack, {}, {}, {}};
  std::vector<core::LayerPtr> inputs;
  std::vector<std::int64_t> along;
  core::Tokenizer token;
  token.add(fn).add(static_cast<std::uint64_t>(axis)).add(dtype_name_of<R>());
  for (const auto& operand : operands) {
    // An operand empty along the axis adds no block (as in Dask), unless every one is.
    if (!stack && operand->shape()[axis] == 0 && (shape[axis] > 0 || !inputs.empty())) continue;
    auto target = common;
    if (!stack) target[axis] = operand->chunks()[axis];
    auto input = rechunk_layer(operand, target);
    const auto k = static_cast<std::uint32_t>(inputs.size());
    if (stack) {
      route.along.emplace_back(k, 0);
      along.push_back(1);
    } else {
      const auto& sizes = input->chunks()[axis];
      for (std::size_t j = 0; j < sizes.size(); ++j) {
        route.along.emplace_back(k, static_cast<std::int64_t>(j));
        along.push_back(sizes[j]);
      }
    }
    token.add(input->name());
    route.grids.push_back(input->numblocks());
    inputs.push_back(std::move(input));
  }
  auto chunks = common;
  if (stack) {
    chunks.insert(chunks.begin() + static_cast<std::ptrdiff_t>(axis), std::move(along));
  } else {
    chunks[axis] = std::move(along);
  }
  // The block itself when it already holds R: a stacked block is seen with its new axis of 1.
  for (const auto& sizes : chunks) route.grid.push_back(static_cast<std::int64_t>(sizes.size()));
  auto kernel = [](std::span<const core::Buffer* const> in, const BlockInfo& info) {
    return as_dtype<R>(*in[0]).reshaped(info.shape);
  };
  return Array<R>(make_routed_layer(token.name(fn), std::string(fn), std::move(inputs),
                                    std::move(chunks), dtype_of<R>(), std::move(route),
                                    std::move(kernel)));
}

// ---- one entry point per way of passing the operands ---------------------------------------

template <ArrayLike X>
auto join(std::string_view fn, std::span<const X> arrays, int axis, bool stack) {
  using T = typename X::value_type;
  if constexpr (is_lazy<X>) {
    std::vector<core::LayerPtr> layers;
    for (const auto& a : arrays) layers.push_back(a.layer());
    return join_lazy<T>(fn, layers, axis, stack);
  } else {
    std::vector<const core::Buffer*> parts;
    for (const auto& a : arrays) parts.push_back(&a.buffer());
    return join_eager<T>(fn, parts, axis, stack);
  }
}

template <class... X>
auto join(std::string_view fn, const std::tuple<X...>& arrays, int axis, bool stack) {
  static_assert(sizeof...(X) > 0, "concatenate and stack need at least one array");
  static_assert((is_lazy<std::decay_t<X>> && ...) || (is_eager<std::decay_t<X>> && ...),
                "the arrays must be all lazy (da::Array) or all eager (da::NDArray)");
  using R = promote_all_t<typename std::decay_t<X>::value_type...>;
  if constexpr ((is_lazy<std::decay_t<X>> && ...)) {
    auto layers = std::apply(
        [](const auto&... a) { return std::vector<core::LayerPtr>{a.layer()...}; }, arrays);
    return join_lazy<R>(fn, layers, axis, stack);
  } else {
    auto parts = std::apply(
        [](const auto&... a) { return std::vector<const core::Buffer*>{&a.buffer()...}; }, arrays);
    return join_eager<R>(fn, parts, axis, stack);
  }
}

}  // namespace detail

/// @brief The arrays joined along an existing axis, as numpy.concatenate: every other extent
/// must match. Lazy, each operand's blocks become the result's, one task per block.
/// @code{.cpp}
/// auto x = da::ones({2, 3}, {1, 2});
/// auto y = da::concatenate({x, x * 2.0, x}, 1);   // shape (2, 9), chunks ((1, 1), (2, 1) x 3)
/// @endcode
template <detail::ArrayLike X>
auto concatenate(std::initializer_list<X> arrays, int axis = 0) {
  return detail::join("concatenate", std::span<const X>(arrays.begin(), arrays.size()), axis,
                      false);
}

template <detail::ArrayLike X>
auto concatenate(const std::vector<X>& arrays, int axis = 0) {
  return detail::join("concatenate", std::span<const X>(arrays), axis, false);
}

/// @brief Arrays of different element types, promoted as arithmetic promotes them:
/// `da::concatenate(std::tie(ints, doubles))` holds doubles.
template <class... X>
auto concatenate(const std::tuple<X...>& arrays, int axis = 0) {
  return detail::join("concatenate", arrays, axis, false);
}

/// @brief Arrays of one shape joined along a new axis, as numpy.stack. Lazy, the new axis has
/// one block per operand.
/// @code{.cpp}
/// auto s = da::stack({x, y}, -1);   // shape (2, 3, 2) from two (2, 3) arrays
/// @endcode
template <detail::ArrayLike X>
auto stack(std::initializer_list<X> arrays, int axis = 0) {
  return detail::join("stack", std::span<const X>(arrays.begin(), arrays.size()), axis, true);
}

template <detail::ArrayLike X>
auto stack(const std::vector<X>& arrays, int axis = 0) {
  return detail::join("stack", std::span<const X>(arrays), axis, true);
}

template <class... X>
auto stack(const std::tuple<X...>& arrays, int axis = 0) {
  return detail::join("stack", arrays, axis, true);
}

}  // namespace dagarray
