#include <dagarray/array/box_runs.hpp>
#include <dagarray/array/checks.hpp>
#include <dagarray/array/npy.hpp>

#include <bit>
#include <cstring>
#include <vector>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace dagarray::detail {

namespace {

/// Reverses the bytes of each of `count` elements of `width` bytes: big-endian data to native.
template <class U>
void swap_each(std::byte* data, std::size_t count) {
  for (std::size_t i = 0; i < count; ++i) {
    U value;
    std::memcpy(&value, data + i * sizeof(U), sizeof(U));
    if constexpr (sizeof(U) == 8) {
      value = __builtin_bswap64(value);  // std::byteswap is C++23
    } else {
      value = __builtin_bswap32(value);
    }
    std::memcpy(data + i * sizeof(U), &value, sizeof(U));
  }
}

}  // namespace

std::shared_ptr<const NpySource> open_npy(std::string_view fn, const std::string& path,
                                          core::DType expected) {
  auto file = File::open_read(fn, path);
  const auto size = file.size();
  // The header's length is in its first bytes: read those, then the rest of the header.
  std::vector<std::byte> head(
      static_cast<std::size_t>(std::min<std::uint64_t>(size, kNpyPreambleBytes)));
  file.read_at(0, head.data(), head.size());
  head.resize(static_cast<std::size_t>(npy_header_size(path, head, size)));
  if (head.size() > kNpyPreambleBytes) {
    file.read_at(kNpyPreambleBytes, head.data() + kNpyPreambleBytes,
                 head.size() - kNpyPreambleBytes);
  }
  auto header = parse_npy_header(path, head, size);
  if (header.dtype != expected) {
    invalid(
        fn, "dtype of '" + path + "'", core::dtype_name(header.dtype),
        "does not match the element type asked for, " + std::string(core::dtype_name(expected)));
  }
  struct stat info {};
  ::fstat(file.fd(), &info);
  const auto modified = std::int64_t{info.st_mtim.tv_sec} * 1'000'000'000 + info.st_mtim.tv_nsec;
  const auto memory = static_cast<std::uint64_t>(::sysconf(_SC_PHYS_PAGES)) *
                      static_cast<std::uint64_t>(::sysconf(_SC_PAGESIZE));
  const bool streamed = size > memory / 2;
  return std::make_shared<const NpySource>(
      NpySource{std::move(file), std::move(header), modified, streamed});
}

void read_npy_box(const NpySource& source, const core::Shape& origin, const core::Shape& shape,
                  std::byte* out) {
  const auto item = core::dtype_size(source.header.dtype);
  const auto base = source.header.data_offset;
  for_each_run(source.header.shape, origin, shape,
               [&](std::int64_t at, std::int64_t done, std::int64_t count) {
                 source.file.read_at(base + static_cast<std::uint64_t>(at) * item,
                                     out + static_cast<std::size_t>(done) * item,
                                     static_cast<std::size_t>(count) * item);
                 if (source.streamed) {
                   ::posix_fadvise(source.file.fd(),
                                   static_cast<off_t>(base + static_cast<std::uint64_t>(at) * item),
                                   static_cast<off_t>(count * item), POSIX_FADV_DONTNEED);
                 }
               });
  // Once per block, after the reads: the loop itself stays a plain copy.
  if (source.header.big_endian != (std::endian::native == std::endian::big)) {
    const auto count = static_cast<std::size_t>(core::shape_size(shape));
    if (item == 8) swap_each<std::uint64_t>(out, count);
    if (item == 4) swap_each<std::uint32_t>(out, count);
  }
}

NpyWriter::NpyWriter(std::string_view fn, std::string path, core::DType dtype, core::Shape shape)
    : _file(fn, std::move(path)), _shape(std::move(shape)), _item(core::dtype_size(dtype)) {
  const auto header = format_npy_header(dtype, _shape);
  _data_offset = header.size();
  _file.file().write_at(0, reinterpret_cast<const std::byte*>(header.data()), header.size());
  // Full size now: blocks land at their offsets in any order, and what no block writes is a hole.
  _file.resize(_data_offset + static_cast<std::uint64_t>(core::shape_size(_shape)) * _item);
}

void NpyWriter::write_box(const core::Shape& origin, const core::Shape& shape,
                          const std::byte* in) const {
  for_each_run(_shape, origin, shape, [&](std::int64_t at, std::int64_t done, std::int64_t count) {
    _file.file().write_at(_data_offset + static_cast<std::uint64_t>(at) * _item,
                          in + static_cast<std::size_t>(done) * _item,
                          static_cast<std::size_t>(count) * _item);
  });
}

}  // namespace dagarray::detail
