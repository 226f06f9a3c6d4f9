#pragma once
// Integer options written the way people write sample counts: 100000000, 1e8, 2.5e7.

#include <CLI/CLI.hpp>

#include <cstdint>
#include <string_view>

namespace dagarray::cli {

enum class IntegerParse { ok, not_an_integer, too_large };

/// @brief Reads a non-negative integer written in decimal, possibly with a fraction and an
/// exponent: "100000000", "1e8" and "2.5e7" are integers; "1.5", "-3" and "abc" are not;
/// "1e30" is too large (over 2^64 - 1). Exact: no detour through double, which rounds.
IntegerParse parse_integer(std::string_view text, std::uint64_t& value);

/// @brief A CLI11 transform that accepts integers in [minimum, maximum] as parse_integer reads
/// them and rewrites them in plain decimal, which CLI11's own conversion then reads.
/// Its messages read "0 is not a positive integer".
CLI::Validator integer_in(std::uint64_t minimum, std::uint64_t maximum);

}  // namespace dagarray::cli
