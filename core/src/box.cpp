#include <dagarray/core/box.hpp>

#include <cstring>

namespace dagarray::core {

void copy_box(const std::byte* src, const Shape& src_shape, const Shape& src_start, std::byte* dst,
              const Shape& dst_shape, const Shape& dst_start, const Shape& extent,
              std::size_t element_size) {
  const auto ndim = extent.size();
  if (shape_size(extent) == 0) return;
  if (ndim == 0) {
    std::memcpy(dst, src, element_size);
    return;
  }
  // Row-major strides in elements.
  Shape src_stride(ndim, 1), dst_stride(ndim, 1);
  for (std::size_t axis = ndim - 1; axis-- > 0;) {
    src_stride[axis] = src_stride[axis + 1] * src_shape[axis + 1];
    dst_stride[axis] = dst_stride[axis + 1] * dst_shape[axis + 1];
  }
  const auto run_bytes = static_cast<std::size_t>(extent.back()) * element_size;
  Shape at(ndim, 0);  // position within the box, last axis held at 0
  while (true) {
    std::int64_t s = 0, d = 0;
    for (std::size_t axis = 0; axis < ndim; ++axis) {
      s += (src_start[axis] + at[axis]) * src_stride[axis];
      d += (dst_start[axis] + at[axis]) * dst_stride[axis];
    }
    std::memcpy(dst + d * element_size, src + s * element_size, run_bytes);
    std::size_t axis = ndim - 1;
    while (axis-- > 0) {
      if (++at[axis] < extent[axis]) break;
      at[axis] = 0;
    }
    if (axis == static_cast<std::size_t>(-1)) return;
  }
}

void copy_box(const Buffer& src, const Shape& src_start, Buffer& dst, const Shape& dst_start,
              const Shape& extent) {
  copy_box(src.data(), src.shape(), src_start, dst.mutable_data(), dst.shape(), dst_start, extent,
           dtype_size(src.dtype()));
}

}  // namespace dagarray::core
