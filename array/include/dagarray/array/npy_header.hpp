#pragma once
// The header of a NumPy .npy file (numpy.lib.format, versions 1.0, 2.0 and 3.0): its parser and
// its writer, pure functions over bytes, so a fuzzer can call them without touching a file.
//
// Layout: "\x93NUMPY", major and minor version bytes, the header's length (uint16 little-endian
// in 1.0, uint32 in 2.0 and 3.0), then the header, a Python dict literal such as
// "{'descr': '<f8', 'fortran_order': False, 'shape': (3, 4), }" padded with spaces and ended by
// '\n', so the data starts on a multiple of 64 bytes; then the elements, row-major.

#include <dagarray/core/buffer.hpp>

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace dagarray::detail {

/// @brief What a .npy header says about the elements that follow it.
struct NpyHeader {
  core::DType dtype = core::DType::float64;
  bool big_endian = false;        ///< the elements are stored big-endian ('>'); never for bool
  core::Shape shape;              ///< row-major ('fortran_order': False) only
  std::uint64_t data_offset = 0;  ///< where the first element starts: the header's total size
};

/// @brief Bytes of a .npy file before its dict: magic, version, and the longest length field.
inline constexpr std::size_t kNpyPreambleBytes = 12;

/// @brief The header's total size (magic to the first element) from the file's first bytes
/// (`start`: up to kNpyPreambleBytes of them, fewer only if the file is shorter) and the
/// file's size. Throws std::invalid_argument naming `path` on bad magic, an unsupported
/// version, or a header longer than the file.
std::uint64_t npy_header_size(std::string_view path, std::span<const std::byte> start,
                              std::uint64_t file_size);

/// @brief Parses a whole header (`header`: the file's first npy_header_size bytes) of a file of
/// `file_size` bytes. Throws std::invalid_argument naming `path` and the bad value on: bad
/// magic, an unsupported version, a malformed dict, a dtype dagarray has no element type for, a
/// Fortran-order array, or a shape whose elements do not fill the rest of the file exactly
/// (more: truncated; fewer: trailing bytes).
NpyHeader parse_npy_header(std::string_view path, std::span<const std::byte> header,
                           std::uint64_t file_size);

/// @brief The header NumPy would write for a little-endian, C-order array of `dtype` and
/// `shape`: version 1.0 unless the dict needs more than 64 KiB (then 2.0), padded to 64 bytes.
std::string format_npy_header(core::DType dtype, const core::Shape& shape);

}  // namespace dagarray::detail
