#pragma once
// Axis operations: transpose, moveaxis, swapaxes (a permuted copy of each block), squeeze and
// expand_dims (each block's bytes under another shape, no copy). Each is one blockwise layer
// whose axis map says which input axis each output axis follows, as in Dask, where these are
// blockwise too.

#include <dagarray/array/kinds.hpp>
#include <dagarray/array/layers.hpp>
#include <dagarray/array/strided_loop.hpp>
#include <dagarray/core/token.hpp>

#include <algorithm>
#include <numeric>

namespace dagarray {

namespace detail {

/// The buffer `in` with its axes in the order `perm` (output axis k is input axis perm[k]).
template <Element T>
core::Buffer permuted(const core::Buffer& in, const std::vector<std::size_t>& perm,
                      Execution execution) {
  const auto& shape = in.shape();
  std::array<std::int64_t, kMaxRank> in_stride{};
  std::int64_t step = 1;
  for (auto a = shape.size(); a-- > 0;) {
    in_stride[a] = step;
    step *= shape[a];
  }
  core::Shape out_shape(perm.size());
  std::array<std::array<std::int64_t, kMaxRank>, 1> stride{};
  for (std::size_t k = 0; k < perm.size(); ++k) {
    out_shape[k] = shape[perm[k]];
    stride[0][k] = in_stride[perm[k]];
  }
  auto out = core::Buffer::allocate(dtype_of<T>(), out_shape);
  copy_walk(make_walk(out_shape, stride), execution, out.template as_mutable<T>(),
            in.template as<T>());
  return out;
}

/// Lazy: output axis k follows input axis `source[k]` (kBroadcastAxis: a new axis of extent 1);
/// each block is `block(in, out_shape)`.
template <Element T, class Block>
Array<T> relaid(const Array<T>& x, const char* op, const std::vector<int>& source, Block block) {
  core::Chunks chunks;
  AxisMap map(x.ndim(), kBroadcastAxis);
  for (std::size_t k = 0; k < source.size(); ++k) {
    if (source[k] == kBroadcastAxis) {
      chunks.push_back({1});
      continue;
    }
    const auto a = static_cast<std::size_t>(source[k]);
    chunks.push_back(x.chunks()[a]);
    map[a] = static_cast<int>(k);
  }
  const auto name =
      core::Tokenizer().add(op).add(x.name()).add(std::span<const int>(source)).name(op);
  auto kernel = [block](std::span<const core::Buffer* const> in, const BlockInfo& info) {
    return block(*in[0], info.shape);
  };
  return Array<T>(make_layer<BlockwiseLayer>(std::move(kernel), name, op, std::vector{x.layer()},
                                             std::move(chunks), dtype_of<T>(),
                                             std::vector<AxisMap>{std::move(map)}));
}

/// `x` with its axes in the order `perm`, lazy or eager.
template <ArrayLike X>
X permute(const X& x, const std::vector<std::size_t>& perm, const char* op) {
  using T = typename X::value_type;
  // The same order is the same array (NumPy returns a view): no layer, no copy of a block.
  bool same = true;
  for (std::size_t k = 0; k < perm.size(); ++k) same = same && perm[k] == k;
  if (same) return x;
  if constexpr (is_lazy<X>) {
    std::vector<int> source(perm.begin(), perm.end());
    return relaid(x, op, source, [perm](const core::Buffer& in, const core::Shape&) {
      return permuted<T>(in, perm, Execution::sequential);
    });
  } else {
    return X::from_buffer(permuted<T>(x.buffer(), perm, Execution::parallel));
  }
}

/// `x` with axes of extent 1 removed or inserted: `source` as for relaid.
template <ArrayLike X>
X relabel(const X& x, const std::vector<int>& source, const char* op) {
  core::Shape shape;
  for (auto a : source) shape.push_back(a == kBroadcastAxis ? 1 : x.shape()[a]);
  if constexpr (is_lazy<X>) {
    return relaid(x, op, source, [](const core::Buffer& in, const core::Shape& out) {
      return in.reshaped(out);  // the same bytes: row-major order is unchanged
    });
  } else {
    return x.reshape(shape);
  }
}

}  // namespace detail

/// @brief The axes in the order `axes` (a permutation of 0..ndim-1, negative from the end), as
/// numpy.transpose; lazily each block is transposed, and the chunks follow their axes.
/// @code{.cpp}
/// auto t = da::transpose(x, {1, 0, 2});
/// @endcode
template <detail::ArrayLike X>
X transpose(const X& x, const Axes& axes) {
  constexpr const char* fn = "transpose";
  const auto perm = detail::normalize_axes(fn, axes, x.ndim());
  if (perm.size() != x.ndim()) {
    detail::invalid(fn, "axes", detail::to_string(core::Shape(axes.begin(), axes.end())),
                    "must name every axis of an array of ndim " + std::to_string(x.ndim()));
  }
  return detail::permute(x, perm, fn);
}

/// @brief The axes reversed, as numpy.transpose(x) and x.T.
template <detail::ArrayLike X>
X transpose(const X& x) {
  std::vector<std::size_t> perm(x.ndim());
  std::iota(perm.rbegin(), perm.rend(), std::size_t{0});
  return detail::permute(x, perm, "transpose");
}

/// @brief Axis `source` moved to position `destination`, the others keeping their order, as
/// numpy.moveaxis.
template <detail::ArrayLike X>
X moveaxis(const X& x, int source, int destination) {
  constexpr const char* fn = "moveaxis";
  const auto from = detail::normalize_axis(fn, source, x.ndim());
  const auto to = detail::normalize_axis(fn, destination, x.ndim());
  std::vector<std::size_t> perm;
  for (std::size_t a = 0; a < x.ndim(); ++a) {
    if (a != from) perm.push_back(a);
  }
  perm.insert(perm.begin() + static_cast<std::ptrdiff_t>(to), from);
  return detail::permute(x, perm, fn);
}

/// @brief Axes `axis1` and `axis2` exchanged, as numpy.swapaxes.
template <detail::ArrayLike X>
X swapaxes(const X& x, int axis1, int axis2) {
  constexpr const char* fn = "swapaxes";
  const auto a = detail::normalize_axis(fn, axis1, x.ndim());
  const auto b = detail::normalize_axis(fn, axis2, x.ndim());
  std::vector<std::size_t> perm(x.ndim());
  std::iota(perm.begin(), perm.end(), std::size_t{0});
  std::swap(perm[a], perm[b]);
  return detail::permute(x, perm, fn);
}

/// @brief `x` without the axes `axes`, each of which must have extent 1, as numpy.squeeze.
template <detail::ArrayLike X>
X squeeze(const X& x, const Axes& axes) {
  constexpr const char* fn = "squeeze";
  const auto drop = detail::normalize_axes(fn, axes, x.ndim());
  std::vector<int> source;
  for (std::size_t a = 0; a < x.ndim(); ++a) {
    const auto at = std::find(drop.begin(), drop.end(), a);
    if (at == drop.end()) {
      source.push_back(static_cast<int>(a));
    } else if (x.shape()[a] != 1) {
      detail::invalid(fn, "axis", axes[static_cast<std::size_t>(at - drop.begin())],
                      "has extent " + std::to_string(x.shape()[a]) + ", not 1, in shape " +
                          detail::to_string(x.shape()));
    }
  }
  return detail::relabel(x, source, fn);
}

/// @brief `x` without axis `axis`, which must have extent 1.
template <detail::ArrayLike X>
X squeeze(const X& x, int axis) {
  return squeeze(x, Axes{axis});
}

/// @brief `x` without any of its axes of extent 1.
template <detail::ArrayLike X>
X squeeze(const X& x) {
  Axes ones;
  for (std::size_t a = 0; a < x.ndim(); ++a) {
    if (x.shape()[a] == 1) ones.push_back(static_cast<int>(a));
  }
  return squeeze(x, ones);
}

/// @brief `x` with new axes of extent 1 at positions `axes` of the result, as
/// numpy.expand_dims (negative positions count from the end of the result).
template <detail::ArrayLike X>
X expand_dims(const X& x, const Axes& axes) {
  const auto ndim = x.ndim() + axes.size();
  const auto added = detail::normalize_axes("expand_dims", axes, ndim);
  std::vector<int> source;
  int next = 0;
  for (std::size_t k = 0; k < ndim; ++k) {
    const bool is_new = std::find(added.begin(), added.end(), k) != added.end();
    source.push_back(is_new ? detail::kBroadcastAxis : next++);
  }
  return detail::relabel(x, source, "expand_dims");
}

/// @brief `x` with a new axis of extent 1 at position `axis` of the result.
template <detail::ArrayLike X>
X expand_dims(const X& x, int axis) {
  return expand_dims(x, Axes{axis});
}

}  // namespace dagarray
