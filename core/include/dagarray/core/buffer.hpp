#pragma once
// A block of elements: what every task produces and consumes.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

namespace dagarray::core {

/// @brief The element types a buffer can hold, named as NumPy names them.
enum class DType : std::uint8_t { boolean, int64, float32, float64 };

/// @brief NumPy's name of a dtype: "bool", "int64", "float32", "float64".
std::string_view dtype_name(DType dtype);

/// @brief Bytes per element.
std::size_t dtype_size(DType dtype);

/// @brief Extent of each axis, outermost first (row-major).
using Shape = std::vector<std::int64_t>;

/// @brief Number of elements of a shape (1 for a 0-d shape).
std::int64_t shape_size(const Shape& shape);

/// @brief Counts of chunk buffers alive now and at most since the last reset_peak().
struct BufferStats {
  std::int64_t live = 0;
  std::int64_t peak = 0;
};

/// @brief Contiguous row-major elements with their dtype and shape.
///
/// A buffer is plain bytes plus a small header, so a chunk result can later cross a process
/// boundary unchanged. Copies are handles that share the storage (as Python references do):
/// the scheduler hands the same input to several tasks without copying, and kernels never
/// write to their inputs. clone() makes an independent copy.
class Buffer {
 public:
  Buffer() = default;

  /// @brief Uninitialised storage for shape_size(shape) elements, 64-byte aligned for SIMD loads.
  static Buffer allocate(DType dtype, Shape shape);

  DType dtype() const { return _dtype; }
  const Shape& shape() const { return _shape; }
  std::int64_t size() const { return shape_size(_shape); }
  std::size_t bytes() const { return static_cast<std::size_t>(size()) * dtype_size(_dtype); }
  bool has_storage() const { return _storage != nullptr; }

  /// @brief True when no other handle shares this storage.
  bool is_unique() const { return _storage.use_count() == 1; }

  const std::byte* data() const { return _storage.get(); }
  std::byte* mutable_data() { return _storage.get(); }

  template <class T>
  const T* as() const {
    return reinterpret_cast<const T*>(_storage.get());
  }
  template <class T>
  T* as_mutable() {
    return reinterpret_cast<T*>(_storage.get());
  }

  /// @brief The same storage seen with another shape of the same size (a view, no copy).
  Buffer reshaped(Shape shape) const;

  /// @brief The elements from element `offset` on, seen with `shape` (a view, no copy): a run of
  /// whole rows of a larger buffer, which shares (and keeps alive) its storage.
  Buffer view(std::int64_t offset, Shape shape) const;

  /// @brief A deep copy with storage of its own.
  Buffer clone() const;

  /// @brief Live and peak number of buffer storages in this process; lets tests prove that
  /// the scheduler releases intermediates.
  static BufferStats stats();
  static void reset_peak();

 private:
  DType _dtype = DType::float64;
  Shape _shape;
  std::shared_ptr<std::byte> _storage;
};

}  // namespace dagarray::core
