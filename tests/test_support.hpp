#pragma once
// Helpers shared by the test files: sample arrays, chunkings to try, comparisons that report the
// first differing element, and a plain-loop reference reduction.

#include <dagarray/dagarray.hpp>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <functional>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

namespace da = dagarray;

namespace test {

using da::core::Shape;

/// A shape and the chunk size per axis to split it with.
struct Chunking {
  Shape shape;
  Shape chunks;
};

/// Even and uneven chunkings of ranks 0 to 4, single blocks and one-element blocks.
inline const std::vector<Chunking>& chunkings() {
  static const std::vector<Chunking> all = {
      {{7, 5}, {3, 2}},
      {{7, 5}, {7, 5}},
      {{6, 4}, {3, 2}},
      {{10}, {3}},
      {{10}, {1}},
      {{10}, {10}},
      {{2, 3, 4}, {1, 2, 3}},
      {{}, {}},
      {{2, 1, 3, 2}, {1, 1, 2, 1}},
  };
  return all;
}

/// Small integer-valued elements (so float sums are exact) with negatives, zeros and repeats;
/// `salt` varies the pattern. bool: true where the integer is positive.
template <da::Element T>
da::NDArray<T> sample(const Shape& shape, int salt = 0) {
  da::NDArray<T> out(shape);
  // A step that is a multiple of 11 (salt 2, 13, ...) would make every element the same.
  const std::int64_t step = (7 + 2 * salt) % 11 == 0 ? 9 + 2 * salt : 7 + 2 * salt;
  for (std::int64_t i = 0; i < out.size(); ++i) {
    const auto v = (i * step + 3 * salt) % 11 - 5;
    if constexpr (std::is_same_v<T, bool>) {
      out.data()[i] = v > 0;
    } else {
      out.data()[i] = static_cast<T>(v);
    }
  }
  return out;
}

/// True when both are the same value: any NaN equals any NaN, and 0.0 differs from -0.0 (their
/// reciprocals differ), as NumPy's results do.
template <class T>
bool same_value(T a, T b) {
  if constexpr (std::is_floating_point_v<T>) {
    if (std::isnan(a) || std::isnan(b)) return std::isnan(a) && std::isnan(b);
    return a == b && std::signbit(a) == std::signbit(b);
  }
  return a == b;
}

/// "" when the arrays have the same shape and elements; otherwise what differs first.
template <da::Element T>
std::string difference(const da::NDArray<T>& actual, const da::NDArray<T>& expected) {
  if (actual.shape() != expected.shape()) {
    return "shape " + da::detail::to_string(actual.shape()) +
           " != " + da::detail::to_string(expected.shape());
  }
  for (std::int64_t i = 0; i < actual.size(); ++i) {
    if (!same_value(actual.data()[i], expected.data()[i])) {
      return "element " + std::to_string(i) + ": " + std::to_string(actual.data()[i]) +
             " != " + std::to_string(expected.data()[i]);
    }
  }
  return "";
}

/// Bitwise equality of shapes and element bytes.
template <da::Element T>
bool bitwise_equal(const da::NDArray<T>& a, const da::NDArray<T>& b) {
  return a.shape() == b.shape() && std::memcmp(a.data(), b.data(), a.nbytes()) == 0;
}

/// An array whose elements are f(i) for flat index i.
template <da::Element T, class F>
da::NDArray<T> generate(const Shape& shape, F f) {
  da::NDArray<T> out(shape);
  for (std::int64_t i = 0; i < out.size(); ++i) out.data()[i] = static_cast<T>(f(i));
  return out;
}

/// Plain-loop reduction of `a` over `axis` (or everything): each output element starts as
/// `first(x)` of its first input element and takes `step(acc, x)` for the rest; an output
/// with no input elements is `empty`.
template <class Acc, da::Element T, class First, class Step>
da::NDArray<Acc> reduce_loop(const da::NDArray<T>& a, std::optional<int> axis, Acc empty,
                             First first, Step step) {
  const auto ndim = static_cast<int>(a.ndim());
  Shape out_shape;
  std::optional<std::size_t> ax;
  if (axis) {
    ax = static_cast<std::size_t>(*axis < 0 ? *axis + ndim : *axis);
    out_shape = a.shape();
    out_shape.erase(out_shape.begin() + static_cast<std::ptrdiff_t>(*ax));
  }
  da::NDArray<Acc> out(out_shape);
  std::vector<bool> seen(static_cast<std::size_t>(out.size()), false);
  for (std::int64_t i = 0; i < a.size(); ++i) {
    // Unravel i, drop the reduced axis, ravel into the output.
    std::int64_t rest = i, o = 0, scale = 1;
    for (int d = ndim - 1; d >= 0; --d) {
      const auto extent = a.shape()[static_cast<std::size_t>(d)];
      const auto idx = rest % extent;
      rest /= extent;
      if (!ax || static_cast<std::size_t>(d) == *ax) continue;
      o += idx * scale;
      scale *= extent;
    }
    if (!ax) o = 0;
    const T x = a.data()[i];
    auto& slot = out.data()[o];
    slot = seen[static_cast<std::size_t>(o)] ? step(slot, x) : first(x);
    seen[static_cast<std::size_t>(o)] = true;
  }
  for (std::int64_t o = 0; o < out.size(); ++o) {
    if (!seen[static_cast<std::size_t>(o)]) out.data()[o] = empty;
  }
  return out;
}

/// An operand as a lazy array in the chunks of `c` (a 0-d one in none); a scalar as it is.
template <class V>
auto lazy_of(const V& v, const Chunking& c) {
  if constexpr (da::detail::is_eager<V>) {
    return da::from_ndarray(v, v.ndim() == 0 ? Shape{} : c.chunks);
  } else {
    return v;
  }
}

/// Element i of an operand (its one element if 0-d); a scalar as it is.
template <class V>
auto element(const V& v, std::int64_t i) {
  if constexpr (da::detail::is_eager<V>) {
    return v.data()[v.ndim() == 0 ? 0 : i];
  } else {
    return v;
  }
}

/// Options for every scheduler configuration worth comparing.
inline const std::vector<da::ComputeOptions>& all_options() {
  static const std::vector<da::ComputeOptions> all = {
      {.scheduler = da::Scheduler::sync},
      {.scheduler = da::Scheduler::threads, .num_threads = 1},
      {.scheduler = da::Scheduler::threads, .num_threads = 2},
      {.scheduler = da::Scheduler::threads, .num_threads = 4},
      {.scheduler = da::Scheduler::threads, .num_threads = 0},
      {.scheduler = da::Scheduler::sync, .optimize = false},
      {.scheduler = da::Scheduler::threads, .num_threads = 2, .optimize = false},
  };
  return all;
}

inline std::string describe(const da::ComputeOptions& o) {
  return (o.scheduler == da::Scheduler::sync ? std::string("sync")
                                             : "threads x" + std::to_string(o.num_threads)) +
         (o.optimize ? "" : ", unoptimised");
}

inline std::string describe(const Chunking& c) {
  return "shape " + da::detail::to_string(c.shape) + " chunks " + da::detail::to_string(c.chunks);
}

}  // namespace test
