#include <dagarray/hdf5.hpp>

#include <hdf5.h>

#include <string>

namespace dagarray {

std::string hdf5_library_version() {
  unsigned major = 0, minor = 0, release = 0;
  const std::lock_guard lock(hdf5_lock());
  if (H5get_libversion(&major, &minor, &release) < 0) return "unknown";
  return std::to_string(major) + "." + std::to_string(minor) + "." + std::to_string(release);
}

}  // namespace dagarray
