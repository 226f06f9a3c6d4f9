#pragma once
// The indices of da::view, as NumPy's basic indexing: an integer (picks one element and drops
// the axis), a slice (`da::slice{}` is `:`), `newaxis` (a new axis of length 1) or `ellipsis`
// (`...`, as many `:` as the axes not indexed otherwise); `da::all` is `:` too (the same object
// is numpy.all, the reduction: reductions.hpp). Here the indices are normalised as NumPy does:
// negative positions count from the end, slice bounds are clipped, an integer out of range is an
// error. What is left per axis is an arithmetic run of positions, an AxisPick.

#include <dagarray/array/checks.hpp>

#include <concepts>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <variant>
#include <vector>

namespace dagarray {

/// @brief start:stop:step, as Python's slice. An absent bound means "from the end the step
/// starts at" or "to the end it runs to", so `da::slice{}` is `:` and
/// `da::slice{.step = -1}` reverses.
/// @code{.cpp}
/// da::view(u, da::slice{1, -1});        // u[1:-1]
/// da::view(u, da::slice{-1, {}, -3});   // u[-1::-3]
/// @endcode
struct slice {
  // Every member has an initialiser, so `da::slice{.step = -1}` leaves none uninitialised.
  std::optional<std::int64_t> start = std::nullopt;
  std::optional<std::int64_t> stop = std::nullopt;
  std::int64_t step = 1;
};

/// @brief A new axis of length 1, as numpy.newaxis (None in an index).
struct newaxis_t {
  explicit constexpr newaxis_t() = default;
};
/// @brief `...`: as many `:` as it takes to index every axis.
struct ellipsis_t {
  explicit constexpr ellipsis_t() = default;
};

inline constexpr newaxis_t newaxis{};
inline constexpr ellipsis_t ellipsis{};

/// @brief Any one index, for indices chosen at run time (an integer is held as int64).
/// @code{.cpp}
/// da::Index i = flip ? da::Index(da::slice{.step = -1}) : da::Index(da::slice{});
/// auto y = da::view(x, i, 0);
/// @endcode
using Index = std::variant<std::int64_t, slice, newaxis_t, ellipsis_t>;

namespace detail {

/// The type of da::all, a reduction that also reads as `:` in an index (reductions.hpp).
struct AllFunction;

/// @brief What da::view accepts as an index. A bool is not one: NumPy reads it as a mask.
template <class I>
concept IndexLike = (std::integral<I> && !std::same_as<I, bool>) || std::same_as<I, slice> ||
                    std::same_as<I, newaxis_t> || std::same_as<I, ellipsis_t> ||
                    std::same_as<I, Index> || std::same_as<I, AllFunction>;

template <IndexLike I>
Index to_index(const I& index) {
  if constexpr (std::integral<I>) {
    // An unsigned value beyond int64 is out of range of any axis, and stays so.
    if constexpr (std::is_unsigned_v<I>) {
      if (index > static_cast<std::make_unsigned_t<std::int64_t>>(INT64_MAX)) return INT64_MAX;
    }
    return static_cast<std::int64_t>(index);
  } else if constexpr (std::same_as<I, AllFunction>) {
    return slice{};
  } else {
    return index;
  }
}

/// @brief An index as Python prints it: 3, slice(1, None, 2), None, Ellipsis.
inline std::string index_string(const Index& index) {
  struct Print {
    std::string operator()(std::int64_t i) const { return std::to_string(i); }
    std::string operator()(const slice& s) const {
      auto bound = [](const std::optional<std::int64_t>& b) {
        return b ? std::to_string(*b) : std::string("None");
      };
      return "slice(" + bound(s.start) + ", " + bound(s.stop) + ", " + std::to_string(s.step) + ")";
    }
    std::string operator()(newaxis_t) const { return "None"; }
    std::string operator()(ellipsis_t) const { return "Ellipsis"; }
  };
  return std::visit(Print{}, index);
}

/// @brief The positions start, start + step, ... (count of them) that an index picks along one
/// axis; `integer` when it was an integer, which drops the axis.
struct AxisPick {
  std::int64_t start = 0;
  std::int64_t step = 1;
  std::int64_t count = 0;
  bool integer = false;
};

/// @brief A slice of an axis of `length` as Python's slice.indices normalises it (step != 0).
inline AxisPick pick_slice(const slice& s, std::int64_t length) {
  const std::int64_t step = s.step;
  // Where an absent or clipped bound lands: before the first element when running backwards.
  const std::int64_t low = step < 0 ? -1 : 0;
  const std::int64_t high = step < 0 ? length - 1 : length;
  auto clip = [&](std::int64_t bound) {
    if (bound < 0) bound = bound + length < 0 ? low : bound + length;
    return bound >= length ? high : bound;
  };
  const std::int64_t start = s.start ? clip(*s.start) : (step < 0 ? high : low);
  const std::int64_t stop = s.stop ? clip(*s.stop) : (step < 0 ? low : high);
  // In 128 bits: -step overflows for the smallest int64.
  const __int128 distance = step < 0 ? __int128{start} - stop : __int128{stop} - start;
  const __int128 stride = step < 0 ? -__int128{step} : __int128{step};
  const auto count = distance > 0 ? (distance - 1) / stride + 1 : 0;
  return {start, step, static_cast<std::int64_t>(count), false};
}

/// @brief A view's indices resolved against a shape: one pick per axis of the source, and per
/// axis of the result the source axis it comes from (-1 for a new axis).
struct ViewPlan {
  std::vector<AxisPick> picks;
  std::vector<int> out_axes;
  Shape out_shape;

