#pragma once
// Copying every step-th element of a box out of a row-major array: what a view with steps does
// to each block (core::copy_box is the case of unit steps). Rows along the last axis are one
// loop each, a plain copy when their step is 1, so the compiler vectorises them.

#include <dagarray/core/buffer.hpp>

#include <algorithm>
#include <cstdint>

namespace dagarray::detail {

/// @brief dst[i0, i1, ...] = src[start0 + i0 * step0, start1 + i1 * step1, ...] for every
/// index below `count`; src is row-major of shape `src_shape`, dst contiguous of shape `count`.
/// Steps may be negative; every position read lies inside src.
template <class T>
void copy_strided(const T* src, const core::Shape& src_shape, const core::Shape& start,
                  const core::Shape& step, const core::Shape& count, T* dst) {
  const auto ndim = count.size();
  if (core::shape_size(count) == 0) return;
  if (ndim == 0) {
    dst[0] = src[0];
    return;
  }
  // Per axis, how far one step moves in src, in elements.
  core::Shape jump(ndim);
  std::int64_t stride = 1, first = 0;
  for (std::size_t axis = ndim; axis-- > 0;) {
    jump[axis] = step[axis] * stride;
    first += start[axis] * stride;
    stride *= src_shape[axis];
  }
  const auto row = count.back();
  const auto row_jump = jump.back();
  core::Shape at(ndim, 0);  // position among the rows; the last axis stays 0
  std::int64_t offset = first;
  while (true) {
    const T* from = src + offset;
    if (row_jump == 1) {
      std::copy_n(from, row, dst);
    } else {
      for (std::int64_t i = 0; i < row; ++i) dst[i] = from[i * row_jump];
    }
    dst += row;
    // Next row: the odometer over the leading axes.
    std::size_t axis = ndim - 1;
    while (axis-- > 0) {
      offset += jump[axis];
      if (++at[axis] < count[axis]) break;
      offset -= jump[axis] * count[axis];
      at[axis] = 0;
    }
    if (axis == static_cast<std::size_t>(-1)) return;
  }
}

}  // namespace dagarray::detail
