#pragma once
// roll: elements shifted along axes, those pushed off one end coming back at the other, as
// numpy.roll. Output position q of a rolled axis of length n holds input position
// (q - shift) mod n: a periodic read (boundary_read.hpp) of a box shifted back. Lazy, the result
// keeps x's chunks, and each block is one task reading the (usually two) blocks it maps to.

#include <dagarray/array/boundary_read.hpp>
#include <dagarray/array/kinds.hpp>
#include <dagarray/array/rechunk.hpp>
#include <dagarray/array/reshape.hpp>

#include <vector>

namespace dagarray {

namespace detail {

/// @brief Per axis, the total shift in [0, n), as numpy.roll: one shift for every axis given or
/// one per axis, an axis given twice shifted by the sum.
inline core::Shape roll_shifts(const core::Shape& shape, const std::vector<std::int64_t>& shifts,
                               const Axes& axes) {
  if (shifts.size() != axes.size() && shifts.size() != 1 && axes.size() != 1) {
    invalid("roll", "shift", core::Shape(shifts),
            "gives " + std::to_string(shifts.size()) + " shifts for " +
                std::to_string(axes.size()) + " axes: give one shift, or one per axis");
  }
  core::Shape total(shape.size(), 0);
  if (shifts.empty() || axes.empty()) return total;  // numpy.roll(x, (), axis=()) is x
  const auto count = std::max(shifts.size(), axes.size());
  for (std::size_t k = 0; k < count; ++k) {
    const auto axis = normalize_axis("roll", axes[axes.size() == 1 ? 0 : k], shape.size());
    const auto n = shape[axis];
    if (n == 0) continue;
    // Reduced first, so adding shifts cannot overflow.
    total[axis] = floor_mod(total[axis] + floor_mod(shifts[shifts.size() == 1 ? 0 : k], n), n);
  }
  return total;
}

template <Element T>
NDArray<T> roll(const NDArray<T>& x, const core::Shape& shifts) {
  core::Shape first(x.ndim()), last(x.ndim());
  for (std::size_t a = 0; a < x.ndim(); ++a) {
    first[a] = -shifts[a];
    last[a] = x.shape()[a] - shifts[a];
  }
  return NDArray<T>::from_buffer(detail::read_eager(x, first, last, Boundary::periodic()));
}

template <Element T>
Array<T> roll(const Array<T>& x, const core::Shape& shifts) {
  if (std::all_of(shifts.begin(), shifts.end(), [](auto s) { return s == 0; })) return x;
  BoxReads reads(x.ndim());
  for (std::size_t a = 0; a < x.ndim(); ++a) {
    const auto bounds = block_bounds(x.chunks()[a]);
    const AxisBoundary edges(Boundary::Kind::periodic, bounds.back(), 0, 0);
    for (std::size_t i = 0; i + 1 < bounds.size(); ++i) {
      reads[a].push_back(
          plan_axis_read(bounds, bounds[i] - shifts[a], bounds[i + 1] - shifts[a], edges));
    }
  }
  core::Tokenizer token;
  token.add("roll").add(x.name()).add(std::span<const std::int64_t>(shifts));
  return read_blocks<T>(x, "roll", token, x.chunks(), std::move(reads), T{},
                        [](core::Buffer&& box, const BlockInfo&) { return box; });
}

}  // namespace detail

/// @brief x rolled by `shift` along `axis`, as numpy.roll(x, shift, axis): negative shifts roll
/// backwards, shifts beyond the axis wrap around.
/// @code{.cpp}
/// auto r = da::roll(da::arange(10, 4), 3, 0);   // 7, 8, 9, 0, 1, ..., 6
/// @endcode
template <detail::ArrayLike X>
X roll(const X& x, std::int64_t shift, int axis) {
  return detail::roll(x, detail::roll_shifts(x.shape(), {shift}, Axes{axis}));
}

/// @brief Several axes at once, as numpy.roll(x, (s0, s1), axis=(0, 1)): one shift per axis,
/// or one shift for all of them; an axis listed twice is rolled by the sum.
template <detail::ArrayLike X>
X roll(const X& x, const std::vector<std::int64_t>& shifts, const Axes& axes) {
  return detail::roll(x, detail::roll_shifts(x.shape(), shifts, axes));
}

template <detail::ArrayLike X>
X roll(const X& x, std::int64_t shift, const Axes& axes) {
  return roll(x, std::vector<std::int64_t>{shift}, axes);
}

/// @brief The flattened array rolled and given x's shape back, as numpy.roll(x, shift).
template <detail::ArrayLike X>
X roll(const X& x, std::int64_t shift) {
  if (x.ndim() == 1) return roll(x, shift, 0);
  return reshape(roll(ravel(x), shift, 0), x.shape());
}

}  // namespace dagarray
