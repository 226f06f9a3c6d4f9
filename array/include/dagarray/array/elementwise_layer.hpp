#pragma once
// The machinery every elementwise operation shares, whatever its function and number of
// operands: the kernel over a whole buffer (an eager array, or a lazy block), the kernel over a
// tile (for fused tasks), and the lazy layer, all broadcasting by NumPy's rule. An operation
// supplies only `f`, its scalar function; scalar operands are captured in `f`.

#include <dagarray/array/array.hpp>
#include <dagarray/array/broadcast_rules.hpp>
#include <dagarray/array/kinds.hpp>
#include <dagarray/array/layers.hpp>
#include <dagarray/array/rechunk.hpp>
#include <dagarray/array/strided_loop.hpp>
#include <dagarray/core/token.hpp>

#include <optional>
#include <string>
#include <utility>

namespace dagarray::detail {

template <class T>
const T* tile_data(const core::TileRef& ref) {
  return reinterpret_cast<const T*>(ref.data);
}

/// @brief f over operands `in` (of element types T...) broadcast to `shape`.
template <Element R, Element... T, class F>
core::Buffer elementwise_buffer(const F& f, const core::Shape& shape, Execution execution,
                                const std::array<const core::Buffer*, sizeof...(T)>& in) {
  auto out = core::Buffer::allocate(dtype_of<R>(), shape);
  [&]<std::size_t... I>(std::index_sequence<I...>) {
    const auto walk = broadcast_walk<sizeof...(T)>(shape, {&in[I]->shape()...});
    elementwise_walk(f, walk, execution, out.template as_mutable<R>(), in[I]->template as<T>()...);
  }
  (std::index_sequence_for<T...>{});
  return out;
}

/// @brief The same over one tile: each operand's tile has its own, broadcastable, shape.
template <Element R, Element... T, class F>
auto elementwise_tiles(F f) {
  return map_tiles(
      [f](const BlockInfo& tile, std::span<const core::TileRef> in, std::byte* out) {
        [&]<std::size_t... I>(std::index_sequence<I...>) {
          const auto walk = broadcast_walk<sizeof...(T)>(tile.shape, {in[I].shape...});
          elementwise_walk(f, walk, Execution::sequential, reinterpret_cast<R*>(out),
                           tile_data<T>(in[I])...);
        }
        (std::index_sequence_for<T...>{});
      },
      /*elementwise=*/true);
}

/// @brief Eager: f over the arrays broadcast together (to `shape`, if given), data-parallel.
template <Element R, class F, Element... T>
NDArray<R> elementwise_eager(std::string_view op, const F& f, std::optional<core::Shape> shape,
                             const NDArray<T>&... x) {
  if (!shape) {
    const core::Shape* shapes[] = {&x.shape()...};
    shape = broadcast_shape(op, shapes);
  }
  return NDArray<R>::from_buffer(
      elementwise_buffer<R, T...>(f, *shape, Execution::parallel, {&x.buffer()...}));
}

/// @brief Lazy: one blockwise layer named from `op`, the operands' names and then whatever
/// `parameters(token)` adds (scalars...). Broadcasts to `shape` (by default, the operands'
/// broadcast shape).
template <Element R, class F, class Parameters, Element... T>
Array<R> elementwise_lazy(std::string_view op, const F& f, Parameters parameters,
                          std::optional<core::Shape> shape, const Array<T>&... x) {
  const core::Layer* layers[] = {x.layer().get()...};
  if (!shape) {
    const core::Shape* shapes[] = {&x.shape()...};
    shape = broadcast_shape(op, shapes);
  }
  auto plan = plan_broadcast(std::move(*shape), layers);
  std::vector<core::LayerPtr> inputs;
  [&]<std::size_t... I>(std::index_sequence<I...>) {
    (inputs.push_back(rechunk_to(x, plan.operand_chunks[I]).layer()), ...);
  }
  (std::index_sequence_for<T...>{});
  core::Tokenizer token;
  token.add(op);
  for (const auto& input : inputs) token.add(input->name());
  parameters(token);
  auto kernel = [f](std::span<const core::Buffer* const> in, const BlockInfo& info) {
    return [&]<std::size_t... I>(std::index_sequence<I...>) {
      return elementwise_buffer<R, T...>(f, info.shape, Execution::sequential, {in[I]...});
    }
    (std::index_sequence_for<T...>{});
  };
  return Array<R>(make_tiled_layer<BlockwiseLayer>(
      std::move(kernel), elementwise_tiles<R, T...>(f), token.name(op), std::string(op),
      std::move(inputs), std::move(plan.chunks), dtype_of<R>(), std::move(plan.maps)));
}

/// @brief Adds nothing to a layer's name.
inline constexpr auto no_parameters = [](core::Tokenizer&) {};

/// @brief f over arrays of one kind, all lazy or all eager: the one entry point operations of
/// any number of operands use. `parameters` names a lazy layer's scalars; `shape`, if given, is
/// the shape to broadcast to.
template <Element R, class F, class Parameters, class... X>
auto elementwise(std::string_view op, const F& f, Parameters parameters,
                 std::optional<core::Shape> shape, const X&... x) {
  if constexpr ((is_lazy<X> && ...)) {
    return elementwise_lazy<R>(op, f, parameters, std::move(shape), x...);
  } else {
    static_assert((is_eager<X> && ...), "operands must be all lazy or all eager arrays");
    return elementwise_eager<R>(op, f, std::move(shape), x...);
  }
}

}  // namespace dagarray::detail
