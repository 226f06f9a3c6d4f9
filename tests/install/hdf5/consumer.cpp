// Writes a lazy array to an HDF5 file and reads it back through the installed package.
#include <dagarray/hdf5.hpp>

#include <cstdio>
#include <filesystem>

namespace da = dagarray;

int main() {
  const auto path = (std::filesystem::temp_directory_path() / "dagarray-consumer.h5").string();
  da::to_hdf5(da::arange(1000, 100) * 2, path, "/x");
  const auto total = da::sum(da::from_hdf5<std::int64_t>(path, "/x")).compute().item();
  std::filesystem::remove(path);
  std::printf("sum = %lld\n", static_cast<long long>(total));
  return total == 999 * 1000 ? 0 : 1;
}
