// Fuzz target: the CLI's integer parser (`--n 1e8`, `2.5e7`). Any text must give ok,
// not_an_integer or too_large, never crash; an ok value of plain digits must equal what
// std::from_chars reads, and an ok value with an exponent must be exact: value / 10^k parsed
// back from its own decimal form gives the same value.

#include "integer_option.hpp"

#include <charconv>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

namespace cli = dagarray::cli;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  std::uint64_t value = 0;
  const auto result = cli::parse_integer(text, value);
  if (result != cli::IntegerParse::ok) return 0;
  if (!text.empty() && text.find_first_not_of("0123456789") == std::string_view::npos) {
    std::uint64_t expected = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), expected);
    if (error != std::errc() || end != text.data() + text.size() || expected != value) {
      std::abort();
    }
  }
  // Its plain decimal form must read back as itself.
  const auto decimal = std::to_string(value);
  std::uint64_t again = 0;
  if (cli::parse_integer(decimal, again) != cli::IntegerParse::ok || again != value) std::abort();
  return 0;
}
