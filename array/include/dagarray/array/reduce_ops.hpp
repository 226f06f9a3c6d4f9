#pragma once
// The reductions, one small struct each. Every one is an instance of one generic reduction:
//   state<T>         a partial result; identity<T>() is the state of no elements
//   map(x)           what one element contributes
//   combine(a, b)    two partial results merged, a's elements coming before b's
//   finish(s, info)  the result from a complete state (a plain cast when the op has none)
// An op that knows a better loop than map-and-combine gives its own `run` (a contiguous run of
// elements) or `rows` (rows of contiguous columns): count_nonzero's popcount of bools, var's
// Welford lanes, argmin's scan with indices. A state of several fields (var's count, mean and
// M2; argmin's value and index) is kept in buffers as `fields` planes of one `field` type, so a
// partial result is a plain array that could cross a process boundary.

#include <dagarray/array/promotion.hpp>
#include <dagarray/array/wrapping.hpp>

#include <bit>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <functional>
#include <limits>
#include <type_traits>

namespace dagarray::detail {

/// @brief What finish may need: the elements each result reduced, and var's ddof.
struct FinishInfo {
  std::int64_t count;
  int ddof;
};

/// @brief The contiguous loop of a reduction: 16 independent accumulators, which the compiler
/// keeps in vector registers without reassociating anything, so the order is fixed and a run
/// gives the same result every time.
template <class S, class T, class Map, class Combine>
S fold_lanes(const T* x, std::int64_t n, S init, Map map, Combine combine) {
  constexpr int kLanes = 16;
  S lanes[kLanes];
  for (auto& lane : lanes) lane = init;
  std::int64_t i = 0;
  for (; i + kLanes <= n; i += kLanes) {
    for (int k = 0; k < kLanes; ++k) lanes[k] = combine(lanes[k], map(x[i + k]));
  }
  for (int width = kLanes / 2; width > 0; width /= 2) {
    for (int k = 0; k < width; ++k) lanes[k] = combine(lanes[k], lanes[k + width]);
  }
  for (; i < n; ++i) lanes[0] = combine(lanes[0], map(x[i]));
  return lanes[0];
}

template <class T>
constexpr bool is_nan_element(T x) {
  if constexpr (std::is_floating_point_v<T>) {
    return x != x;
  } else {
    return false;
  }
}

/// @brief The value every element beats: +inf for a minimum of floats, the largest int64...
template <class Better, class T>
constexpr T worst_for() {
  constexpr bool low_wins = std::is_same_v<Better, std::less<>>;
  if constexpr (std::is_floating_point_v<T>) {
    return low_wins ? std::numeric_limits<T>::infinity() : -std::numeric_limits<T>::infinity();
  } else {
    return low_wins ? std::numeric_limits<T>::max() : std::numeric_limits<T>::lowest();
  }
}

// ---- sums and counts ---------------------------------------------------------------------

/// Floats accumulate in float64 (a float32 sum of 2^25 ones is 2^25) and return their own
/// type; bool and int64 accumulate in int64, wrapping as NumPy's.
template <class T>
using sum_state_t = std::conditional_t<std::is_floating_point_v<T>, double, std::int64_t>;

/// sum, and nansum, which counts a NaN as zero.
template <bool SkipNaN>
struct Summation {
  static constexpr bool needs_elements = false;
  template <class T>
  using state = sum_state_t<T>;
  template <class T>
  using result = sum_t<T>;
  template <class T>
  static constexpr state<T> identity() {
    return state<T>(0);  // as NumPy's: a sum of -0.0 is 0.0
  }
  template <class T>
  static constexpr state<T> map(T x) {
    if constexpr (SkipNaN) {
      if (is_nan_element(x)) return state<T>(0);
    }
    return static_cast<state<T>>(x);
  }
  template <class S>
  static constexpr S combine(S a, S b) {
    return wrapping(a, b, std::plus<>{});
  }
};

struct SumReduce : Summation<false> {
  static constexpr const char* name = "sum";
};
struct NanSumReduce : Summation<true> {
  static constexpr const char* name = "nansum";
};

/// prod accumulates in its result type, as NumPy's; int64 wraps.
struct ProdReduce {
  static constexpr const char* name = "prod";
  static constexpr bool needs_elements = false;
  template <class T>
  using state = sum_t<T>;
  template <class T>
  using result = sum_t<T>;
  template <class T>
  static constexpr state<T> identity() {
    return state<T>(1);
  }
  template <class T>
  static constexpr state<T> map(T x) {
    return static_cast<state<T>>(x);
  }
  template <class S>
  static constexpr S combine(S a, S b) {
    return wrapping(a, b, std::multiplies<>{});
  }
};

struct CountNonzeroReduce {
  static constexpr const char* name = "count_nonzero";
  static constexpr bool needs_elements = false;
  template <class T>
  using state = std::int64_t;
  template <class T>
  using result = std::int64_t;
  template <class T>
  static constexpr std::int64_t identity() {
    return 0;
  }
  template <class T>
  static constexpr std::int64_t map(T x) {
    return x != T(0) ? 1 : 0;
  }
  template <class S>
  static constexpr S combine(S a, S b) {
    return a + b;
  }
  template <class T>
  static std::int64_t run(const T* x, std::int64_t n, std::int64_t) {
    if constexpr (std::is_same_v<T, bool>) {
      // A bool is a byte holding 0 or 1, so in eight bools read as one word the set bits are
      // the trues: one popcount per eight elements.
      std::int64_t total = 0, i = 0;
      for (; i + 8 <= n; i += 8) {
        std::uint64_t word;
        std::memcpy(&word, x + i, sizeof word);
        total += std::popcount(word);
      }
      for (; i < n; ++i) total += x[i];
      return total;
    } else {
      return fold_lanes(x, n, std::int64_t{0}, map<T>, combine<std::int64_t>);
    }
  }
};

/// any and all: whether some or every element is non-zero; bool.
template <bool Any>
struct Logic {
  static constexpr bool needs_elements = false;
  template <class T>
  using state = bool;
  template <class T>
  using result = bool;
  template <class T>
  static constexpr bool identity() {
    return !Any;
  }
  template <class T>
  static constexpr bool map(T x) {
    return x != T(0);
  }
  template <class S>
  static constexpr S combine(S a, S b) {
    return Any ? (a | b) : (a & b);
  }
};

struct AnyReduce : Logic<true> {
  static constexpr const char* name = "any";
};
struct AllReduce : Logic<false> {
  static constexpr const char* name = "all";
};

// ---- extremes ----------------------------------------------------------------------------

/// min and max, where NaN wins as in NumPy; nanmin and nanmax, where NaN loses (an all-NaN
/// slice gives NaN, as NumPy's). `Better(b, a)` says b replaces a; written as selects so the
/// loops still vectorise. An empty reduction is an error: there is no identity to return.
template <class Better, bool SkipNaN>
struct ExtremumReduce {
  static constexpr bool needs_elements = true;
  template <class T>
  using state = T;
  template <class T>
  using result = T;
  template <class T>
  static constexpr T identity() {
    if constexpr (SkipNaN && std::is_floating_point_v<T>) {
      return std::numeric_limits<T>::quiet_NaN();
    } else {
      return worst_for<Better, T>();
    }
  }
  template <class T>
  static constexpr T map(T x) {
    return x;
  }
  template <class S>
  static constexpr S combine(S a, S b) {
    if constexpr (!std::is_floating_point_v<S>) {
      return Better{}(b, a) ? b : a;
    } else if constexpr (SkipNaN) {
      return (Better{}(b, a) || a != a) ? b : a;
    } else {
      return (Better{}(b, a) || b != b) ? b : a;
    }
  }
};

struct MinReduce : ExtremumReduce<std::less<>, false> {
  static constexpr const char* name = "min";
};
struct MaxReduce : ExtremumReduce<std::greater<>, false> {
  static constexpr const char* name = "max";
};
struct NanMinReduce : ExtremumReduce<std::less<>, true> {
  static constexpr const char* name = "nanmin";
};
struct NanMaxReduce : ExtremumReduce<std::greater<>, true> {
  static constexpr const char* name = "nanmax";
};

// ---- means and variances -----------------------------------------------------------------

/// mean: the float64 sum divided by the count (NaN when empty); float64 for int64 and bool.
struct MeanReduce {
  static constexpr const char* name = "mean";
  static constexpr bool needs_elements = false;
  template <class T>
  using state = double;
  template <class T>
  using result = float_result_t<T>;
  template <class T>
  static constexpr double identity() {
    return 0.0;
  }
  template <class T>
  static constexpr double map(T x) {
    return static_cast<double>(x);
  }
  template <class S>
  static constexpr S combine(S a, S b) {
    return a + b;
  }
  template <class T>
  static result<T> finish(double sum, const FinishInfo& info) {
    return static_cast<result<T>>(sum / static_cast<double>(info.count));
  }
};

/// nanmean: the sum and the count of the elements that are not NaN.
struct NanMeanReduce {
  static constexpr const char* name = "nanmean";
  static constexpr bool needs_elements = false;
  struct SumCount {
    double sum, count;
  };
  template <class T>
  using state = SumCount;
  template <class T>
  using result = float_result_t<T>;
  template <class T>
  using field = double;
  static constexpr int fields = 2;
  template <class T>
  static SumCount load(const double* p, std::int64_t plane) {
    return {p[0], p[plane]};
  }
  static void store(double* p, std::int64_t plane, SumCount s) {
    p[0] = s.sum;
    p[plane] = s.count;
  }
  template <class T>
  static constexpr SumCount identity() {
    return {0.0, 0.0};
  }
  template <class T>
  static constexpr SumCount map(T x) {
    return is_nan_element(x) ? SumCount{0.0, 0.0} : SumCount{static_cast<double>(x), 1.0};
  }
  static constexpr SumCount combine(SumCount a, SumCount b) {
    return {a.sum + b.sum, a.count + b.count};
  }
  template <class T>
  static result<T> finish(SumCount s, const FinishInfo&) {
    return static_cast<result<T>>(s.sum / s.count);
  }
};

/// var and stddev. A state is (count, mean, M2 = the sum of squared deviations from the mean):
/// within a run by Welford's update, between partial results by Chan's parallel formula, never
/// as a sum of squares minus a squared sum, which loses every digit when the mean is large.
/// Divides by max(count - ddof, 0), as NumPy's (so ddof >= count gives inf or NaN).
template <bool Root>
struct MomentsReduce {
  static constexpr bool needs_elements = false;
  static constexpr bool reads_ddof = true;
  struct Moments {
    double count, mean, m2;
  };
  template <class T>
  using state = Moments;
  template <class T>
  using result = float_result_t<T>;
  template <class T>
  using field = double;
  static constexpr int fields = 3;
  template <class T>
  static Moments load(const double* p, std::int64_t plane) {
    return {p[0], p[plane], p[2 * plane]};
  }
  static void store(double* p, std::int64_t plane, Moments s) {
    p[0] = s.count;
    p[plane] = s.mean;
    p[2 * plane] = s.m2;
  }
  template <class T>
  static constexpr Moments identity() {
    return {0.0, 0.0, 0.0};
  }
  template <class T>
  static constexpr Moments map(T x) {
    // v - v: 0, but NaN for NaN and inf, whose variance is NaN as in NumPy.
    const auto v = static_cast<double>(x);
    return {1.0, v, v - v};
  }
  static Moments combine(Moments a, Moments b) {
    if (b.count == 0) return a;
    if (a.count == 0) return b;
    const double count = a.count + b.count;
    const double delta = b.mean - a.mean;
    return {count, a.mean + delta * (b.count / count),
            a.m2 + b.m2 + delta * delta * (a.count * b.count / count)};
  }
  template <class T>
  static result<T> finish(Moments s, const FinishInfo& info) {
    const double var = s.m2 / std::max(s.count - static_cast<double>(info.ddof), 0.0);
    return static_cast<result<T>>(Root ? std::sqrt(var) : var);
  }

