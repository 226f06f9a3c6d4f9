#include <dagarray/core/token.hpp>

#include <cstring>

namespace dagarray::core {

namespace {

constexpr std::uint64_t mix(std::uint64_t z) {
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

}  // namespace

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
    _state = mix(_state ^ word) + 0x9e3779b97f4a7c15ULL;
  }
  std::uint64_t tail = bytes.size() - i;
  for (std::size_t k = 0; i + k < bytes.size(); ++k) {
    tail ^= static_cast<std::uint64_t>(bytes[i + k]) << (8 * (k + 1));
  }
  _state = mix(_state ^ tail) + 0x9e3779b97f4a7c15ULL;
  return *this;
}

std::uint64_t Tokenizer::digest() const {
  return mix(_state);
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
