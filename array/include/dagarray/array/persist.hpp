#pragma once
// persist: compute an array's blocks once and keep them, as Dask's persist. The result's graph
// is just those blocks, so the expressions built on it read them instead of recomputing.

#include <dagarray/array/array.hpp>
#include <dagarray/array/layers.hpp>
#include <dagarray/core/token.hpp>

#include <memory>
#include <tuple>
#include <vector>

namespace dagarray {

namespace detail {

/// @brief An array whose blocks are `blocks`, held by the layer (and so by every Array and
/// expression that uses it) until the last handle goes. A task hands out the block it holds,
/// shared, never copied: every operation reads its inputs without writing them.
template <Element T>
Array<T> held_blocks(const Array<T>& x, std::vector<core::Buffer> blocks) {
  auto held = std::make_shared<const std::vector<core::Buffer>>(std::move(blocks));
  auto kernel = [held, grid = x.numblocks()](const BlockInfo& info) {
    std::int64_t flat = 0;
    for (std::size_t ax = 0; ax < grid.size(); ++ax) flat = flat * grid[ax] + info.index[ax];
    return (*held)[static_cast<std::size_t>(flat)];
  };
  core::Tokenizer token;
  token.add("persist").add(x.name());
  return Array<T>(make_layer<SourceLayer>(std::move(kernel), token.name("persist"), "persist",
                                          x.chunks(), dtype_of<T>()));
}

}  // namespace detail

/// @brief The array with its blocks computed now and kept in memory, as dask's persist: the
/// expressions built on the result start from those blocks. The memory is held until the last
/// Array (or expression) using the result is dropped.
/// @code{.cpp}
/// auto z = da::persist((x - da::mean(x, 0)) / da::stddev(x, 0));   // computed once, here
/// auto a = da::sum(z).compute();   // reads z's blocks
/// auto b = da::max(z).compute();   // reads them again, computes nothing of z
/// @endcode
template <Element T>
Array<T> persist(const Array<T>& x, const ComputeOptions& options = {}) {
  const core::LayerPtr outputs[] = {x.layer()};
  auto blocks = detail::compute_layers(outputs, options);
  return detail::held_blocks(x, std::move(blocks[0]));
}

/// @brief Several arrays persisted in one graph, so the work they share runs once (with the
/// options first, as da::compute takes them).
/// @code{.cpp}
/// auto [m, s] = da::persist(da::mean(x, 0), da::stddev(x, 0));
/// @endcode
template <Element... T>
requires(sizeof...(T) > 0) std::tuple<Array<T>...> persist(const ComputeOptions& options,
                                                           const Array<T>&... x) {
  const core::LayerPtr outputs[] = {x.layer()...};
  auto blocks = detail::compute_layers(outputs, options);
  return [&]<std::size_t... I>(std::index_sequence<I...>) {
    return std::tuple<Array<T>...>{detail::held_blocks(x, std::move(blocks[I]))...};
  }
  (std::index_sequence_for<T...>{});
}

template <Element... T>
requires(sizeof...(T) > 1) std::tuple<Array<T>...> persist(const Array<T>&... x) {
  return persist(ComputeOptions{}, x...);
}

}  // namespace dagarray
