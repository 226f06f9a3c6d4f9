#pragma once
// flip: the elements in reverse order along some axes, as numpy.flip. Lazy, the block order
// is reversed along those axes and each block reversed in itself: one task per block.

#include <dagarray/array/execution.hpp>
#include <dagarray/array/kinds.hpp>
#include <dagarray/array/layers.hpp>
#include <dagarray/core/token.hpp>

#include <algorithm>
#include <vector>

namespace dagarray {

namespace detail {

/// @brief Writes runs [first, last) of the last axis of `dst` from the row-major `src` of
/// `shape`, reversed along each axis marked in `flipped`: one forward or reversed copy per run,
/// the source run's offset kept in step by an odometer over the leading axes.
template <Element T>
void flip_runs(const T* src, T* dst, const core::Shape& shape, const std::vector<bool>& flipped,
               std::int64_t first, std::int64_t last) {
  if (shape.empty()) {
    dst[0] = src[0];
    return;
  }
  const auto leading = shape.size() - 1;
  const auto run = shape.back();
  const bool reverse_run = flipped.back();
  core::Shape step(leading), at(leading);
  std::int64_t from = 0, stride = run, rest = first;
  for (std::size_t d = leading; d-- > 0;) {
    at[d] = rest % shape[d];
    rest /= shape[d];
    step[d] = flipped[d] ? -stride : stride;
    from += (flipped[d] ? shape[d] - 1 - at[d] : at[d]) * stride;
    stride *= shape[d];
  }
  for (auto r = first; r < last; ++r) {
    const T* in = src + from;
    if (reverse_run) {
      std::reverse_copy(in, in + run, dst + r * run);
    } else {
      std::copy(in, in + run, dst + r * run);
    }
    for (std::size_t d = leading; d-- > 0;) {
      if (++at[d] < shape[d]) {
        from += step[d];
        break;
      }
      at[d] = 0;
      from -= step[d] * (shape[d] - 1);
    }
  }
}

template <Element T>
core::Buffer flip_buffer(const core::Buffer& in, const std::vector<bool>& flipped,
                         Execution execution = Execution::sequential) {
  auto out = core::Buffer::allocate(dtype_of<T>(), in.shape());
  if (out.size() == 0) return out;
  const auto run = in.shape().empty() ? 1 : in.shape().back();
  for_ranges(
      execution, out.size() / run,
      [&](std::int64_t first, std::int64_t last) {
        flip_runs(in.template as<T>(), out.template as_mutable<T>(), in.shape(), flipped, first,
                  last);
      },
      std::max<std::int64_t>(1, scheduler::kParallelGrain / run));
  return out;
}

/// @brief Per axis, whether it is one of `axes` (checked as NumPy checks them).
inline std::vector<bool> flipped_axes(const Axes& axes, std::size_t ndim) {
  std::vector<bool> flipped(ndim, false);
  for (auto axis : normalize_axes("flip", axes, ndim)) flipped[axis] = true;
  return flipped;
}

template <Element T>
NDArray<T> flip(const NDArray<T>& x, const std::vector<bool>& flipped) {
  return NDArray<T>::from_buffer(flip_buffer<T>(x.buffer(), flipped, Execution::parallel));
}

template <Element T>
Array<T> flip(const Array<T>& x, const std::vector<bool>& flipped) {
  if (std::find(flipped.begin(), flipped.end(), true) == flipped.end()) return x;
  auto chunks = x.chunks();
  BlockRanges ranges(x.ndim());
  core::Tokenizer token;
  token.add("flip").add(x.name());
  for (std::size_t d = 0; d < x.ndim(); ++d) {
    const auto blocks = x.numblocks()[d];
    for (std::int64_t i = 0; i < blocks; ++i) {
      const auto j = flipped[d] ? blocks - 1 - i : i;
      ranges[d].emplace_back(j, j + 1);
    }
    if (flipped[d]) std::reverse(chunks[d].begin(), chunks[d].end());
    token.add(static_cast<std::uint8_t>(flipped[d]));
  }
  auto kernel = [flipped](std::span<const core::Buffer* const> in, const BlockInfo&) {
    return flip_buffer<T>(*in[0], flipped);
  };
  return Array<T>(make_layer<GatherLayer>(std::move(kernel), token.name("flip"), "flip", x.layer(),
                                          std::move(chunks), dtype_of<T>(), std::move(ranges)));
}

}  // namespace detail

/// @brief x with its elements in reverse order along each of `axes`, as numpy.flip.
/// @code{.cpp}
/// auto r = da::flip(da::arange(10, 4), 0);   // 9, 8, ..., 0 in chunks (2, 4, 4)
/// @endcode
template <detail::ArrayLike X>
X flip(const X& x, const Axes& axes) {
  return detail::flip(x, detail::flipped_axes(axes, x.ndim()));
}

template <detail::ArrayLike X>
X flip(const X& x, int axis) {
  return flip(x, Axes{axis});
}

/// @brief x reversed along every axis, as numpy.flip(x).
template <detail::ArrayLike X>
X flip(const X& x) {
  return detail::flip(x, std::vector<bool>(x.ndim(), true));
}

}  // namespace dagarray
