#pragma once
// The scans, one small struct each: the name shown in graphs and keys, the result type and how
// a running total takes the next element. A scan is NumPy's `accumulate` of a binary ufunc, so
// the step is the elementwise operation's own `apply` (which wraps int64 as NumPy does).

#include <dagarray/array/ops.hpp>
#include <dagarray/array/promotion.hpp>

namespace dagarray::detail {

/// cumsum and cumprod accumulate in sum_t, as numpy.add.accumulate and multiply.accumulate do
/// for cumsum and cumprod: bool and int64 give int64, float types stay as they are.
template <class Step>
struct Scan {
  template <Element T>
  using result = sum_t<T>;
  template <class R>
  static constexpr R combine(R total, R next) {
    return Step::apply(total, next);
  }
};

struct CumsumScan : Scan<Add> {
  static constexpr const char* name = "cumsum";
};

struct CumprodScan : Scan<Multiply> {
  static constexpr const char* name = "cumprod";
};

}  // namespace dagarray::detail
