#pragma once
// The reductions, one small struct each: what an element contributes (`map`), how two partial
// results combine, and the accumulator type. A lazy reduction maps and combines within each
// block, then combines partial results up a tree; the eager one does the same over one block.

#include <dagarray/array/promotion.hpp>
#include <dagarray/array/wrapping.hpp>

#include <cstdint>
#include <functional>
#include <type_traits>

namespace dagarray::detail {

struct SumReduce {
  static constexpr const char* name = "sum";
  static constexpr bool has_identity = true;
  template <class T>
  using acc = sum_t<T>;
  template <class T>
  static constexpr acc<T> map(T x) {
    return static_cast<acc<T>>(x);
  }
  template <class Acc>
  static constexpr Acc identity() {
    return Acc(0);
  }
  template <class Acc>
  static constexpr Acc combine(Acc a, Acc b) {
    return wrapping(a, b, std::plus<>{});
  }
};

struct CountNonzeroReduce {
  static constexpr const char* name = "count_nonzero";
  static constexpr bool has_identity = true;
  template <class T>
  using acc = std::int64_t;
  template <class T>
  static constexpr std::int64_t map(T x) {
    return x != T(0) ? 1 : 0;
  }
  template <class Acc>
  static constexpr Acc identity() {
    return Acc(0);
  }
  template <class Acc>
  static constexpr Acc combine(Acc a, Acc b) {
    return a + b;
  }
};

/// min and max: `Better(b, a)` says b replaces a. NaN wins, as in NumPy; written as selects so
/// the loops still vectorise.
template <class Better>
struct Extremum {
  static constexpr bool has_identity = false;
  template <class T>
  using acc = T;
  template <class T>
  static constexpr T map(T x) {
    return x;
  }
  template <class Acc>
  static constexpr Acc combine(Acc a, Acc b) {
    if constexpr (std::is_floating_point_v<Acc>) {
      return (Better{}(b, a) || b != b) ? b : a;
    } else {
      return Better{}(b, a) ? b : a;
    }
  }
};

struct MinReduce : Extremum<std::less<>> {
  static constexpr const char* name = "min";
};
struct MaxReduce : Extremum<std::greater<>> {
  static constexpr const char* name = "max";
};

}  // namespace dagarray::detail
