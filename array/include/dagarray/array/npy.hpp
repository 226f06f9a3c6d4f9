#pragma once
// NumPy's .npy files: from_npy reads one block per task with positioned reads (never the whole
// file), to_npy writes each block into its place in a pre-sized file from its own task, so an
// array larger than memory goes from disk through an expression back to disk holding only the
// blocks in flight. eager::load_npy and eager::save_npy are the NDArray twins (numpy.load and
// numpy.save).

#include <dagarray/array/array.hpp>
#include <dagarray/array/file_io.hpp>
#include <dagarray/array/layers.hpp>
#include <dagarray/array/npy_header.hpp>
#include <dagarray/array/store.hpp>
#include <dagarray/core/token.hpp>

#include <memory>
#include <string>

namespace dagarray {

namespace detail {

/// @brief An open .npy file and what its header says; shared by the tasks that read it.
struct NpySource {
  File file;
  NpyHeader header;
  std::int64_t modified_ns = 0;  ///< the file's mtime, in the array's name: a new file, a new name
  /// Larger than half the machine's memory: it cannot stay in the page cache, and caching what
  /// a task has read would only push everything else out of it (reclaim then made a 32 GiB read
  /// 2.5 times slower), so each block's pages are dropped after its read.
  bool streamed = false;
};

/// @brief Opens and parses `path`, checking its dtype is `expected` (std::invalid_argument).
std::shared_ptr<const NpySource> open_npy(std::string_view fn, const std::string& path,
                                          core::DType expected);

/// @brief Reads the box at `origin` of extent `shape` into `out` (row-major, native order).
void read_npy_box(const NpySource& source, const core::Shape& origin, const core::Shape& shape,
                  std::byte* out);

/// @brief A .npy file being written: header and size set at construction, blocks written into
/// place by write_box from any thread, named `path` by commit(); removed if never committed.
class NpyWriter {
 public:
  NpyWriter(std::string_view fn, std::string path, core::DType dtype, core::Shape shape);
  void write_box(const core::Shape& origin, const core::Shape& shape, const std::byte* in) const;
  void commit() { _file.commit(); }

 private:
  ReplacingFile _file;
  core::Shape _shape;
  std::uint64_t _data_offset;
  std::size_t _item;
};

}  // namespace detail

/// @brief A lazy array over the .npy file at `path`, in blocks of `chunks` (one size per axis,
/// as zeros or random take), as dask.array.from_npy_stack reads a stack and np.load(path,
/// mmap_mode='r') reads one file lazily: each block's task reads just its own bytes with
/// pread. The file is opened and its header checked now: std::invalid_argument if it cannot be
/// opened, is not a valid .npy file, is in Fortran order, or its dtype is not T's (T is
/// double, float, std::int64_t or bool; either byte order, big-endian data is swapped as it is
/// read). A read that fails during a compute is a std::runtime_error naming the path, rethrown
/// as TaskError. The file must not change while arrays read from it are computed.
/// @code{.cpp}
/// auto x = da::from_npy<double>("big.npy", {1'000'000, 100});
/// double total = da::sum(x * 2.0 + 1.0).compute().item();
/// @endcode
template <Element T>
Array<T> from_npy(const std::string& path, core::Shape chunks) {
  constexpr std::string_view fn = "from_npy";
  auto source = detail::open_npy(fn, path, dtype_of<T>());
  const auto& shape = source->header.shape;
  auto normalized = detail::normalize_chunks(fn, shape, chunks);
  const auto name = core::Tokenizer()
                        .add(fn)
                        .add(path)
                        .add(source->modified_ns)
                        .add(dtype_name_of<T>())
                        .add(std::span<const std::int64_t>(shape))
                        .add(std::span<const std::int64_t>(chunks))
                        .name("from_npy");
  // Whole blocks only, no tile kernel: a fused task would read a tile (16 KiB) per pread, and
  // the system calls would cost more than the arithmetic. The block is read with one pread per
  // contiguous run, and the fused operations after it still run tile by tile over it.
  auto read = [source = std::move(source)](const detail::BlockInfo& box) {
    auto out = core::Buffer::allocate(dtype_of<T>(), box.shape);
    detail::read_npy_box(*source, box.origin, box.shape, out.mutable_data());
    return out;
  };
  return Array<T>(detail::make_layer<detail::SourceLayer>(std::move(read), name, "from_npy",
                                                          std::move(normalized), dtype_of<T>()));
}

/// @brief Computes `x` into the .npy file `path` (as numpy.save writes it, version 1.0,
/// little-endian, C order), each block written into its place by its own task, and returns when
/// the file is complete. The file is written under a temporary name beside `path` and renamed
/// at the end; on any failure the temporary is removed, so `path` is either the whole new file
/// or what it was before. std::invalid_argument now if the directory cannot take the file (the
/// path and strerror named), or for Scheduler::mpi; a write failure during the compute is a
/// std::runtime_error naming the path (in a TaskError when a task hit it).
/// @code{.cpp}
/// da::to_npy(da::from_npy<double>("in.npy", {1'000'000}) * 2.0, "out.npy");
/// @endcode
template <Element T>
void to_npy(const Array<T>& x, const std::string& path, const ComputeOptions& options = {}) {
  constexpr std::string_view fn = "to_npy";
  detail::check_single_process(fn, options);
  detail::NpyWriter writer(fn, path, dtype_of<T>(), x.shape());
  store(
      x,
      [&writer](const NDArray<T>& block, const BlockInfo& where) {
        writer.write_box(where.offset, where.shape,
                         reinterpret_cast<const std::byte*>(block.data()));
      },
      options);
  writer.commit();
}

namespace eager {

/// @brief The whole .npy file at `path` as an NDArray, as numpy.load; the same checks and errors
/// as from_npy, with read failures a std::runtime_error naming the path.
template <Element T>
NDArray<T> load_npy(const std::string& path) {
  const auto source = detail::open_npy("eager::load_npy", path, dtype_of<T>());
  auto out = NDArray<T>::empty(source->header.shape);
  detail::read_npy_box(*source, core::Shape(out.ndim(), 0), out.shape(),
                       reinterpret_cast<std::byte*>(out.data()));
  return out;
}

/// @brief Writes `a` to the .npy file `path`, as numpy.save; the same temporary-then-rename
/// rule and errors as to_npy.
template <Element T>
void save_npy(const NDArray<T>& a, const std::string& path) {
  detail::NpyWriter writer("eager::save_npy", path, dtype_of<T>(), a.shape());
  writer.write_box(core::Shape(a.ndim(), 0), a.shape(),
                   reinterpret_cast<const std::byte*>(a.data()));
  writer.commit();
}

}  // namespace eager

}  // namespace dagarray
