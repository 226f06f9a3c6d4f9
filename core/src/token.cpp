#include <dagarray/core/splitmix.hpp>
#include <dagarray/core/token.hpp>

#include <cstring>

namespace dagarray::core {

Tokenizer& Tokenizer::add(std::string_view text) {
  add(static_cast<std::uint64_t>(text.size()));
  return add_bytes(std::as_bytes(std::span(text.data(), text.size())));
}

Tokenizer& Tokenizer::add_bytes(std::span<const std::byte> bytes) {
  // Eight bytes at a time, so hashing a large array for from_ndarray stays fast.
  std::size_t i = 0;
  for (; i + 8 <= bytes.size(); i += 8) {
    std::uint64_t word;
    std::memcpy(&word, bytes.data() + i, 8);
    _state = splitmix64(_state ^ word) + kGolden;
  }
  std::uint64_t tail = bytes.size() - i;
  for (std::size_t k = 0; i + k < bytes.size(); ++k) {
    tail ^= static_cast<std::uint64_t>(bytes[i + k]) << (8 * (k + 1));
  }
  _state = splitmix64(_state ^ tail) + kGolden;
  return *this;
}

std::uint64_t Tokenizer::digest() const {
  return splitmix64(_state);
}

std::string Tokenizer::name(std::string_view prefix) const {
  static constexpr char hex[] = "0123456789abcdef";
  std::string out(prefix);
  out += '-';
  const auto d = digest();
  for (int shift = 60; shift >= 0; shift -= 4) out += hex[(d >> shift) & 0xf];
  return out;
}

}  // namespace dagarray::core
