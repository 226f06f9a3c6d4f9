#pragma once
// Array<T>: a lazy, chunked n-dimensional array, as dask.array.Array. Building one runs
// nothing; it holds the layer that will compute it, and that layer holds its inputs.

#include <dagarray/array/compute.hpp>
#include <dagarray/array/element.hpp>
#include <dagarray/array/ndarray.hpp>
#include <dagarray/core/layer.hpp>

#include <memory>
#include <string>
#include <tuple>
#include <utility>

namespace dagarray {

/// @brief A lazy array split into blocks; compute() runs its task graph.
///
/// Arrays are cheap handles: copying one shares the expression, never the result.
/// @code{.cpp}
/// auto x = da::random::uniform(-1.0, 1.0, {2, 1000}, {2, 100}, 42);
/// auto m = da::count_nonzero(da::sum(da::square(x), 0) < 1.0);   // nothing has run yet
/// std::int64_t inside = m.compute().item();                        // runs 10 chunks in parallel
/// @endcode
template <Element T>
class Array;

namespace detail {
template <Element T>
Array<T> select_block(const Array<T>& array, core::Shape index);
}  // namespace detail

template <Element T>
class Array {
 public:
  using value_type = T;

  /// @brief Wraps a layer whose blocks hold T; the array operations make these.
  explicit Array(core::LayerPtr layer) : _layer(std::move(layer)) {
    if (!_layer) detail::invalid("Array", "layer", "null", "must not be null");
    if (_layer->dtype() != dtype_of<T>()) {
      detail::invalid("Array", "layer dtype", core::dtype_name(_layer->dtype()),
                      "does not match " + dtype_name_of<T>());
    }
  }

  const core::Shape& shape() const { return _layer->shape(); }
  std::size_t ndim() const { return _layer->ndim(); }
  std::int64_t size() const { return core::shape_size(shape()); }
  std::string dtype() const { return dtype_name_of<T>(); }
  /// @brief Block sizes per axis, as Dask's `.chunks`: ((2,), (100, 100, 50)).
  const core::Chunks& chunks() const { return _layer->chunks(); }
  /// @brief Blocks along each axis, as Dask's `.numblocks`.
  const core::Shape& numblocks() const { return _layer->numblocks(); }
  /// @brief Blocks in all, as Dask's `.npartitions`; one task each in the last layer.
  std::int64_t num_blocks() const { return _layer->num_blocks(); }
  /// @brief The deterministic name of the last layer, as Dask's `.name`.
  const std::string& name() const { return _layer->name(); }
  const core::LayerPtr& layer() const { return _layer; }

  /// @brief One block as an array of its own, as Dask's `x.blocks[i, j]`: computing it runs
  /// only the tasks that block needs (the others are culled).
  /// @code{.cpp}
  /// auto x = da::random::uniform(0.0, 1.0, {1000}, {100}, 7);
  /// auto third = x.blocks({2}).compute();   // elements 200..299, one task run
  /// @endcode
  Array blocks(core::Shape index) const { return detail::select_block(*this, std::move(index)); }

  /// @brief Runs the graph and returns the whole array in memory.
  NDArray<T> compute(const ComputeOptions& options = {}) const {
    const core::LayerPtr outputs[] = {_layer};
    auto blocks = detail::compute_layers(outputs, options);
    return detail::assemble_as<T>(*_layer, std::move(blocks[0]));
  }

 private:
  core::LayerPtr _layer;
};

/// @brief Computes several arrays in one graph, so work they share runs once.
/// @code{.cpp}
/// auto [s, m] = da::compute(da::sum(x), da::max(x));
/// @endcode
namespace detail {
template <Element... T, std::size_t... I>
std::tuple<NDArray<T>...> compute_each(const ComputeOptions& options, std::index_sequence<I...>,
                                       const Array<T>&... arrays) {
  const core::LayerPtr outputs[] = {arrays.layer()...};
  auto blocks = compute_layers(outputs, options);
  return {assemble_as<T>(*arrays.layer(), std::move(blocks[I]))...};
}
}  // namespace detail

template <Element... T>
std::tuple<NDArray<T>...> compute(const ComputeOptions& options, const Array<T>&... arrays) {
  return detail::compute_each(options, std::index_sequence_for<T...>{}, arrays...);
}

template <Element... T>
std::tuple<NDArray<T>...> compute(const Array<T>&... arrays) {
  return compute(ComputeOptions{}, arrays...);
}

}  // namespace dagarray
