#pragma once
// Signed overflow is undefined in C++ but wraps in NumPy: the one place integer arithmetic is
// done unsigned, for elementwise operations and reductions alike.

#include <cstdint>
#include <type_traits>

namespace dagarray::detail {

/// @brief f(a, b) for arithmetic f (std::plus<>, std::minus<>, std::multiplies<>), wrapping for
/// int64 as NumPy does; other types compute as they are.
template <class C, class F>
constexpr C wrapping(C a, C b, F f) {
  if constexpr (std::is_same_v<C, std::int64_t>) {
    return static_cast<C>(f(static_cast<std::uint64_t>(a), static_cast<std::uint64_t>(b)));
  } else {
    return f(a, b);
  }
}

}  // namespace dagarray::detail
