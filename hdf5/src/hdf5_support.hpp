#pragma once
// What the HDF5 reader and writer share: the lock every HDF5 call holds (Debian's serial build
// has no thread safety of its own, and the tasks of a compute call it from several threads at
// once), identifiers that close themselves, and the mapping of dagarray's dtypes to HDF5 types.

#include <dagarray/hdf5.hpp>

#include <hdf5.h>

#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace dagarray::detail::hdf5 {

/// A lock on HDF5 that also, the first time, stops HDF5 printing its error stack to stderr:
/// dagarray reports every failure as an exception instead.
class Locked {
 public:
  Locked() : _lock(hdf5_lock()) {
    static bool quiet = false;  // read and written under the lock
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

[[noreturn]] inline void hdf5_failed(std::string_view what, const std::string& path,
                                     const std::string& dataset) {
  throw std::runtime_error("HDF5 cannot " + std::string(what) + " dataset '" + dataset + "' of '" +
                           path + "'");
}

/// h5py's bool: an enum over int8 with FALSE = 0 and TRUE = 1.
inline Id bool_type() {
  Id type(H5Tenum_create(H5T_NATIVE_INT8), H5Tclose);
  const signed char no = 0, yes = 1;
  H5Tenum_insert(type.get(), "FALSE", &no);
  H5Tenum_insert(type.get(), "TRUE", &yes);
  return type;
}

/// The memory type HDF5 converts a dataset's elements to (its byte order becomes native).
inline Id memory_type(core::DType dtype) {
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
inline std::pair<bool, core::DType> dtype_of_type(hid_t type, std::string& name) {
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

inline Id hyperslab(hid_t dataspace, const core::Shape& origin, const core::Shape& shape) {
  Id space(H5Scopy(dataspace), H5Sclose);
  if (!shape.empty()) {
    const std::vector<hsize_t> start(origin.begin(), origin.end());
    const std::vector<hsize_t> count(shape.begin(), shape.end());
    H5Sselect_hyperslab(space.get(), H5S_SELECT_SET, start.data(), nullptr, count.data(), nullptr);
  }
  return space;
}

inline Id memory_space(const core::Shape& shape) {
  if (shape.empty()) return Id(H5Screate(H5S_SCALAR), H5Sclose);
  const std::vector<hsize_t> dims(shape.begin(), shape.end());
  return Id(H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr), H5Sclose);
}

}  // namespace dagarray::detail::hdf5
