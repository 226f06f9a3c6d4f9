#pragma once
/// @file hdf5.hpp
/// @brief HDF5 datasets as lazy arrays, and lazy arrays into HDF5 datasets (library
/// dagarray::hdf5, built where HDF5's C library is found).
///
/// Debian's serial HDF5 is not thread-safe, so every HDF5 call dagarray makes, from any task or
/// thread, holds one process-wide lock: the tasks of a compute read and write datasets one at
/// a time (their arithmetic still runs in parallel). Code of your own that calls HDF5 while a
/// compute runs must take the same lock, da::hdf5_lock().

#include <dagarray/dagarray.hpp>

#include <memory>
#include <mutex>
#include <string>

namespace dagarray {

/// @brief The process-wide lock every HDF5 call of dagarray holds. Lock it around your own
/// HDF5 calls while a compute that reads or writes HDF5 may be running.
std::mutex& hdf5_lock();

namespace detail::hdf5 {

/// @brief An open dataset, read a box at a time by the tasks of the arrays made from it.
class Reader {
 public:
  virtual ~Reader() = default;
  virtual core::DType dtype() const = 0;
  virtual const core::Shape& shape() const = 0;
  /// @brief The blocks `chunks` empty asks for: the dataset's chunk shape (all 1 if it is not
  /// chunked) grown, innermost axis first, by whole multiples up to about 64 MiB a block.
  virtual core::Shape default_chunks() const = 0;
  /// @brief The file's path, its modification time and the dataset, for the array's name.
  virtual const std::string& identity() const = 0;
  virtual void read_box(const core::Shape& origin, const core::Shape& shape,
                        std::byte* out) const = 0;
};

/// @brief Opens `dataset` of the file at `path`, checking it holds `expected`.
std::shared_ptr<const Reader> open_dataset(std::string_view fn, const std::string& path,
                                           const std::string& dataset, core::DType expected);

/// @brief A new file holding one dataset, written a box at a time from any thread, under a
/// temporary name until commit(); removed if never committed.
class Writer {
 public:
  virtual ~Writer() = default;
  virtual void write_box(const core::Shape& origin, const core::Shape& shape,
                         const std::byte* in) const = 0;
  virtual void commit() = 0;
};

/// @brief Creates the file and the dataset (HDF5 chunks of `chunk`, the array's first block).
std::unique_ptr<Writer> create_dataset(std::string_view fn, const std::string& path,
                                       const std::string& dataset, core::DType dtype,
                                       const core::Shape& shape, const core::Shape& chunk);

}  // namespace detail::hdf5

/// @brief A lazy array over the HDF5 dataset `dataset` (e.g. "/group/data") of the file at
/// `path`, as dask.array.from_array(h5py.File(path)[dataset], chunks). With `chunks` empty, the
/// blocks are the dataset's own chunks, or whole multiples of them up to about 64 MiB (so no
/// HDF5 chunk is read by two tasks); otherwise one size per axis, as zeros takes. Each block's
/// task reads its hyperslab, under the HDF5 lock. Checked now, each a std::invalid_argument
/// naming the value: a file that cannot be opened or is not HDF5, a missing dataset, a dtype
/// that is not T's (HDF5 converts byte order; h5py's bool enum reads as bool). A read failing
/// in a compute is a std::runtime_error naming the path, rethrown as TaskError.
/// @code{.cpp}
/// auto x = da::from_hdf5<double>("run.h5", "/fields/temperature");
/// auto mean = da::mean(x, 0).compute();
/// @endcode
template <Element T>
Array<T> from_hdf5(const std::string& path, const std::string& dataset, core::Shape chunks = {}) {
  constexpr std::string_view fn = "from_hdf5";
  auto reader = detail::hdf5::open_dataset(fn, path, dataset, dtype_of<T>());
  if (chunks.empty()) chunks = reader->default_chunks();
  auto normalized = detail::normalize_chunks(fn, reader->shape(), chunks);
  const auto name = core::Tokenizer()
                        .add(fn)
                        .add(reader->identity())
                        .add(dtype_name_of<T>())
                        .add(std::span<const std::int64_t>(chunks))
                        .name("from_hdf5");
  auto read = [reader = std::move(reader)](const detail::BlockInfo& box) {
    auto out = core::Buffer::allocate(dtype_of<T>(), box.shape);
    reader->read_box(box.origin, box.shape, out.mutable_data());
    return out;
  };
  return Array<T>(detail::make_layer<detail::SourceLayer>(std::move(read), name, "from_hdf5",
                                                          std::move(normalized), dtype_of<T>()));
}

/// @brief Computes `x` into the dataset `dataset` of a new HDF5 file at `path`, as
/// dask.array.to_hdf5: its HDF5 chunks are the array's block shape, and each block's task
/// writes its hyperslab (under the HDF5 lock). bool is written as h5py's enum, so h5py reads
/// numpy bools. Groups on the way to the dataset are created. The file is written under a
/// temporary name beside `path` and renamed when complete; on any failure the temporary is
/// removed, so `path` is never a half-written file. std::invalid_argument now if the file
/// cannot be created there (path and strerror named) or for Scheduler::mpi.
/// @code{.cpp}
/// da::to_hdf5(da::random::normal(0.0, 1.0, {10'000, 1'000}, {1'000, 1'000}, 7), "out.h5", "/x");
/// @endcode
template <Element T>
void to_hdf5(const Array<T>& x, const std::string& path, const std::string& dataset,
             const ComputeOptions& options = {}) {
  constexpr std::string_view fn = "to_hdf5";
  detail::check_single_process(fn, options);
  core::Shape chunk;
  for (const auto& sizes : x.chunks()) chunk.push_back(sizes.front());
  auto writer = detail::hdf5::create_dataset(fn, path, dataset, dtype_of<T>(), x.shape(), chunk);
  store(
      x,
      [&writer](const NDArray<T>& block, const BlockInfo& where) {
        writer->write_box(where.offset, where.shape,
                          reinterpret_cast<const std::byte*>(block.data()));
      },
      options);
  writer->commit();
}

}  // namespace dagarray
