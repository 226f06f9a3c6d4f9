#include <dagarray/array/box.hpp>

#include <cstring>

namespace dagarray::detail {

void copy_box(const core::Buffer& src, const core::Shape& src_start, core::Buffer& dst,
              const core::Shape& dst_start, const core::Shape& extent) {
  const auto elem = core::dtype_size(src.dtype());
  const auto ndim = extent.size();
  if (core::shape_size(extent) == 0) return;
  if (ndim == 0) {
    std::memcpy(dst.mutable_data(), src.data(), elem);
    return;
  }
  // Row-major strides in elements.
  core::Shape src_stride(ndim, 1), dst_stride(ndim, 1);
  for (std::size_t axis = ndim - 1; axis-- > 0;) {
    src_stride[axis] = src_stride[axis + 1] * src.shape()[axis + 1];
    dst_stride[axis] = dst_stride[axis + 1] * dst.shape()[axis + 1];
  }
  const auto run_bytes = static_cast<std::size_t>(extent.back()) * elem;
  core::Shape at(ndim, 0);  // position within the box, last axis held at 0
  while (true) {
    std::int64_t s = 0, d = 0;
    for (std::size_t axis = 0; axis < ndim; ++axis) {
      s += (src_start[axis] + at[axis]) * src_stride[axis];
      d += (dst_start[axis] + at[axis]) * dst_stride[axis];
    }
    std::memcpy(dst.mutable_data() + d * elem, src.data() + s * elem, run_bytes);
    std::size_t axis = ndim - 1;
    while (axis-- > 0) {
      if (++at[axis] < extent[axis]) break;
      at[axis] = 0;
    }
    if (axis == static_cast<std::size_t>(-1)) return;
  }
}

}  // namespace dagarray::detail