  /// Welford's update in 16 lanes at once: every lane has seen the same number of elements,
  /// so one reciprocal serves them all and the loop vectorises. The elements are shifted by the
  /// first one (M2 does not change): near a huge mean the differences are small and exact, so
  /// the running means keep every digit of the noise.
  template <class T>
  static Moments run(const T* x, std::int64_t n, std::int64_t) {
    if (n == 0) return identity<T>();
    constexpr int kLanes = 16;
    const double shift = static_cast<double>(x[0]);
    double mean[kLanes] = {}, m2[kLanes] = {};
    const std::int64_t groups = n / kLanes;
    for (std::int64_t g = 0; g < groups; ++g) {
      const double inv = 1.0 / static_cast<double>(g + 1);
      const T* row = x + g * kLanes;
      for (int k = 0; k < kLanes; ++k) {
        const double v = static_cast<double>(row[k]) - shift;
        const double delta = v - mean[k];
        mean[k] += delta * inv;
        m2[k] += delta * (v - mean[k]);
      }
    }
    Moments lanes[kLanes];
    for (int k = 0; k < kLanes; ++k) lanes[k] = {static_cast<double>(groups), mean[k], m2[k]};
    for (int width = kLanes / 2; width > 0; width /= 2) {
      for (int k = 0; k < width; ++k) lanes[k] = combine(lanes[k], lanes[k + width]);
    }
    for (std::int64_t i = groups * kLanes; i < n; ++i) {
      lanes[0] = combine(lanes[0], map(static_cast<double>(x[i]) - shift));
    }
    lanes[0].mean += shift;
    return lanes[0];
  }

