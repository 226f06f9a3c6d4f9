#pragma once
// Copying a rectangular box of elements between row-major buffers: how blocks are cut from
// and pasted into whole arrays (from_ndarray, compute's assembly, rechunk).

#include <dagarray/core/buffer.hpp>

namespace dagarray::detail {

/// @brief Copies the box of `extent` elements starting at `src_start` in `src` to `dst_start`
/// in `dst`. Both buffers have the same dtype and rank; the box lies inside both.
void copy_box(const core::Buffer& src, const core::Shape& src_start, core::Buffer& dst,
              const core::Shape& dst_start, const core::Shape& extent);

}  // namespace dagarray::detail
