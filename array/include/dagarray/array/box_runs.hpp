#pragma once
// A block is a box of a row-major array, so in the array's flat order it is a series of runs of
// contiguous elements: one per position of the axes before the last one it cuts. Files that
// store an array row-major (.npy) read and write a block as those runs.

#include <dagarray/core/layer.hpp>

#include <cstdint>
#include <vector>

namespace dagarray::detail {

/// @brief Calls f(array_offset, box_offset, count), in elements, for each run of contiguous
/// elements of the box at `origin` of extent `box` within an array of `shape`, in row-major
/// order (so box_offset grows by count each time). Nothing for an empty box.
template <class F>
void for_each_run(const core::Shape& shape, const core::Shape& origin, const core::Shape& box,
                  F&& f) {
  const auto ndim = shape.size();
  if (core::shape_size(box) == 0) return;
  // Axes [cut, ndim) are whole in the box; the run also spans axis cut - 1, the last one cut.
  std::size_t cut = ndim;
  std::int64_t run = 1;
  while (cut > 0 && box[cut - 1] == shape[cut - 1]) run *= box[--cut];
  const std::size_t outer = cut == 0 ? 0 : cut - 1;
  if (cut > 0) run *= box[outer];
  std::vector<std::int64_t> stride(ndim, 1);
  for (std::size_t a = ndim; a-- > 1;) stride[a - 1] = stride[a] * shape[a];
  std::int64_t start = 0;
  for (std::size_t a = 0; a < ndim; ++a) start += origin[a] * stride[a];
  std::vector<std::int64_t> at(outer, 0);
  for (std::int64_t done = 0;; done += run) {
    f(start, done, run);
    std::size_t a = outer;
    while (a-- > 0) {
      start += stride[a];
      if (++at[a] < box[a]) break;
      start -= at[a] * stride[a];
      at[a] = 0;
    }
    if (a == static_cast<std::size_t>(-1)) return;
  }
}

}  // namespace dagarray::detail
