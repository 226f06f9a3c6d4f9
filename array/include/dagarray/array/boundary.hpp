#pragma once
// What lies beyond an array's edges, as Dask's overlap boundaries and NumPy's pad modes:
// Depth (how far a block reaches into its neighbours, per axis), Boundary (how positions outside
// the array are filled), and the plan that reads any box of positions, inside the array or not,
// from the blocks that hold them. map_overlap, pad and roll are all such reads (boundary_read.hpp).

#include <dagarray/array/checks.hpp>
#include <dagarray/array/element.hpp>

#include <algorithm>
#include <cstdint>
#include <initializer_list>
#include <limits>
#include <map>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace dagarray {

/// @brief How far each block reaches into its neighbours, one depth per axis, as Dask's `depth`:
/// `da::Depth{1, 2}` per axis, or a plain integer (`da::Depth(1)`, or just `1`) for every axis.
class Depth {
 public:
  /// @brief The same depth along every axis.
  Depth(std::int64_t every_axis) : _depths{every_axis}, _every_axis(true) {}  // NOLINT: implicit
  /// @brief One depth per axis. A list of one is one axis: `da::Depth(2)` is every axis.
  Depth(std::initializer_list<std::int64_t> per_axis) : _depths(per_axis) {}
  explicit Depth(std::vector<std::int64_t> per_axis) : _depths(std::move(per_axis)) {}

  /// @brief One depth per axis of an array of `shape`, checked: each >= 0, one per axis.
  std::vector<std::int64_t> per_axis(std::string_view fn, const core::Shape& shape) const {
    if (!_every_axis && _depths.size() != shape.size()) {
      detail::invalid(fn, "depth", _depths,
                      "must give one depth per axis of an array of shape " +
                          detail::to_string(shape) + " (a plain integer gives every axis one)");
    }
    for (std::size_t a = 0; a < _depths.size(); ++a) {
      if (_depths[a] < 0) {
        const auto argument =
            _every_axis ? std::string("depth") : "depth[" + std::to_string(a) + "]";
        detail::invalid(fn, argument, _depths[a], "must be >= 0");
      }
    }
    return _every_axis ? std::vector<std::int64_t>(shape.size(), _depths[0]) : _depths;
  }

 private:
  std::vector<std::int64_t> _depths;
  bool _every_axis = false;
};

/// @brief What fills the positions beyond an array's edges, with Dask's names and NumPy's pad
/// modes: `none` (nothing: edge blocks of map_overlap get no extra elements there), `constant(v)`
/// (np.pad "constant"), `periodic()` ("wrap": the other end of the axis), `reflect()`
/// ("symmetric": mirrored, the edge element repeated: 3 2 1 | 1 2 3 | 3 2 1), `nearest()`
/// ("edge": the edge element repeated).
class Boundary {
 public:
  enum class Kind { none, constant, periodic, reflect, nearest };

  static Boundary none() { return Boundary(Kind::none); }
  static Boundary periodic() { return Boundary(Kind::periodic); }
  static Boundary reflect() { return Boundary(Kind::reflect); }
  static Boundary nearest() { return Boundary(Kind::nearest); }
  /// @brief Every position beyond the edges is `value`, converted to the array's element type.
  template <class S>
  requires std::is_arithmetic_v<S>
  static Boundary constant(S value) {
    Boundary b(Kind::constant);
    if constexpr (std::is_same_v<S, bool>) {
      b._value = value;
    } else if constexpr (std::is_integral_v<S>) {
      b._value = static_cast<std::int64_t>(value);
    } else {
      b._value = static_cast<double>(value);
    }
    return b;
  }

  Kind kind() const { return _kind; }

  /// @brief The constant as T (0 for kinds other than constant). A floating constant beyond
  /// int64 (or NaN) becomes the smallest int64, as NumPy's cast gives on x86.
  template <Element T>
  T value() const {
    return std::visit(
        [](auto v) {
          if constexpr (std::is_floating_point_v<decltype(v)> && std::is_same_v<T, std::int64_t>) {
            if (!(v >= -0x1p63 && v < 0x1p63)) return std::numeric_limits<std::int64_t>::min();
          }
          return static_cast<T>(v);
        },
        _value);
  }

  /// @brief The constant as it was given: bool, int64 or double.
  const std::variant<bool, std::int64_t, double>& given_value() const { return _value; }

  /// @brief "reflect", "constant(0.5)", ...: for messages and graph names.
  std::string name() const {
    switch (_kind) {
      case Kind::none:
        return "none";
      case Kind::periodic:
        return "periodic";
      case Kind::reflect:
        return "reflect";
      case Kind::nearest:
        return "nearest";
      case Kind::constant:
        break;
    }
    return "constant(" + std::visit([](auto v) { return detail::value_string(v); }, _value) + ")";
  }

 private:
  explicit Boundary(Kind kind) : _kind(kind) {}
  Kind _kind;
  std::variant<bool, std::int64_t, double> _value = std::int64_t{0};
};

