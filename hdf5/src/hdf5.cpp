// HDF5 through its C API, every call under one lock: Debian's serial build has no thread safety
// of its own, and the tasks of a compute call it from several threads at once.

#include <dagarray/array/file_io.hpp>
#include <dagarray/hdf5.hpp>

#include <hdf5.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <stdexcept>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace dagarray {

std::mutex& hdf5_lock() {
  static std::mutex lock;
  return lock;
}

namespace detail::hdf5 {

namespace {

constexpr std::int64_t kTargetBlockBytes = std::int64_t{64} << 20;

/// A lock on HDF5 that also, the first time, stops HDF5 printing its error stack to stderr:
/// dagarray reports every failure as an exception instead.
class Locked {
 public:
  Locked() : _lock(hdf5_lock()) {
    static bool quiet = false;
    if (!quiet) {
      H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
      quiet = true;
    }
  }

 private:
  std::lock_guard<std::mutex> _lock;
};

/// An HDF5 identifier closed by the destructor (the caller holds the lock).
class Id {
 public:
  Id() = default;
  Id(hid_t id, herr_t (*close)(hid_t)) : _id(id), _close(close) {}
  Id(Id&& other) noexcept : _id(std::exchange(other._id, -1)), _close(other._close) {}
  Id& operator=(Id&& other) noexcept {
    std::swap(_id, other._id);
    std::swap(_close, other._close);
    return *this;
  }
  ~Id() {
    if (_id >= 0) _close(_id);
  }
  hid_t get() const { return _id; }
  bool valid() const { return _id >= 0; }

 private:
  hid_t _id = -1;
  herr_t (*_close)(hid_t) = nullptr;
};

[[noreturn]] void hdf5_failed(std::string_view what, const std::string& path,
                              const std::string& dataset) {
  throw std::runtime_error("HDF5 cannot " + std::string(what) + " dataset '" + dataset + "' of '" +
                           path + "'");
}

/// h5py's bool: an enum over int8 with FALSE = 0 and TRUE = 1.
Id bool_type() {
  Id type(H5Tenum_create(H5T_NATIVE_INT8), H5Tclose);
  const signed char no = 0, yes = 1;
  H5Tenum_insert(type.get(), "FALSE", &no);
  H5Tenum_insert(type.get(), "TRUE", &yes);
  return type;
}

/// The memory type HDF5 converts a dataset's elements to (its byte order becomes native).
Id memory_type(core::DType dtype) {
  switch (dtype) {
    case core::DType::float64:
      return Id(H5Tcopy(H5T_NATIVE_DOUBLE), H5Tclose);
    case core::DType::float32:
      return Id(H5Tcopy(H5T_NATIVE_FLOAT), H5Tclose);
    case core::DType::int64:
      return Id(H5Tcopy(H5T_NATIVE_INT64), H5Tclose);
    case core::DType::boolean:
      return bool_type();
  }
  return {};
}

/// The element type dagarray holds for a dataset's type, or a NumPy-style name of the type.
std::pair<bool, core::DType> dtype_of_type(hid_t type, std::string& name) {
  const auto size = H5Tget_size(type);
  switch (H5Tget_class(type)) {
    case H5T_FLOAT:
      name = "float" + std::to_string(8 * size);
      if (size == 8) return {true, core::DType::float64};
      if (size == 4) return {true, core::DType::float32};
      return {false, {}};
    case H5T_INTEGER:
      name = std::string(H5Tget_sign(type) == H5T_SGN_NONE ? "uint" : "int") +
             std::to_string(8 * size);
      if (size == 8 && H5Tget_sign(type) == H5T_SGN_2) return {true, core::DType::int64};
      return {false, {}};
    case H5T_ENUM: {
      name = "enum";
      if (size != 1 || H5Tget_nmembers(type) != 2) return {false, {}};
      signed char value = 0;
      const bool is_bool = H5Tenum_valueof(type, "FALSE", &value) >= 0 && value == 0 &&
                           H5Tenum_valueof(type, "TRUE", &value) >= 0 && value == 1;
      if (is_bool) name = "bool";
      return {is_bool, core::DType::boolean};
    }
    default:
      name = "an HDF5 type of class " + std::to_string(int(H5Tget_class(type)));
      return {false, {}};
  }
}

Id hyperslab(hid_t dataspace, const core::Shape& origin, const core::Shape& shape) {
  Id space(H5Scopy(dataspace), H5Sclose);
  if (!shape.empty()) {
    const std::vector<hsize_t> start(origin.begin(), origin.end());
    const std::vector<hsize_t> count(shape.begin(), shape.end());
    H5Sselect_hyperslab(space.get(), H5S_SELECT_SET, start.data(), nullptr, count.data(), nullptr);
  }
  return space;
}

Id memory_space(const core::Shape& shape) {
  if (shape.empty()) return Id(H5Screate(H5S_SCALAR), H5Sclose);
  const std::vector<hsize_t> dims(shape.begin(), shape.end());
  return Id(H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr), H5Sclose);
}

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

std::unique_ptr<Writer> create_dataset(std::string_view fn, const std::string& path,
                                       const std::string& dataset, core::DType dtype,
                                       const core::Shape& shape, const core::Shape& chunk) {
  return std::make_unique<DatasetWriter>(fn, path, dataset, dtype, shape, chunk);
}

}  // namespace detail::hdf5

}  // namespace dagarray
