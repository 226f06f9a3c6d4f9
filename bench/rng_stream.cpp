// rng_stream: writes dagarray's counter-based random stream to stdout as raw bytes, forever.
//
// Output is random_bits(stream_key(seed), i) for i = 0, 1, 2, ... as little-endian 64-bit
// words, i.e. exactly the bits the library hands to element i of a random array made with
// `seed`. Intended as a source for statistical test batteries, e.g.
//
//   ./rng_stream 42 | dieharder -g 200 -a
//
// (dieharder's raw-stdin generator consumes 32-bit words, so each 64-bit value is tested as
// its low half followed by its high half.) Usage: rng_stream [seed]   (default seed 42)
//
// Build: g++ -O2 -std=c++20 -I array/include -I core/include bench/rng_stream.cpp -o rng_stream

#include <dagarray/array/counter_rng.hpp>

#include <cerrno>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

int main(int argc, char** argv) {
  std::uint64_t seed = 42;
  if (argc > 1) {
    char* end = nullptr;
    errno = 0;
    seed = std::strtoull(argv[1], &end, 0);
    if (errno != 0 || end == argv[1] || *end != '\0') {
      std::fprintf(stderr, "usage: %s [seed]\n", argv[0]);
      return 2;
    }
  }

#ifdef SIGPIPE
  // Let a closed pipe show up as a failed fwrite (clean exit 0) rather than a kill by SIGPIPE,
  // so `rng_stream | dieharder ...` under `set -o pipefail` reports dieharder's own status.
  std::signal(SIGPIPE, SIG_IGN);
#endif

  const std::uint64_t key = dagarray::detail::stream_key(seed);
  constexpr std::size_t kWords = std::size_t{1} << 16;  // 512 KiB per write
  std::vector<unsigned char> buf(kWords * 8);
  std::uint64_t index = 0;

  for (;;) {
    for (std::size_t w = 0; w < kWords; ++w, ++index) {
      const std::uint64_t v = dagarray::detail::random_bits(key, index);
      for (int b = 0; b < 8; ++b) buf[w * 8 + b] = static_cast<unsigned char>(v >> (8 * b));
    }
    // A short write means the reader went away (e.g. dieharder finished): stop quietly.
    if (std::fwrite(buf.data(), 1, buf.size(), stdout) != buf.size()) return 0;
  }
}
