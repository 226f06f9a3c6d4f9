// rng_stream: writes one of dagarray's counter-based random streams to stdout as raw bytes,
// forever, for statistical test batteries such as dieharder:
//
//   ./rng_stream 42 | dieharder -g 200 -a
//
// Usage: rng_stream [MODE] [seed]   (default mode bits, default seed 42)
//   bits              random_bits(stream_key(seed), i) for i = 0, 1, 2, ... as little-endian
//                     64-bit words: exactly the bits element i of a uniform array gets.
//                     (dieharder reads 32-bit words: each value's low half, then its high half.)
//   far               the same bits from 8 places 2^48 elements apart, interleaved: word
//                     8 j + l is element l * 2^48 + j. Tests distant parts of one stream
//                     (the far rows of a huge array) against each other.
//   seeds             the uniform streams of seeds seed, seed + 1, ..., seed + 7 interleaved:
//                     word 8 j + s is element j of seed + s.
//   normal            normal_at(stream_key(seed, normal), i, 0, 1), the library's double
//                     samples, mapped back to uniform through the normal CDF and written as
//                     32-bit words floor(Phi(z) 2^32): tests the Box-Muller transform.
//   integers LO HI    integer_at(stream_key(seed, integers), i, [LO, HI)) minus LO, for widths
//                     2 to 2^32, turned into uniform bits exactly: digits are gathered into
//                     N = d0 + w d1 + w^2 d2 + ... until w^k >= 2^32; N then gives
//                     b = floor(log2 w^k) bits when N < 2^b, and is dropped otherwise. A
//                     power-of-two width such as 2^32 gives its values' bits as they are.
//
// Build: g++ -O2 -std=c++20 -I array/include -I core/include bench/rng_stream.cpp -o rng_stream

#include <dagarray/array/counter_rng.hpp>

#include <bit>
#include <cerrno>
#include <cmath>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <string_view>
#include <vector>

namespace {

namespace dd = dagarray::detail;

/// Little-endian words to stdout in 512 KiB writes; exits the program quietly when the reader
/// goes away (a short write, e.g. dieharder finished).
class Sink {
 public:
  Sink() { _buf.reserve(kBytes); }

  void word64(std::uint64_t v) { put(v, 8); }
  void word32(std::uint32_t v) { put(v, 4); }

  /// Appends the low `count` (<= 32) bits of `v` to a bit stream cut into 32-bit words.
  void bits(std::uint64_t v, int count) {
    _acc |= (v & ((std::uint64_t{1} << count) - 1)) << _held;
    _held += count;
    if (_held >= 32) {
      word32(static_cast<std::uint32_t>(_acc));
      _acc >>= 32;
      _held -= 32;
    }
  }

 private:
  static constexpr std::size_t kBytes = std::size_t{1} << 19;

  void put(std::uint64_t v, int bytes) {
    for (int b = 0; b < bytes; ++b) _buf.push_back(static_cast<unsigned char>(v >> (8 * b)));
    if (_buf.size() >= kBytes) {
      if (std::fwrite(_buf.data(), 1, _buf.size(), stdout) != _buf.size()) std::exit(0);
      _buf.clear();
    }
  }

