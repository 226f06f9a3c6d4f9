#pragma once
// map_blocks: a user function applied to every block of one or more arrays, as
// dask.array.map_blocks.

#include <dagarray/array/broadcast_rules.hpp>
#include <dagarray/array/kinds.hpp>
#include <dagarray/array/layers.hpp>
#include <dagarray/array/rechunk.hpp>
#include <dagarray/core/token.hpp>

#include <functional>
#include <tuple>
#include <typeinfo>

namespace dagarray {

namespace detail {

template <class R>
inline constexpr bool is_ndarray_result = is_eager<R>;

/// @brief A number for `identity`, the same each time it is asked for again; nullptr gets a
/// new number every time.
std::uint64_t function_number(const void* identity);

/// @brief One tag object per function type. A lambda in an anonymous namespace has internal
/// linkage, so each source file gets its own tag even where typeid names coincide.
template <class D>
inline constexpr char function_tag = 0;

/// @brief A name for the function. Stateless functors are identified by their type and
/// function pointers by their target, each numbered in the order first seen (so names repeat
/// from run to run); the same expression built twice then shares its tasks. A function with
/// state gets a fresh name each time, since its state cannot be compared.
template <class F>
void add_function(core::Tokenizer& token, const F& f) {
  using D = std::decay_t<F>;
  token.add(typeid(D).name());
  if constexpr (std::is_empty_v<D>) {
    token.add(function_number(&function_tag<D>));
  } else if constexpr (std::is_pointer_v<D> && std::is_function_v<std::remove_pointer_t<D>>) {
    token.add(function_number(reinterpret_cast<const void*>(f)));
  } else {
    token.add(function_number(nullptr));
  }
}

}  // namespace detail

/// @brief Where a block sits, as Dask's `block_info`: what the form of map_blocks whose function
/// takes a last `const da::BlockInfo&` hands it for each block of the result.
struct BlockInfo {
  Shape index;        ///< the block's position in the grid of blocks
  Shape offset;       ///< the element offset of its first element, per axis
  Shape shape;        ///< the block's shape
  Shape array_shape;  ///< the whole result's shape
};

namespace detail {

template <class F, Element... T>
inline constexpr bool takes_block_info =
    std::is_invocable_v<F&, const NDArray<T>&..., const dagarray::BlockInfo&>;

template <class F, Element... T>
using map_blocks_result = std::decay_t<typename std::conditional_t<
    takes_block_info<F, T...>,
    std::invoke_result<F&, const NDArray<T>&..., const dagarray::BlockInfo&>,
    std::invoke_result<F&, const NDArray<T>&...>>::type>;

template <class R>
void check_block_result(const R& result, const core::Shape& shape) {
  if (result.shape() != shape) {
    invalid("map_blocks", "the function's result shape", result.shape(),
            "differs from its block's shape " + to_string(shape));
  }
}

}  // namespace detail

/// @brief Lazily applies `f` to every block, as dask.array.map_blocks: `f` takes one NDArray per
/// operand (the operands broadcast together, as elementwise operations do, and `f` gets each
/// operand's block as it is) and, optionally, a last `const da::BlockInfo&`; it returns an
/// NDArray with the block's shape. Exceptions from `f` are rethrown by compute() as TaskError
/// naming the block's key.
/// @code{.cpp}
/// auto doubled = da::map_blocks([](const da::NDArray<double>& b) { return b * 2.0; }, x);
/// auto sum = da::map_blocks([](const auto& a, const auto& b) { return a + b; }, x, y);
/// auto where = da::map_blocks([](const da::NDArray<double>& b, const da::BlockInfo& info) {
///   return b + double(info.offset[0]);
/// }, x);
/// @endcode
template <class F, Element... T>
requires(sizeof...(T) > 0) auto map_blocks(F f, const Array<T>&... x) {
  using R = detail::map_blocks_result<F, T...>;
  static_assert(detail::is_ndarray_result<R>, "map_blocks: the function must return an NDArray");
  using U = typename R::value_type;
  const core::Layer* layers[] = {x.layer().get()...};
  const core::Shape* shapes[] = {&x.shape()...};
  auto plan = detail::plan_broadcast(detail::broadcast_shape("map_blocks", shapes), layers);
  std::vector<core::LayerPtr> inputs;
  [&]<std::size_t... I>(std::index_sequence<I...>) {
    (inputs.push_back(detail::rechunk_to(x, plan.operand_chunks[I]).layer()), ...);
  }
  (std::index_sequence_for<T...>{});
  core::Tokenizer token;
  token.add("map_blocks");
  for (const auto& input : inputs) token.add(input->name());
  detail::add_function(token, f);
  auto kernel = [f = std::move(f), whole = plan.shape](std::span<const core::Buffer* const> in,
                                                       const detail::BlockInfo& info) {
    return [&]<std::size_t... I>(std::index_sequence<I...>) {
      // Read-only views of the input blocks: shared, never copied, never written.
      const std::tuple<const NDArray<T>...> blocks{NDArray<T>::from_buffer(*in[I])...};
      auto result = [&] {
        if constexpr (detail::takes_block_info<F, T...>) {
          return std::invoke(f, std::get<I>(blocks)...,
                             BlockInfo{info.index, info.origin, info.shape, whole});
        } else {
          return std::invoke(f, std::get<I>(blocks)...);
        }
      }();
      detail::check_block_result(result, info.shape);
      return std::move(result).buffer();
    }
    (std::index_sequence_for<T...>{});
  };
  return Array<U>(detail::make_layer<detail::BlockwiseLayer>(
      std::move(kernel), token.name("map_blocks"), "map_blocks", std::move(inputs),
      std::move(plan.chunks), dtype_of<U>(), std::move(plan.maps)));
}

/// @brief The eager twin: the arrays are one block each, so this is f(a, ...) (with a BlockInfo
/// of that one block, for the form that takes one).
template <class F, Element... T>
requires(sizeof...(T) > 0) auto map_blocks(F f, const NDArray<T>&... x) {
  const core::Shape* shapes[] = {&x.shape()...};
  const auto shape = detail::broadcast_shape("map_blocks", shapes);
  auto result = [&] {
    if constexpr (detail::takes_block_info<F, T...>) {
      const Shape zero(shape.size(), 0);
      return std::invoke(f, x..., BlockInfo{zero, zero, shape, shape});
    } else {
      return std::invoke(f, x...);
    }
  }();
  detail::check_block_result(result, shape);
  return result;
}

}  // namespace dagarray
