// Writing a dataset: a new file under a temporary name, a hyperslab per block's task, renamed
// when complete.

#include <dagarray/array/file_io.hpp>

#include "hdf5_support.hpp"

namespace dagarray::detail::hdf5 {

namespace {

class DatasetWriter final : public Writer {
 public:
  DatasetWriter(std::string_view fn, const std::string& path, const std::string& dataset,
                core::DType dtype, const core::Shape& shape, core::Shape chunk)
      : _target(fn, path), _dataset(dataset), _dtype(dtype) {
    const Locked lock;
    try {
      create(fn, path, dataset, shape, std::move(chunk));
    } catch (...) {
      close();  // under the lock, before _target removes the temporary
      throw;
    }
  }

  ~DatasetWriter() override {
    const Locked lock;
    close();
  }

  void write_box(const core::Shape& origin, const core::Shape& shape,
                 const std::byte* in) const override {
    if (core::shape_size(shape) == 0) return;
    const Locked lock;
    const auto file_space = hyperslab(_space.get(), origin, shape);
    const auto mem_space = memory_space(shape);
    if (H5Dwrite(_data.get(), _memory_type.get(), mem_space.get(), file_space.get(), H5P_DEFAULT,
                 in) < 0) {
      hdf5_failed("write", _target.final_path(), _dataset);
    }
  }

  void commit() override {
    {
      const Locked lock;
      if (H5Fflush(_file.get(), H5F_SCOPE_GLOBAL) < 0) {
        hdf5_failed("flush", _target.final_path(), _dataset);
      }
      close();
    }
    _target.commit();
  }

 private:
  void create(std::string_view fn, const std::string& path, const std::string& dataset,
              const core::Shape& shape, core::Shape chunk) {
    // The temporary exists (created exclusively, so strerror is reported for a bad directory);
    // HDF5 truncates it and writes its own structure.
    _file = Id(H5Fcreate(_target.temporary_path().c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT),
               H5Fclose);
    if (!_file.valid()) hdf5_failed("create the file for", path, dataset);
    const auto dtype = _dtype;
    const auto space = memory_space(shape);
    Id properties(H5Pcreate(H5P_DATASET_CREATE), H5Pclose);
    // HDF5 cannot chunk a scalar or an empty dataset, and a chunk must stay under 4 GiB.
    if (!shape.empty() && core::shape_size(shape) > 0) {
      auto bytes = static_cast<std::int64_t>(core::dtype_size(dtype));
      for (auto c : chunk) bytes *= c;
      for (std::size_t a = 0; a < chunk.size() && bytes >= (std::int64_t{1} << 32); ++a) {
        while (chunk[a] > 1 && bytes >= (std::int64_t{1} << 32)) {
          bytes = bytes / chunk[a] * ((chunk[a] + 1) / 2);
          chunk[a] = (chunk[a] + 1) / 2;
        }
      }
      const std::vector<hsize_t> dims(chunk.begin(), chunk.end());
      H5Pset_chunk(properties.get(), static_cast<int>(dims.size()), dims.data());
    }
    Id links(H5Pcreate(H5P_LINK_CREATE), H5Pclose);
    H5Pset_create_intermediate_group(links.get(), 1);
    const auto type = memory_type(dtype);
    _data = Id(H5Dcreate2(_file.get(), dataset.c_str(), type.get(), space.get(), links.get(),
                          properties.get(), H5P_DEFAULT),
               H5Dclose);
    if (!_data.valid()) {
      invalid(fn, "dataset", "'" + dataset + "'", "cannot be created in '" + path + "'");
    }
    _memory_type = memory_type(dtype);
    _space = Id(H5Dget_space(_data.get()), H5Sclose);
  }

  void close() {
    _space = Id();
    _memory_type = Id();
    _data = Id();
    _file = Id();
  }

  ReplacingFile _target;
  std::string _dataset;
  core::DType _dtype;
  Id _file, _data, _memory_type, _space;
};

}  // namespace

std::unique_ptr<Writer> create_dataset(std::string_view fn, const std::string& path,
                                       const std::string& dataset, core::DType dtype,
                                       const core::Shape& shape, const core::Shape& chunk) {
  return std::make_unique<DatasetWriter>(fn, path, dataset, dtype, shape, chunk);
}

}  // namespace dagarray::detail::hdf5