  std::vector<unsigned char> _buf;
  std::uint64_t _acc = 0;
  int _held = 0;
};

std::optional<std::int64_t> parse_int(const char* text, bool is_signed) {
  char* end = nullptr;
  errno = 0;
  const auto v = is_signed ? static_cast<std::int64_t>(std::strtoll(text, &end, 0))
                           : static_cast<std::int64_t>(std::strtoull(text, &end, 0));
  if (errno != 0 || end == text || *end != '\0') return std::nullopt;
  return v;
}

[[noreturn]] void usage(const char* program) {
  std::fprintf(stderr, "usage: %s [bits|far|seeds|normal|integers LO HI] [seed]\n", program);
  std::exit(2);
}

[[noreturn]] void bits_stream(Sink& out, std::uint64_t seed) {
  const auto key = dd::stream_key(seed);
  for (std::uint64_t i = 0;; ++i) out.word64(dd::random_bits(key, i));
}

[[noreturn]] void far_stream(Sink& out, std::uint64_t seed) {
  const auto key = dd::stream_key(seed);
  for (std::uint64_t j = 0;; ++j) {
    for (std::uint64_t lane = 0; lane < 8; ++lane) {
      out.word64(dd::random_bits(key, (lane << 48) + j));
    }
  }
}

[[noreturn]] void seeds_stream(Sink& out, std::uint64_t seed) {
  std::uint64_t keys[8];
  for (std::uint64_t s = 0; s < 8; ++s) keys[s] = dd::stream_key(seed + s);
  for (std::uint64_t j = 0;; ++j) {
    for (auto key : keys) out.word64(dd::random_bits(key, j));
  }
}

[[noreturn]] void normal_stream(Sink& out, std::uint64_t seed) {
  const auto key = dd::stream_key(seed, dd::Distribution::normal);
  for (std::uint64_t i = 0;; ++i) {
    const double z = dd::normal_at<double>(key, i, 0.0, 1.0);
    const double cdf = 0.5 * std::erfc(-z * 0.70710678118654752440);
    const double scaled = std::floor(cdf * 0x1.0p32);
    out.word32(static_cast<std::uint32_t>(std::fmin(scaled, 0x1.0p32 - 1)));
  }
}

[[noreturn]] void integers_stream(Sink& out, std::uint64_t seed, std::int64_t low,
                                  std::int64_t high) {
  const auto range = dd::integer_range(low, high);
  const auto key = dd::stream_key(seed, dd::Distribution::integers);
  std::uint64_t value = 0, span = 1;  // value is uniform on [0, span)
  for (std::uint64_t i = 0;; ++i) {
    value = value * range.width + static_cast<std::uint64_t>(dd::integer_at(key, i, range) - low);
    span *= range.width;
    if (span < (std::uint64_t{1} << 32)) continue;
    const int b = std::bit_width(span) - 1;
    if (value < (std::uint64_t{1} << b)) {
      if (b > 32) {
        out.bits(value, 32);
        out.bits(value >> 32, b - 32);
      } else {
        out.bits(value, b);
      }
    }
    value = 0;
    span = 1;
  }
}

}  // namespace

int main(int argc, char** argv) {
  std::string_view mode = "bits";
  int next = 1;
  if (argc > 1 && !parse_int(argv[1], false)) mode = argv[next++];
  std::int64_t low = 0, high = 0;
  if (mode == "integers") {
    if (argc < next + 2) usage(argv[0]);
    const auto lo = parse_int(argv[next], true), hi = parse_int(argv[next + 1], true);
    if (!lo || !hi || *lo >= *hi) usage(argv[0]);
    const auto width = static_cast<std::uint64_t>(*hi) - static_cast<std::uint64_t>(*lo);
    if (width < 2 || width > (std::uint64_t{1} << 32)) {
      std::fprintf(stderr, "%s: integers needs a width HI - LO from 2 to 2^32\n", argv[0]);
      return 2;
    }
    low = *lo;
    high = *hi;
    next += 2;
  }
  std::uint64_t seed = 42;
  if (argc > next) {
    const auto s = parse_int(argv[next++], false);
    if (!s) usage(argv[0]);
    seed = static_cast<std::uint64_t>(*s);
  }
  if (argc > next) usage(argv[0]);

#ifdef SIGPIPE
  // Let a closed pipe show up as a failed fwrite (clean exit 0) rather than a kill by SIGPIPE,
  // so `rng_stream | dieharder ...` under `set -o pipefail` reports dieharder's own status.
  std::signal(SIGPIPE, SIG_IGN);
#endif

  Sink out;
  if (mode == "bits") bits_stream(out, seed);
  if (mode == "far") far_stream(out, seed);
  if (mode == "seeds") seeds_stream(out, seed);
  if (mode == "normal") normal_stream(out, seed);
  if (mode == "integers") integers_stream(out, seed, low, high);
  usage(argv[0]);
}
