#pragma once
// Copying a rectangular box of elements between row-major arrays: how blocks are cut from and
// pasted into whole arrays (from_ndarray, compute's assembly, rechunk) and how fused tasks
// move tiles in and out of blocks.

#include <dagarray/core/buffer.hpp>

#include <cstddef>

namespace dagarray::core {

/// @brief Copies the box of `extent` elements (of `element_size` bytes) starting at `src_start`
/// in the row-major array `src` of shape `src_shape` to `dst_start` in `dst` of shape
/// `dst_shape`. Both arrays have the same rank and the box lies inside both.
void copy_box(const std::byte* src, const Shape& src_shape, const Shape& src_start, std::byte* dst,
              const Shape& dst_shape, const Shape& dst_start, const Shape& extent,
              std::size_t element_size);

/// @brief The same between two buffers of the same dtype and rank.
void copy_box(const Buffer& src, const Shape& src_start, Buffer& dst, const Shape& dst_start,
              const Shape& extent);

}  // namespace dagarray::core
