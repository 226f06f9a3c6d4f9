#pragma once
// Arrays made from nothing but a shape: arange, zeros, ones, full, and from an NDArray.
// Lazy under da::, eager twins under da::eager::.

#include <dagarray/array/array.hpp>
#include <dagarray/array/layers.hpp>
#include <dagarray/array/promotion.hpp>
#include <dagarray/core/box.hpp>
#include <dagarray/core/token.hpp>

#include <algorithm>

namespace dagarray {

namespace detail {

inline std::int64_t arange_length(std::string_view fn, std::int64_t start, std::int64_t stop,
                                  std::int64_t step) {
  if (step == 0) invalid(fn, "step", step, "must not be zero");
  // Width in 128 bits: stop - start may not fit in 64.
  const __int128 width = static_cast<__int128>(stop) - start;
  __int128 n = step > 0 ? (width + step - 1) / step : (width + step + 1) / step;
  n = std::max<__int128>(n, 0);
  if (n > kMaxElements) invalid(fn, "stop", stop, "gives more than 2^56 elements");
  return static_cast<std::int64_t>(n);
}

/// start + i * step, whose product may overflow although the element does not: in uint64.
inline std::int64_t arange_element(std::int64_t start, std::int64_t step, std::int64_t i) {
  return static_cast<std::int64_t>(static_cast<std::uint64_t>(start) +
                                   static_cast<std::uint64_t>(i) *
                                       static_cast<std::uint64_t>(step));
}

template <Element T>
Array<T> full_lazy(std::string_view op, core::Shape shape, T value, core::Shape chunks) {
  auto normalized = normalize_chunks(op, shape, chunks);
  const auto name = core::Tokenizer()
                        .add(op)
                        .add(dtype_name_of<T>())
                        .add(value)
                        .add(std::span<const std::int64_t>(shape))
                        .add(std::span<const std::int64_t>(chunks))
                        .name(op);
  auto fill = [value](T* out, const BlockInfo& box) {
    std::fill_n(out, core::shape_size(box.shape), value);
  };
  return Array<T>(make_source<T>(fill, name, std::string(op), std::move(normalized)));
}

}  // namespace detail

/// @brief Lazy 0, 1, ..., stop - 1 in chunks of `chunk`, as dask.array.arange.
/// @code{.cpp}
/// std::int64_t total = da::sum(da::arange(10'000'000, 1'000'000)).compute().item();
/// @endcode
inline Array<std::int64_t> arange(std::int64_t start, std::int64_t stop, std::int64_t step,
                                  std::int64_t chunk) {
  constexpr std::string_view fn = "arange";
  const auto n = detail::arange_length(fn, start, stop, step);
  auto chunks = detail::normalize_chunks(fn, {n}, {chunk});
  const auto name =
      core::Tokenizer().add(fn).add(start).add(stop).add(step).add(chunk).name("arange");
  auto fill = [start, step](std::int64_t* out, const detail::BlockInfo& box) {
    for (std::int64_t i = 0; i < box.shape[0]; ++i)
      out[i] = detail::arange_element(start, step, box.origin[0] + i);
  };
  return Array<std::int64_t>(
      detail::make_source<std::int64_t>(fill, name, "arange", std::move(chunks)));
}

inline Array<std::int64_t> arange(std::int64_t stop, std::int64_t chunk) {
  return arange(0, stop, 1, chunk);
}

/// @brief Lazy array filled with `value`; its dtype follows the value (3 -> int64, 3.0 -> float64).
template <Scalar S>
Array<element_for<S>> full(core::Shape shape, S value, core::Shape chunks) {
  return detail::full_lazy<element_for<S>>("full", std::move(shape),
                                           static_cast<element_for<S>>(value), std::move(chunks));
}

/// @brief Lazy array of zeros, as dask.array.zeros.
template <Element T = double>
Array<T> zeros(core::Shape shape, core::Shape chunks) {
  return detail::full_lazy<T>("zeros", std::move(shape), T(0), std::move(chunks));
}

/// @brief Lazy array of ones, as dask.array.ones.
template <Element T = double>
Array<T> ones(core::Shape shape, core::Shape chunks) {
  return detail::full_lazy<T>("ones", std::move(shape), T(1), std::move(chunks));
}

/// @brief A lazy array over the elements of an NDArray, which it takes over without a copy, as
/// dask.array.from_array holds its NumPy array: blocks are read from that memory when a compute
/// needs them (a block that is the whole array is that memory itself; any other is copied out
/// of it as its task runs, a tile at a time in a fused task). The name hashes the elements, so
/// the same data gets the same name and different data another, as Dask's tokenize does.
/// @code{.cpp}
/// auto x = da::from_ndarray(std::move(matrix), {1000, 5000});   // matrix is now empty
/// @endcode
template <Element T>
Array<T> from_ndarray(NDArray<T>&& array, core::Shape chunks) {
  constexpr std::string_view fn = "from_ndarray";
  auto normalized = detail::normalize_chunks(fn, array.shape(), chunks);
  const auto name = core::Tokenizer()
                        .add(fn)
                        .add(dtype_name_of<T>())
                        .add(std::span<const std::int64_t>(array.shape()))
                        .add(std::span<const std::int64_t>(chunks))
                        .add_bytes(std::as_bytes(std::span(array.data(), array.size())))
                        .name("array");
  // A shared handle on the array's own storage: kernels never write to it, and the caller
  // gave the array up.
  const core::Buffer whole = std::move(array).buffer();
  auto fill = [whole](T* out, const detail::BlockInfo& box) {
    core::copy_box(whole.data(), whole.shape(), box.origin, reinterpret_cast<std::byte*>(out),
                   box.shape, core::Shape(box.shape.size(), 0), box.shape, sizeof(T));
  };
  auto block = [whole, fill](const detail::BlockInfo& info) {
    // A block of whole rows is a contiguous run of the array: a view of it, as Dask's from_array
    // slices its NumPy array, not a copy.
    const auto& shape = whole.shape();
    if (!shape.empty() && std::equal(info.shape.begin() + 1, info.shape.end(), shape.begin() + 1)) {
      const auto row = core::shape_size(core::Shape(shape.begin() + 1, shape.end()));
      return whole.view(info.origin[0] * row, info.shape);
    }
    if (info.shape == shape) return whole;
    auto out = core::Buffer::allocate(dtype_of<T>(), info.shape);
    fill(out.template as_mutable<T>(), info);
    return out;
  };
  auto tiles =
      detail::map_tiles([fill](const detail::BlockInfo& tile, std::span<const core::TileRef>,
                               std::byte* out) { fill(reinterpret_cast<T*>(out), tile); });
  return Array<T>(detail::make_tiled_layer<detail::SourceLayer>(
      std::move(block), std::move(tiles), name, "array", std::move(normalized), dtype_of<T>()));
}

/// @brief A lazy array over a copy of an NDArray's elements; the array itself is left as it is.
template <Element T>
Array<T> from_ndarray(const NDArray<T>& array, core::Shape chunks) {
  return from_ndarray(NDArray<T>(array), std::move(chunks));
}

namespace eager {

/// @brief start, start + step, ... up to stop (excluded), as numpy.arange. There is no
/// two-argument form: arange(a, b) would read as (stop, chunk) to a user of the lazy twin.
inline NDArray<std::int64_t> arange(std::int64_t start, std::int64_t stop, std::int64_t step) {
  const auto n = detail::arange_length("eager::arange", start, stop, step);
  auto out = NDArray<std::int64_t>::empty({n});
  auto* dst = out.data();
  for (std::int64_t i = 0; i < n; ++i) dst[i] = detail::arange_element(start, step, i);
  return out;
}

inline NDArray<std::int64_t> arange(std::int64_t stop) {
  return arange(0, stop, 1);
}

template <Scalar S>
NDArray<element_for<S>> full(core::Shape shape, S value) {
  NDArray<element_for<S>> out(std::move(shape));
  std::fill(out.begin(), out.end(), static_cast<element_for<S>>(value));
  return out;
}

template <Element T = double>
NDArray<T> zeros(core::Shape shape) {
  return NDArray<T>(std::move(shape));
}

template <Element T = double>
NDArray<T> ones(core::Shape shape) {
  NDArray<T> out(std::move(shape));
  std::fill(out.begin(), out.end(), T(1));
  return out;
}

}  // namespace eager

}  // namespace dagarray