  /// Rows of contiguous columns: Welford down each column (shifted by its first element, as
  /// in run), a block of columns at a time so the running means stay in cache, then merged
  /// into `acc` by Chan's formula.
  template <class T>
  static void rows(const T* x, std::int64_t rows, std::int64_t stride, std::int64_t width,
                   double* acc, std::int64_t plane, std::int64_t) {
    constexpr std::int64_t kColumns = 256;
    double shift[kColumns], mean[kColumns], m2[kColumns];
    for (std::int64_t j0 = 0; j0 < width; j0 += kColumns) {
      const auto w = std::min(kColumns, width - j0);
      for (std::int64_t j = 0; j < w; ++j) {
        shift[j] = static_cast<double>(x[j0 + j]);
        mean[j] = 0.0;
        m2[j] = shift[j] - shift[j];  // NaN for NaN and inf, as in map
      }
      for (std::int64_t r = 1; r < rows; ++r) {
        const double inv = 1.0 / static_cast<double>(r + 1);
        const T* row = x + r * stride + j0;
        for (std::int64_t j = 0; j < w; ++j) {
          const double v = static_cast<double>(row[j]) - shift[j];
          const double delta = v - mean[j];
          mean[j] += delta * inv;
          m2[j] += delta * (v - mean[j]);
        }
      }
      for (std::int64_t j = 0; j < w; ++j) {
        double* at = acc + j0 + j;
        const Moments column{static_cast<double>(rows), shift[j] + mean[j], m2[j]};
        store(at, plane, combine(load<T>(at, plane), column));
      }
    }
  }
};

struct VarReduce : MomentsReduce<false> {
  static constexpr const char* name = "var";
};
struct StddevReduce : MomentsReduce<true> {
  static constexpr const char* name = "stddev";
};

// ---- argmin and argmax -------------------------------------------------------------------

/// argmin and argmax: the index of the first extreme element, a NaN counting as the extreme,
/// as NumPy's. A state is (value, index); kept in buffers as two int64 planes, the value's bits
/// and the index. Runs and rows are told the index of their first element (`base`); the
/// elements of a run, and the rows, follow with index steps of 1.
template <class Better>
struct ArgReduce {
  static constexpr bool needs_elements = true;
  static constexpr bool uses_index = true;
  static constexpr std::int64_t kNoIndex = std::numeric_limits<std::int64_t>::max();
  template <class T>
  struct Arg {
    T value;
    std::int64_t index;
  };
  template <class T>
  using state = Arg<T>;
  template <class T>
  using result = std::int64_t;
  template <class T>
  using field = std::int64_t;
  static constexpr int fields = 2;

