#pragma once
// Deterministic names for layers, as Dask's tokenize: the same expression gets the same name
// on every run and machine, so a sub-expression built twice is computed once.

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>

namespace dagarray::core {

/// @brief Accumulates the parts of an expression into a 64-bit hash and names it.
///
/// @code{.cpp}
/// Tokenizer t;
/// t.add("square").add(input_name);
/// std::string name = t.name("square");   // "square-3f0c9a1b2d4e5f60"
/// @endcode
class Tokenizer {
 public:
  Tokenizer& add(std::string_view text);
  Tokenizer& add_bytes(std::span<const std::byte> bytes);

  template <class T>
  requires std::is_arithmetic_v<T> Tokenizer& add(T value) {
    // NaN has many bit patterns that all behave alike: one name for them. (-0.0 keeps its
    // own bits: 1 / -0.0 is -inf, so it is not the same value as 0.0.)
    if constexpr (std::is_floating_point_v<T>) {
      if (value != value) return add(std::string_view("nan"));
    }
    return add_bytes(std::as_bytes(std::span<const T, 1>(&value, 1)));
  }

  template <class T>
  requires std::is_arithmetic_v<T> Tokenizer& add(std::span<const T> values) {
    add(static_cast<std::uint64_t>(values.size()));
    for (auto v : values) add(v);
    return *this;
  }

  std::uint64_t digest() const;

  /// @brief `prefix-<16 hex digits>`.
  std::string name(std::string_view prefix) const;

 private:
  std::uint64_t _state = 0x6a09e667f3bcc909ULL;
};

}  // namespace dagarray::core
