#pragma once
// The loops of a scan: a block scanned along one axis, the carry a block passes to the blocks
// after it, and a carry combined into a block. Lazy tasks and eager arrays run the same loops
// (a lazy task on one thread, an eager array split over the cores by independent lines).

#include <dagarray/array/element.hpp>
#include <dagarray/array/execution.hpp>
#include <dagarray/core/tile.hpp>

#include <algorithm>
#include <cstdint>
#include <span>

namespace dagarray::detail {

/// @brief A scan's view of a row-major block: `outer` independent groups, each `length` rows
/// (along the scanned axis) of `inner` contiguous elements, every column scanned on its own.
struct ScanLayout {
  std::int64_t outer, length, inner;
};

inline ScanLayout scan_layout(const core::Shape& shape, std::size_t axis) {
  std::int64_t outer = 1, inner = 1;
  for (std::size_t a = 0; a < axis; ++a) outer *= shape[a];
  for (std::size_t a = axis + 1; a < shape.size(); ++a) inner *= shape[a];
  return {outer, shape[axis], inner};
}

/// @brief One contiguous line scanned: the running total stays in a register.
template <class Op, Element T, class R>
void scan_line(const T* src, std::int64_t length, R* dst) {
  if (length == 0) return;
  R total = static_cast<R>(src[0]);
  dst[0] = total;
  for (std::int64_t i = 1; i < length; ++i) {
    total = Op::combine(total, static_cast<R>(src[i]));
    dst[i] = total;
  }
}

/// @brief Columns [j0, j1) of one group of `length` rows `inner` apart, scanned row by row:
/// each row is the previous row combined with the input, a loop along the row that vectorises.
template <class Op, Element T, class R>
void scan_columns(const T* src, std::int64_t length, std::int64_t inner, std::int64_t j0,
                  std::int64_t j1, R* dst) {
  if (length == 0) return;
  for (auto j = j0; j < j1; ++j) dst[j] = static_cast<R>(src[j]);
  for (std::int64_t r = 1; r < length; ++r) {
    const R* previous = dst + (r - 1) * inner;
    const T* row = src + r * inner;
    R* out = dst + r * inner;
    for (auto j = j0; j < j1; ++j) out[j] = Op::combine(previous[j], static_cast<R>(row[j]));
  }
}

/// @brief Scans `in`, laid out as `layout`, into `out`. In parallel the pieces are whole lines
/// or column ranges: every element is combined in the same order as on one thread.
template <class Op, Element T>
void scan_into(const T* in, ScanLayout layout, typename Op::template result<T>* out,
               Execution execution) {
  const auto [outer, length, inner] = layout;
  const auto per_piece =
      std::max<std::int64_t>(1, scheduler::kParallelGrain / std::max<std::int64_t>(length, 1));
  if (inner == 1) {
    for_ranges(
        execution, outer,
        [&](std::int64_t begin, std::int64_t end) {
          for (auto o = begin; o < end; ++o)
            scan_line<Op>(in + o * length, length, out + o * length);
        },
        per_piece);
    return;
  }
  const auto pieces_per_group =
      execution == Execution::parallel ? scheduler::piece_count(inner, per_piece) : 1;
  for_ranges(
      execution, outer * pieces_per_group,
      [&](std::int64_t begin, std::int64_t end) {
        for (auto piece = begin; piece < end; ++piece) {
          const auto o = piece / pieces_per_group;
          const auto j0 = piece % pieces_per_group * per_piece;
          const auto j1 = pieces_per_group == 1 ? inner : std::min(inner, j0 + per_piece);
          const auto offset = o * length * inner;
          scan_columns<Op>(in + offset, length, inner, j0, j1, out + offset);
        }
      },
      1);
}

/// @brief A whole block (or array) scanned along `axis`.
template <class Op, Element T>
core::Buffer scan_buffer(const core::Buffer& in, std::size_t axis,
                         Execution execution = Execution::sequential) {
  using R = typename Op::template result<T>;
  auto out = core::Buffer::allocate(dtype_of<R>(), in.shape());
  scan_into<Op, T>(in.template as<T>(), scan_layout(in.shape(), axis), out.template as_mutable<R>(),
                   execution);
  return out;
}

/// @brief The carry a scanned block passes on: its last slice along `axis` (extent 1 there),
/// combined with the carry it received when it has one (`previous`, else null).
template <class Op, class R>
core::Buffer carry_buffer(const core::Buffer* previous, const core::Buffer& scanned,
                          std::size_t axis) {
  const auto [outer, length, inner] = scan_layout(scanned.shape(), axis);
  core::Shape shape = scanned.shape();
  shape[axis] = 1;
  auto out = core::Buffer::allocate(dtype_of<R>(), std::move(shape));
  if (out.size() == 0) return out;
  R* dst = out.template as_mutable<R>();
  for (std::int64_t o = 0; o < outer; ++o) {
    const R* last = scanned.template as<R>() + (o * length + length - 1) * inner;
    R* carry = dst + o * inner;
    if (previous) {
      const R* before = previous->template as<R>() + o * inner;
      for (std::int64_t j = 0; j < inner; ++j) carry[j] = Op::combine(before[j], last[j]);
    } else {
      std::copy_n(last, inner, carry);
    }
  }
  return out;
}

/// @brief A scanned block with the carry of the blocks before it combined into every row.
template <class Op, class R>
core::Buffer add_carry(const core::Buffer& carry, const core::Buffer& scanned, std::size_t axis) {
  const auto [outer, length, inner] = scan_layout(scanned.shape(), axis);
  auto out = core::Buffer::allocate(dtype_of<R>(), scanned.shape());
  if (out.size() == 0) return out;
  for (std::int64_t o = 0; o < outer; ++o) {
    const R* before = carry.template as<R>() + o * inner;
    for (std::int64_t r = 0; r < length; ++r) {
      const auto offset = (o * length + r) * inner;
      const R* src = scanned.template as<R>() + offset;
      R* dst = out.template as_mutable<R>() + offset;
      for (std::int64_t j = 0; j < inner; ++j) dst[j] = Op::combine(before[j], src[j]);
    }
  }
  return out;
}

/// @brief The per-block scan, tile by tile. A tile holds every index of the leading axes, so a
/// scan along a leading axis maps a tile to a tile and can be fused with the elementwise
/// operations before it; along the last axis a tile cuts the lines, so blocks are scanned whole.
template <class Op, Element T>
struct ScanTiles {
  std::size_t axis;
  bool along_leading_axis;

  core::TileRole role() const {
    return along_leading_axis ? core::TileRole::map : core::TileRole::none;
  }

  void map(const core::BlockInfo&, std::span<const core::TileRef> in, std::byte* out) const {
    using R = typename Op::template result<T>;
    scan_into<Op, T>(reinterpret_cast<const T*>(in[0].data), scan_layout(*in[0].shape, axis),
                     reinterpret_cast<R*>(out), Execution::sequential);
  }
};

}  // namespace dagarray::detail