  template <class T>
  static std::int64_t bits(T value) {
    if constexpr (std::is_same_v<T, double>) return std::bit_cast<std::int64_t>(value);
    if constexpr (std::is_same_v<T, float>) return std::bit_cast<std::int32_t>(value);
    if constexpr (!std::is_floating_point_v<T>) return static_cast<std::int64_t>(value);
  }
  template <class T>
  static T from_bits(std::int64_t bits) {
    if constexpr (std::is_same_v<T, double>) return std::bit_cast<double>(bits);
    if constexpr (std::is_same_v<T, float>) {
      return std::bit_cast<float>(static_cast<std::int32_t>(bits));
    }
    if constexpr (!std::is_floating_point_v<T>) return static_cast<T>(bits);
  }
  template <class T>
  static Arg<T> load(const std::int64_t* p, std::int64_t plane) {
    return {from_bits<T>(p[0]), p[plane]};
  }
  template <class T>
  static void store(std::int64_t* p, std::int64_t plane, Arg<T> s) {
    p[0] = bits(s.value);
    p[plane] = s.index;
  }

  template <class T>
  static constexpr Arg<T> identity() {
    return {worst_for<Better, T>(), kNoIndex};
  }
  /// Whether `b` (the later element) replaces the current extreme `a`.
  template <class T>
  static constexpr bool beats(T b, T a) {
    return Better{}(b, a) || (is_nan_element(b) && !is_nan_element(a));
  }
  template <class T>
  static constexpr Arg<T> combine(Arg<T> a, Arg<T> b) {
    if (beats(b.value, a.value)) return b;
    if (beats(a.value, b.value)) return a;
    return b.index < a.index ? b : a;  // equal values or two NaNs: the first occurrence
  }
  template <class T>
  static std::int64_t finish(Arg<T> s, const FinishInfo&) {
    return s.index;
  }

  template <class T>
  static Arg<T> run(const T* x, std::int64_t n, std::int64_t base) {
    if (n == 0) return identity<T>();
    Arg<T> best{x[0], base};
    for (std::int64_t i = 1; i < n && !is_nan_element(best.value); ++i) {
      if (beats(x[i], best.value)) best = {x[i], base + i};
    }
    return best;
  }

  template <class T>
  static void rows(const T* x, std::int64_t rows, std::int64_t stride, std::int64_t width,
                   std::int64_t* acc, std::int64_t plane, std::int64_t base) {
    for (std::int64_t r = 0; r < rows; ++r) {
      const T* row = x + r * stride;
      for (std::int64_t j = 0; j < width; ++j) {
        const Arg<T> best = load<T>(acc + j, plane);
        if (best.index == kNoIndex || beats(row[j], best.value)) {
          store(acc + j, plane, Arg<T>{row[j], base + r});
        }
      }
    }
  }
};

struct ArgminReduce : ArgReduce<std::less<>> {
  static constexpr const char* name = "argmin";
};
struct ArgmaxReduce : ArgReduce<std::greater<>> {
  static constexpr const char* name = "argmax";
};

}  // namespace dagarray::detail
