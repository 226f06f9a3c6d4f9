#include <dagarray/core/buffer.hpp>

#ifdef DAGARRAY_HAVE_TBBMALLOC
#include <oneapi/tbb/scalable_allocator.h>
#endif

#include <sys/mman.h>

#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <new>
#include <stdexcept>
#include <string>

namespace dagarray::core {

namespace {

constexpr std::size_t kAlignment = 64;  // one cache line, one AVX-512 register

std::atomic<std::int64_t> live_buffers{0};
std::atomic<std::int64_t> peak_buffers{0};

void count_allocation() {
  const auto now = live_buffers.fetch_add(1, std::memory_order_relaxed) + 1;
  auto peak = peak_buffers.load(std::memory_order_relaxed);
  while (now > peak && !peak_buffers.compare_exchange_weak(peak, now, std::memory_order_relaxed)) {
  }
}

// Large blocks are touched for the first time by the kernel that fills them; with 2 MiB pages
// that costs one page fault per 2 MiB instead of 512. A hint only: where transparent huge
// pages are off, nothing changes.
void advise_huge_pages(std::byte* p, std::size_t bytes) {
  constexpr std::uintptr_t kHuge = std::uintptr_t{2} << 20;
  if (bytes < 2 * kHuge) return;
  const auto begin = (reinterpret_cast<std::uintptr_t>(p) + kHuge - 1) & ~(kHuge - 1);
  const auto end = (reinterpret_cast<std::uintptr_t>(p) + bytes) & ~(kHuge - 1);
  if (end > begin) madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE);
}

struct AlignedFree {
  void operator()(std::byte* p) const noexcept {
#ifdef DAGARRAY_HAVE_TBBMALLOC
    scalable_aligned_free(p);
#else
    std::free(p);
#endif
    live_buffers.fetch_sub(1, std::memory_order_relaxed);
  }
};

}  // namespace

std::string_view dtype_name(DType dtype) {
  switch (dtype) {
    case DType::boolean:
      return "bool";
    case DType::int64:
      return "int64";
    case DType::float32:
      return "float32";
    case DType::float64:
      return "float64";
  }
  throw std::invalid_argument("dtype_name: dtype = " + std::to_string(static_cast<int>(dtype)) +
                              " is not a known dtype");
}

std::size_t dtype_size(DType dtype) {
  switch (dtype) {
    case DType::boolean:
      return 1;
    case DType::int64:
      return 8;
    case DType::float32:
      return 4;
    case DType::float64:
      return 8;
  }
  throw std::invalid_argument("dtype_size: dtype = " + std::to_string(static_cast<int>(dtype)) +
                              " is not a known dtype");
}

std::int64_t shape_size(const Shape& shape) {
  std::int64_t n = 1;
  for (auto extent : shape) n *= extent;
  return n;
}

Buffer Buffer::allocate(DType dtype, Shape shape) {
  Buffer buffer;
  buffer._dtype = dtype;
  buffer._shape = std::move(shape);
  // oneTBB's scalable allocator keeps freed chunks for reuse per thread, so a compute that
  // makes and frees thousands of same-sized chunks does not map fresh pages (and fault them
  // in, serialised on the process's memory map) for each. Never zero bytes: an empty block
  // still has a storage.
#ifdef DAGARRAY_HAVE_TBBMALLOC
  auto* p = static_cast<std::byte*>(scalable_aligned_malloc(buffer.bytes() + 1, kAlignment));
#else
  const std::size_t rounded = (buffer.bytes() + kAlignment) / kAlignment * kAlignment;
  auto* p = static_cast<std::byte*>(std::aligned_alloc(kAlignment, rounded));
#endif
  if (p == nullptr) throw std::bad_alloc();
  advise_huge_pages(p, buffer.bytes());
  count_allocation();
  buffer._storage = std::shared_ptr<std::byte>(p, AlignedFree{});
  return buffer;
}

Buffer Buffer::view(std::int64_t offset, Shape shape) const {
  if (offset < 0 || offset + shape_size(shape) > size()) {
    throw std::invalid_argument("Buffer::view: elements [" + std::to_string(offset) + ", " +
                                std::to_string(offset + shape_size(shape)) +
                                ") are outside a buffer of " + std::to_string(size()));
  }
  Buffer part;
  part._dtype = _dtype;
  part._shape = std::move(shape);
  // The aliasing constructor: the part points into the storage and shares its ownership.
  part._storage = std::shared_ptr<std::byte>(
      _storage, _storage.get() + static_cast<std::size_t>(offset) * dtype_size(_dtype));
  return part;
}

Buffer Buffer::reshaped(Shape shape) const {
  if (shape_size(shape) != size()) {
    throw std::invalid_argument("Buffer::reshaped: shape of size " +
                                std::to_string(shape_size(shape)) + " does not match buffer size " +
                                std::to_string(size()));
  }
  Buffer view = *this;
  view._shape = std::move(shape);
  return view;
}

Buffer Buffer::clone() const {
  Buffer copy = allocate(_dtype, _shape);
  if (bytes() > 0) std::memcpy(copy.mutable_data(), data(), bytes());
  return copy;
}

BufferStats Buffer::stats() {
  return {live_buffers.load(std::memory_order_relaxed),
          peak_buffers.load(std::memory_order_relaxed)};
}

void Buffer::reset_peak() {
  peak_buffers.store(live_buffers.load());
}

}  // namespace dagarray::core
