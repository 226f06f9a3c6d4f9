#include "integer_option.hpp"

#include <algorithm>
#include <limits>
#include <string>

namespace dagarray::cli {

IntegerParse parse_integer(std::string_view text, std::uint64_t& value) {
  // The number is digits * 10^exponent, digits holding the integer and fraction parts.
  std::string digits;
  std::int64_t exponent = 0;
  std::size_t at = 0;
  const auto is_digit = [&] { return at < text.size() && text[at] >= '0' && text[at] <= '9'; };
  for (; is_digit(); ++at) digits += text[at];
  if (at < text.size() && text[at] == '.') {
    for (++at; is_digit(); ++at, --exponent) digits += text[at];
  }
  if (digits.empty()) return IntegerParse::not_an_integer;
  if (at < text.size() && (text[at] == 'e' || text[at] == 'E')) {
    ++at;
    const bool negative = at < text.size() && text[at] == '-';
    if (at < text.size() && (text[at] == '-' || text[at] == '+')) ++at;
    if (!is_digit()) return IntegerParse::not_an_integer;
    // Saturates: any exponent this large already decides the answer.
    std::int64_t power = 0;
    for (; is_digit(); ++at) power = std::min<std::int64_t>(power * 10 + (text[at] - '0'), 1 << 20);
    exponent += negative ? -power : power;
  }
  if (at != text.size()) return IntegerParse::not_an_integer;

  digits.erase(0, std::min(digits.find_first_not_of('0'), digits.size()));
  if (digits.empty()) {
    value = 0;
    return IntegerParse::ok;
  }
  for (; digits.back() == '0'; ++exponent) digits.pop_back();
  if (exponent < 0) return IntegerParse::not_an_integer;  // a non-zero fraction remains
  if (static_cast<std::int64_t>(digits.size()) + exponent > 20) return IntegerParse::too_large;

  constexpr auto kMax = std::numeric_limits<std::uint64_t>::max();
  std::uint64_t result = 0;
  const auto append = [&](unsigned digit) {
    if (result > (kMax - digit) / 10) return false;
    result = result * 10 + digit;
    return true;
  };
  for (const char c : digits) {
    if (!append(static_cast<unsigned>(c - '0'))) return IntegerParse::too_large;
  }
  for (std::int64_t e = 0; e < exponent; ++e) {
    if (!append(0)) return IntegerParse::too_large;
  }
  value = result;
  return IntegerParse::ok;
}

CLI::Validator integer_in(std::uint64_t minimum, std::uint64_t maximum) {
  const std::string kind = minimum == 0   ? "a non-negative integer"
                           : minimum == 1 ? "a positive integer"
                                          : "an integer >= " + std::to_string(minimum);
  return CLI::Validator(
      [=](std::string& text) -> std::string {
        std::uint64_t value = 0;
        const auto parsed = parse_integer(text, value);
        if (parsed == IntegerParse::too_large || (parsed == IntegerParse::ok && value > maximum)) {
          return text + " is too large (at most " + std::to_string(maximum) + ")";
        }
        if (parsed != IntegerParse::ok || value < minimum) return text + " is not " + kind;
        text = std::to_string(value);
        return {};
      },
      "");
}

}  // namespace dagarray::cli
