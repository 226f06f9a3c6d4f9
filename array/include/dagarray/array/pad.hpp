#pragma once
// pad: an array extended at both ends of each axis, as numpy.pad (and dask.array.pad) with the
// modes "constant", "wrap", "symmetric" and "edge" (Boundary's constant, periodic, reflect,
// nearest). Lazy, the array keeps its blocks and gains new ones of at most its largest chunk
// along each padded end; every block is one task reading the input blocks its positions map to.

#include <dagarray/array/boundary_read.hpp>
#include <dagarray/array/kinds.hpp>
#include <dagarray/array/rechunk.hpp>

#include <utility>
#include <vector>

namespace dagarray {

/// @brief Elements to add (before, after) along each axis, as numpy.pad's pad_width; one pair
/// alone is used for every axis.
using PadWidths = std::vector<std::pair<std::int64_t, std::int64_t>>;

namespace detail {

inline std::string pair_string(std::pair<std::int64_t, std::int64_t> p) {
  // Appended piece by piece: GCC 12 at -O3 warns falsely (-Wrestrict) on "(" + std::string.
  std::string out = "(";
  out += std::to_string(p.first);
  out += ", ";
  out += std::to_string(p.second);
  out += ')';
  return out;
}

/// @brief One checked (before, after) per axis.
inline PadWidths pad_widths(const core::Shape& shape, const PadWidths& widths,
                            const Boundary& boundary) {
  if (boundary.kind() == Boundary::Kind::none) {
    invalid("pad", "boundary", boundary.name(),
            "has no meaning for pad: give constant, periodic, reflect or nearest");
  }
  if (widths.size() != shape.size() && widths.size() != 1) {
    std::string given;
    for (const auto& w : widths) given += (given.empty() ? "" : ", ") + pair_string(w);
    invalid("pad", "pad_width", "[" + given + "]",
            "must give one (before, after) pair per axis of an array of shape " + to_string(shape) +
                ", or one pair for every axis");
  }
  PadWidths out(shape.size(), widths.empty() ? std::pair<std::int64_t, std::int64_t>{} : widths[0]);
  if (widths.size() == shape.size()) out = widths;
  core::Shape padded = shape;
  for (std::size_t a = 0; a < shape.size(); ++a) {
    if (out[a].first < 0 || out[a].second < 0) {
      invalid("pad", "pad_width[" + std::to_string(a) + "]", pair_string(out[a]),
              "must not be negative");
    }
    check_extendable("pad", shape, a, out[a].first + out[a].second > 0, boundary);
    padded[a] += out[a].first + out[a].second;
  }
  check_shape("pad", padded);
  return out;
}

/// @brief `width` in blocks of `chunk`, the outermost (first if `before`) taking the remainder.
inline void append_pad_chunks(std::vector<std::int64_t>& sizes, std::int64_t width,
                              std::int64_t chunk, bool before) {
  if (width == 0) return;
  const auto count = (width + chunk - 1) / chunk;
  const auto outermost = width - (count - 1) * chunk;
  if (before) sizes.push_back(outermost);
  for (std::int64_t i = 1; i < count; ++i) sizes.push_back(chunk);
  if (!before) sizes.push_back(outermost);
}

}  // namespace detail

/// @brief x with widths[a].first elements before and widths[a].second after along each axis a,
/// filled by `boundary`, as numpy.pad(x, pad_width, mode) (constant: constant_values).
/// @code{.cpp}
/// auto framed = da::pad(x, {{1, 1}, {2, 0}});                        // zeros, as np.pad
/// auto mirrored = da::pad(x, {{3, 3}}, da::Boundary::reflect());    // mode="symmetric"
/// @endcode
template <Element T>
Array<T> pad(const Array<T>& x, const PadWidths& widths,
             const Boundary& boundary = Boundary::constant(0)) {
  const auto w = detail::pad_widths(x.shape(), widths, boundary);
  core::Chunks chunks(x.ndim());
  detail::BoxReads reads(x.ndim());
  for (std::size_t a = 0; a < x.ndim(); ++a) {
    const auto& own = x.chunks()[a];
    const auto [before, after] = w[a];
    const auto largest = std::max<std::int64_t>(*std::max_element(own.begin(), own.end()),
                                                x.shape()[a] == 0 ? before + after : 1);
    detail::append_pad_chunks(chunks[a], before, largest, true);
    if (x.shape()[a] > 0) chunks[a].insert(chunks[a].end(), own.begin(), own.end());
    detail::append_pad_chunks(chunks[a], after, largest, false);
    if (chunks[a].empty()) chunks[a] = {0};
    const auto in_bounds = detail::block_bounds(own);
    const auto out_bounds = detail::block_bounds(chunks[a]);
    const detail::AxisBoundary edges(boundary.kind(), x.shape()[a], before, after);
    for (std::size_t i = 0; i + 1 < out_bounds.size(); ++i) {
      reads[a].push_back(detail::plan_axis_read(in_bounds, out_bounds[i] - before,
                                                out_bounds[i + 1] - before, edges));
    }
  }
  core::Tokenizer token;
  token.add("pad").add(x.name());
  for (const auto& [before, after] : w) token.add(before).add(after);
  detail::add_boundary(token, boundary);
  return detail::read_blocks<T>(x, "pad", token, std::move(chunks), std::move(reads),
                                boundary.value<T>(),
                                [](core::Buffer&& box, const detail::BlockInfo&) { return box; });
}

template <Element T>
NDArray<T> pad(const NDArray<T>& x, const PadWidths& widths,
               const Boundary& boundary = Boundary::constant(0)) {
  const auto w = detail::pad_widths(x.shape(), widths, boundary);
  core::Shape first(x.ndim()), last(x.ndim());
  for (std::size_t a = 0; a < x.ndim(); ++a) {
    first[a] = -w[a].first;
    last[a] = x.shape()[a] + w[a].second;
  }
  return NDArray<T>::from_buffer(detail::read_eager(x, first, last, boundary));
}

/// @brief `width` elements at both ends of every axis, as numpy.pad(x, width, mode).
template <detail::ArrayLike X>
X pad(const X& x, std::int64_t width, const Boundary& boundary = Boundary::constant(0)) {
  return pad(x, PadWidths{{width, width}}, boundary);
}

}  // namespace dagarray
