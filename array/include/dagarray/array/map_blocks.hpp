#pragma once
// map_blocks: a user function applied to every block, as dask.array.map_blocks.

#include <dagarray/array/kinds.hpp>
#include <dagarray/array/layers.hpp>
#include <dagarray/core/token.hpp>

#include <functional>
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

/// @brief Lazily applies `f` (NDArray<T> -> NDArray<U>) to every block; each result must have
/// its block's shape. Exceptions from `f` are rethrown by compute() as TaskError naming the
/// block's key.
/// @code{.cpp}
/// auto doubled = da::map_blocks([](const da::NDArray<double>& b) { return b * 2.0; }, x);
/// @endcode
template <class F, Element T>
auto map_blocks(F f, const Array<T>& a) {
  using R = std::decay_t<std::invoke_result_t<F&, const NDArray<T>&>>;
  static_assert(detail::is_ndarray_result<R>, "map_blocks: the function must return an NDArray");
  using U = typename R::value_type;
  core::Tokenizer token;
  token.add("map_blocks").add(a.name());
  detail::add_function(token, f);
  auto kernel = [f = std::move(f)](std::span<const core::Buffer* const> in,
                                   const detail::BlockInfo& info) {
    // A read-only view of the input block: shared, never copied, never written.
    const auto block = NDArray<T>::from_buffer(*in[0]);
    R result = std::invoke(f, block);
    if (result.shape() != info.shape) {
      detail::invalid("map_blocks", "the function's result shape", result.shape(),
                      "differs from its block's shape " + detail::to_string(info.shape));
    }
    return std::move(result).buffer();
  };
  return Array<U>(detail::make_layer<detail::BlockwiseLayer>(
      std::move(kernel), token.name("map_blocks"), "map_blocks", std::vector{a.layer()}, a.chunks(),
      dtype_of<U>()));
}

/// @brief The eager twin: an NDArray is one block, so this is f(a).
template <class F, Element T>
auto map_blocks(F f, const NDArray<T>& a) {
  return std::invoke(f, a);
}

}  // namespace dagarray