namespace detail {

/// @brief Along one axis of a box that reads an array through a boundary: the input blocks it
/// reads (ascending), for each the pieces it copies, and the ranges it fills with the constant.
/// Positions are along this axis only; the box's own start at 0.
struct AxisRead {
  struct Piece {
    std::int64_t src;  ///< first position in the input block
    std::int64_t dst;  ///< first position in the box
    std::int64_t length;
  };
  std::int64_t extent = 0;  ///< the box's length along the axis
  std::vector<std::int64_t> blocks;
  std::vector<std::vector<Piece>> pieces;                       ///< per entry of `blocks`
  std::vector<std::pair<std::int64_t, std::int64_t>> constant;  ///< [first, last) in the box
};

inline std::int64_t floor_mod(std::int64_t p, std::int64_t n) {
  const auto r = p % n;
  return r < 0 ? r + n : r;
}

/// @brief Where each position of one axis, inside the array or beyond it, takes its element
/// from: for an axis of length n padded by (before, after), as numpy.pad fills it.
///
/// periodic, nearest and constant are a formula of the position. reflect ("symmetric") is too
/// while the widths are at most n; wider, NumPy mirrors the filled window about its edges again
/// and again, each time by at most the window's length, both sides growing from the same window
/// (numpy/lib/_arraypad_impl.py, _set_reflect_both). With unequal widths the window stops being
/// a whole number of periods, so the result is not the 2n-periodic mirror: the steps are kept.
class AxisBoundary {
 public:
  AxisBoundary(Boundary::Kind kind, std::int64_t length, std::int64_t before, std::int64_t after)
      : _kind(kind), _n(length) {
    if (kind != Boundary::Kind::reflect || length == 0) return;
    std::int64_t low = 0, high = length;
    while (before > 0 || after > 0) {
      const auto window = high - low;
      if (before > 0) {
        const auto step = std::min(window, before);
        _left.push_back({low, step});
        low -= step;
        before -= step;
      }
      if (after > 0) {
        const auto step = std::min(window, after);
        _right.push_back({high, step});
        high += step;
        after -= step;
      }
    }
  }

  Boundary::Kind kind() const { return _kind; }
  std::int64_t length() const { return _n; }

  /// @brief The array position position p reads; only for kinds that read one (not constant or
  /// none) and positions outside [0, n).
  std::int64_t source(std::int64_t p) const {
    switch (_kind) {
      case Boundary::Kind::periodic:
        return floor_mod(p, _n);
      case Boundary::Kind::nearest:
        return p < 0 ? 0 : _n - 1;
      default:
        break;
    }
    // reflect: each step mirrors p into the window it was filled from, until inside the array.
    while (p < 0 || p >= _n) {
      const auto& steps = p < 0 ? _left : _right;
      const auto covers = [&](const Mirror& m) {
        return p < 0 ? p >= m.edge - m.length && p < m.edge : p >= m.edge && p < m.edge + m.length;
      };
      const auto step = std::find_if(steps.begin(), steps.end(), covers);
      p = 2 * step->edge - 1 - p;
    }
    return p;
  }

 private:
  struct Mirror {
    std::int64_t edge;    ///< the window's edge the step mirrors about
    std::int64_t length;  ///< positions it fills beyond that edge
  };
  Boundary::Kind _kind;
  std::int64_t _n;
  std::vector<Mirror> _left, _right;  ///< numpy.pad's reflect steps on each side, in order
};

/// @brief The read of positions [first, last) of an axis whose blocks start at `bounds` (the
/// last entry is the axis's length n), positions outside [0, n) mapped by `boundary`. A run
/// inside the array, and periodic runs, become one piece per block they cross; mirrored and
/// repeated positions become pieces of their own (neighbours that read forwards are joined), so
/// a box is always copied forwards. Callers check that an empty axis is only extended by a
/// constant.
inline AxisRead plan_axis_read(const core::Shape& bounds, std::int64_t first, std::int64_t last,
                               const AxisBoundary& boundary) {
  using Kind = Boundary::Kind;
  const auto n = bounds.back();
  const auto kind = boundary.kind();
  AxisRead read;
  read.extent = last - first;
  std::map<std::int64_t, std::vector<AxisRead::Piece>> by_block;
  // Positions [src, src + length) of the array to box positions from dst, split by block.
  auto copy = [&](std::int64_t src, std::int64_t dst, std::int64_t length) {
    while (length > 0) {
      const auto block =
          std::upper_bound(bounds.begin(), bounds.end() - 1, src) - bounds.begin() - 1;
      const auto take = std::min(length, bounds[static_cast<std::size_t>(block) + 1] - src);
      auto& pieces = by_block[block];
      const auto in_block = src - bounds[static_cast<std::size_t>(block)];
      if (!pieces.empty() && pieces.back().src + pieces.back().length == in_block &&
          pieces.back().dst + pieces.back().length == dst) {
        pieces.back().length += take;
      } else {
        pieces.push_back({in_block, dst, take});
      }
      src += take;
      dst += take;
      length -= take;
    }
  };
  for (auto p = first; p < last;) {
    const auto dst = p - first;
    if (p >= 0 && p < n) {
      const auto end = std::min(last, n);
      copy(p, dst, end - p);
      p = end;
    } else if (kind == Kind::constant || kind == Kind::none) {
      const auto end = p < 0 ? std::min(last, std::int64_t{0}) : last;
      read.constant.emplace_back(dst, end - first);
      p = end;
    } else if (kind == Kind::periodic) {
      const auto q = floor_mod(p, n);
      const auto length = std::min(last - p, n - q);
      copy(q, dst, length);
      p += length;
    } else {
      copy(boundary.source(p), dst, 1);
      ++p;
    }
  }
  for (auto& [block, pieces] : by_block) {
    read.blocks.push_back(block);
    read.pieces.push_back(std::move(pieces));
  }
  return read;
}

/// @brief Checks that positions beyond an empty axis need no element of it: as NumPy's pad,
/// only a constant can extend an axis of length 0.
inline void check_extendable(std::string_view fn, const core::Shape& shape, std::size_t axis,
                             bool extended, const Boundary& boundary) {
  const auto kind = boundary.kind();
  if (shape[axis] == 0 && extended && kind != Boundary::Kind::constant &&
      kind != Boundary::Kind::none) {
    invalid(fn, "boundary", boundary.name(),
            "cannot extend axis " + std::to_string(axis) + " of an array of shape " +
                to_string(shape) + ", which is empty; only a constant can");
  }
}

}  // namespace detail

}  // namespace dagarray