  /// @brief Whether the view is the whole source unchanged (x[...], x[:, :]).
  bool is_identity(const Shape& shape) const {
    if (out_shape != shape) return false;
    for (std::size_t a = 0; a < picks.size(); ++a) {
      if (picks[a].integer || picks[a].start != 0 || picks[a].step != 1) return false;
      if (out_axes[a] != static_cast<int>(a)) return false;
    }
    return true;
  }
};

/// @brief Checks `indices` against `shape` and resolves them, as NumPy's basic indexing.
inline ViewPlan plan_view(std::string_view fn, const Shape& shape, std::span<const Index> indices) {
  const auto ndim = shape.size();
  const auto argument = [](std::size_t k) { return "index[" + std::to_string(k) + "]"; };
  std::size_t indexing = 0;  // indices that consume an axis: integers and slices
  std::optional<std::size_t> ellipsis_at;
  for (std::size_t k = 0; k < indices.size(); ++k) {
    if (std::holds_alternative<ellipsis_t>(indices[k])) {
      if (ellipsis_at) {
        invalid(fn, argument(k), "Ellipsis",
                "is a second ellipsis: an index can only have a single ellipsis (index[" +
                    std::to_string(*ellipsis_at) + "] is one)");
      }
      ellipsis_at = k;
    } else if (!std::holds_alternative<newaxis_t>(indices[k])) {
      ++indexing;
    }
  }
  if (indexing > ndim) {
    invalid(fn, "number of indices", indexing,
            "is more than the " + std::to_string(ndim) +
                " axes of the array (newaxis and ellipsis not counted)");
  }
  ViewPlan plan;
  std::size_t axis = 0;
  auto take_axis = [&](AxisPick pick) {
    if (!pick.integer) {
      plan.out_axes.push_back(static_cast<int>(axis));
      plan.out_shape.push_back(pick.count);
    }
    plan.picks.push_back(pick);
    ++axis;
  };
  auto whole_axis = [&] { take_axis({0, 1, shape[axis], false}); };
  for (std::size_t k = 0; k < indices.size(); ++k) {
    const auto& index = indices[k];
    if (const auto* i = std::get_if<std::int64_t>(&index)) {
      const auto length = shape[axis];
      if (*i < -length || *i >= length) {
        invalid(fn, argument(k), *i,
                "is out of bounds for axis " + std::to_string(axis) + " with size " +
                    std::to_string(length));
      }
      take_axis({*i < 0 ? *i + length : *i, 1, 1, true});
    } else if (const auto* s = std::get_if<slice>(&index)) {
      if (s->step == 0) invalid(fn, argument(k), index_string(index), "has a step of zero");
      take_axis(pick_slice(*s, shape[axis]));
    } else if (std::holds_alternative<newaxis_t>(index)) {
      plan.out_axes.push_back(-1);
      plan.out_shape.push_back(1);
    } else {
      for (auto n = ndim - indexing; n > 0; --n) whole_axis();
    }
  }
  while (axis < ndim) whole_axis();  // fewer indices than axes: the rest are `:`
  return plan;
}

}  // namespace detail

}  // namespace dagarray
