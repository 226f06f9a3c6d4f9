#pragma once
// reshape and ravel, as numpy.reshape / numpy.ravel (row-major) and Dask's reshape: lazily, a
// result block is an input block seen with another shape (no copy), after a rechunk only
// where row-major order demands one (reshape_plan.hpp).

#include <dagarray/array/kinds.hpp>
#include <dagarray/array/layers.hpp>
#include <dagarray/array/rechunk.hpp>
#include <dagarray/array/reshape_plan.hpp>
#include <dagarray/core/token.hpp>

#include <optional>

namespace dagarray {

namespace detail {

/// @brief `shape` with its -1 (at most one) replaced by the length that gives `size` elements.
inline core::Shape resolve_shape(std::string_view fn, const core::Shape& shape, std::int64_t size) {
  std::optional<std::size_t> unknown;
  auto known = shape;
  for (std::size_t d = 0; d < shape.size(); ++d) {
    if (shape[d] >= 0) continue;
    if (shape[d] != -1) invalid(fn, "shape", shape, "has a negative length other than -1");
    if (unknown)
      invalid(fn, "shape", shape, "has more than one -1: only one length can be inferred");
    unknown = d;
    known[d] = 1;
  }
  check_shape(fn, known);
  const auto known_size = core::shape_size(known);
  auto out = known;
  if (unknown && known_size > 0) out[*unknown] = size / known_size;
  if (core::shape_size(out) != size || (unknown && known_size == 0)) {
    invalid(fn, "shape", shape,
            "cannot hold the array's " + std::to_string(size) + " elements" +
                (unknown && known_size == 0 ? " (the -1 is ambiguous next to a 0)" : ""));
  }
  return out;
}

template <Element T>
NDArray<T> reshape(const NDArray<T>& x, const core::Shape& shape) {
  return x.reshape(resolve_shape("reshape", shape, x.size()));
}

template <Element T>
Array<T> reshape(const Array<T>& x, const core::Shape& shape) {
  const auto to = resolve_shape("reshape", shape, x.size());
  if (to == x.shape()) return x;
  const auto plan = plan_reshape(x.shape(), to, x.chunks());
  const auto input = rechunk_to(x, plan.in);
  // Block b of the result is block b of the input: a range of one block per input block.
  BlockRanges ranges(input.ndim());
  for (std::size_t d = 0; d < input.ndim(); ++d) {
    for (std::int64_t j = 0; j < input.numblocks()[d]; ++j) ranges[d].emplace_back(j, j + 1);
  }
  auto kernel = [](std::span<const core::Buffer* const> in, const BlockInfo& info) {
    return in[0]->reshaped(info.shape);
  };
  auto name = core::Tokenizer()
                  .add("reshape")
                  .add(input.name())
                  .add(std::span<const std::int64_t>(to))
                  .name("reshape");
  return Array<T>(make_layer<GatherLayer>(std::move(kernel), std::move(name), "reshape",
                                          input.layer(), plan.out, dtype_of<T>(),
                                          std::move(ranges)));
}

}  // namespace detail

/// @brief The same elements in row-major order with another shape, as numpy.reshape; one
/// length may be -1, inferred from the others.
/// @code{.cpp}
/// auto x = da::arange(24, 12);
/// auto y = da::reshape(x, {-1, 3, 4});   // shape (2, 3, 4), chunks ((1, 1), (3,), (4,)), no copy
/// @endcode
template <detail::ArrayLike X>
X reshape(const X& x, const core::Shape& shape) {
  return detail::reshape(x, shape);
}

/// @brief x as one axis, in row-major order, as numpy.ravel.
template <detail::ArrayLike X>
X ravel(const X& x) {
  return detail::reshape(x, {x.size()});
}

}  // namespace dagarray
