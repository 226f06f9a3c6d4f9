// Fuzz target: the .npy header parser, fed a whole file as from_npy reads one: its preamble
// first (for the header's length), then the header. Any input must be accepted or refused with
// std::invalid_argument; an accepted header must fill the file exactly, and the header dagarray
// writes for the same dtype and shape must parse back to them.

#include <dagarray/array/npy_header.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>
#include <stdexcept>

namespace detail = dagarray::detail;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::span<const std::byte> file(reinterpret_cast<const std::byte*>(data), size);
  detail::NpyHeader header;
  try {
    const auto start = file.first(std::min(size, detail::kNpyPreambleBytes));
    const auto total = detail::npy_header_size("fuzz.npy", start, size);
    header =
        detail::parse_npy_header("fuzz.npy", file.first(static_cast<std::size_t>(total)), size);
  } catch (const std::invalid_argument&) {
    return 0;
  }
  const auto elements = static_cast<std::uint64_t>(dagarray::core::shape_size(header.shape));
  if (header.data_offset + elements * dagarray::core::dtype_size(header.dtype) != size) {
    std::abort();  // the parser promised the elements fill the rest of the file exactly
  }
  const auto written = detail::format_npy_header(header.dtype, header.shape);
  const std::span<const std::byte> bytes(reinterpret_cast<const std::byte*>(written.data()),
                                         written.size());
  const auto again = detail::parse_npy_header(
      "written.npy", bytes, written.size() + elements * dagarray::core::dtype_size(header.dtype));
  if (again.dtype != header.dtype || again.shape != header.shape || again.big_endian) std::abort();
  return 0;
}
