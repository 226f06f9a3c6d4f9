// Reading a dataset: opened and checked once, then a hyperslab per block's task.

#include <dagarray/array/file_io.hpp>

#include <algorithm>

#include <sys/stat.h>

#include "hdf5_support.hpp"

namespace dagarray {

std::mutex& hdf5_lock() {
  static std::mutex lock;
  return lock;
}

namespace detail::hdf5 {

namespace {

constexpr std::int64_t kTargetBlockBytes = std::int64_t{64} << 20;

class DatasetReader final : public Reader {
 public:
  DatasetReader(std::string path, std::string dataset, Id file, Id data, core::DType dtype,
                core::Shape shape, core::Shape chunk, std::string identity)
      : _path(std::move(path)),
        _dataset(std::move(dataset)),
        _file(std::move(file)),
        _data(std::move(data)),
        _dtype(dtype),
        _shape(std::move(shape)),
        _chunk(std::move(chunk)),
        _identity(std::move(identity)),
        _memory_type(memory_type(dtype)),
        _space(H5Dget_space(_data.get()), H5Sclose) {}

  ~DatasetReader() override {
    const Locked lock;
    _space = Id();
    _memory_type = Id();
    _data = Id();
    _file = Id();
  }

  core::DType dtype() const override { return _dtype; }
  const core::Shape& shape() const override { return _shape; }
  const std::string& identity() const override { return _identity; }

  core::Shape default_chunks() const override {
    core::Shape block = _chunk;
    auto bytes = static_cast<std::int64_t>(core::dtype_size(_dtype));
    for (std::size_t a = 0; a < block.size(); ++a) {
      block[a] = std::max<std::int64_t>(1, std::min(block[a], _shape[a]));
      bytes *= block[a];
    }
    for (std::size_t a = block.size(); a-- > 0;) {
      const auto most = (_shape[a] + block[a] - 1) / block[a];
      const auto factor =
          std::clamp<std::int64_t>(kTargetBlockBytes / bytes, 1, std::max<std::int64_t>(most, 1));
      bytes *= factor;
      block[a] = std::max<std::int64_t>(1, std::min(block[a] * factor, _shape[a]));
      if (factor < most) break;
    }
    return block;
  }

  void read_box(const core::Shape& origin, const core::Shape& shape,
                std::byte* out) const override {
    if (core::shape_size(shape) == 0) return;
    const Locked lock;
    const auto file_space = hyperslab(_space.get(), origin, shape);
    const auto mem_space = memory_space(shape);
    if (H5Dread(_data.get(), _memory_type.get(), mem_space.get(), file_space.get(), H5P_DEFAULT,
                out) < 0) {
      hdf5_failed("read", _path, _dataset);
    }
  }

 private:
  std::string _path, _dataset;
  Id _file, _data;
  core::DType _dtype;
  core::Shape _shape, _chunk;
  std::string _identity;
  Id _memory_type, _space;
};

std::string describe_dataset(const std::string& path, const std::string& dataset) {
  return "dataset '" + dataset + "' of '" + path + "'";
}

}  // namespace

std::shared_ptr<const Reader> open_dataset(std::string_view fn, const std::string& path,
                                           const std::string& dataset, core::DType expected) {
  // Opened once by us first, for strerror's reason when it cannot be (HDF5 does not say).
  const auto probe = File::open_read(fn, path);
  struct stat info {};
  ::fstat(probe.fd(), &info);
  const Locked lock;
  if (H5Fis_hdf5(path.c_str()) <= 0) invalid(fn, "path", "'" + path + "'", "is not an HDF5 file");
  Id file(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose);
  if (!file.valid()) invalid(fn, "path", "'" + path + "'", "cannot be opened by HDF5");
  Id data(H5Dopen2(file.get(), dataset.c_str(), H5P_DEFAULT), H5Dclose);
  if (!data.valid()) {
    invalid(fn, "dataset", "'" + dataset + "'", "is not a dataset of '" + path + "'");
  }
  Id type(H5Dget_type(data.get()), H5Tclose);
  std::string type_name;
  const auto [known, dtype] = dtype_of_type(type.get(), type_name);
  if (!known) {
    invalid(fn, "dtype of " + describe_dataset(path, dataset), type_name,
            "is not one dagarray holds (float64, float32, int64, bool)");
  }
  if (dtype != expected) {
    invalid(
        fn, "dtype of " + describe_dataset(path, dataset), core::dtype_name(dtype),
        "does not match the element type asked for, " + std::string(core::dtype_name(expected)));
  }
  Id space(H5Dget_space(data.get()), H5Sclose);
  const int ndim = H5Sget_simple_extent_ndims(space.get());
  if (ndim < 0)
    invalid(fn, "dataspace of " + describe_dataset(path, dataset), ndim, "is not simple");
  std::vector<hsize_t> dims(static_cast<std::size_t>(ndim));
  H5Sget_simple_extent_dims(space.get(), dims.data(), nullptr);
  core::Shape shape(dims.begin(), dims.end());
  core::Shape chunk(shape.size(), 1);
  Id create(H5Dget_create_plist(data.get()), H5Pclose);
  if (ndim > 0 && H5Pget_layout(create.get()) == H5D_CHUNKED) {
    std::vector<hsize_t> chunk_dims(dims.size());
    H5Pget_chunk(create.get(), ndim, chunk_dims.data());
    chunk.assign(chunk_dims.begin(), chunk_dims.end());
  }
  const auto identity = path + '\0' + dataset + '\0' + std::to_string(info.st_mtim.tv_sec) + '.' +
                        std::to_string(info.st_mtim.tv_nsec);
  return std::make_shared<const DatasetReader>(path, dataset, std::move(file), std::move(data),
                                               dtype, std::move(shape), std::move(chunk), identity);
}

}  // namespace detail::hdf5

}  // namespace dagarray
