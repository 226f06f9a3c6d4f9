// The larger-than-memory test of .npy files, run by CTest as bigfile.read and bigfile.write
// (label bigfile; not in the quick suite). Each mode is its own process, so getrusage's peak
// resident size measures that mode alone.
//
//   read DIR:  a sparse 32 GiB float64 file (header, ftruncate, a known value in scattered runs)
//              goes through sum(x * 2 + 1); the result must match the closed form and the peak
//              RSS stay under 1 GiB.
//   write DIR: to_npy of a 4 GiB int64 expression, arange(n) * 2 + 1, into a new file with peak
//              RSS under 512 MiB; numpy.load(mmap_mode='r') spot-checks it.
// Both files are removed at the end, whatever happens.

#include <dagarray/dagarray.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include <fcntl.h>
#include <sys/resource.h>
#include <unistd.h>

namespace da = dagarray;

namespace {

double peak_rss_mib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;  // ru_maxrss is in KiB on Linux
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

/// Removes the file when the mode ends, passed or failed.
struct Removed {
  std::string path;
  ~Removed() { std::filesystem::remove(path); }
};

int read_mode(const std::string& dir) {
  constexpr std::int64_t rows = 65536, cols = 65536;  // 2^32 float64: 32 GiB
  constexpr std::int64_t runs = 1000, run = 4096;     // values 3.0 in 1000 runs of 4096
  const Removed file{dir + "/dagarray-bigfile-read.npy"};
  const auto header = da::detail::format_npy_header(da::core::DType::float64, {rows, cols});
  const auto data_bytes = std::uint64_t(rows * cols) * 8;
  {
    const int fd = ::open(file.path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0 || ::pwrite(fd, header.data(), header.size(), 0) != ssize_t(header.size()) ||
        ::ftruncate(fd, off_t(header.size() + data_bytes)) != 0) {
      std::perror("creating the sparse file");
      return 1;
    }
    const std::vector<double> threes(run, 3.0);
    for (std::int64_t r = 0; r < runs; ++r) {
      // Scattered by a stride coprime to the row length, so runs land at every row offset.
      const auto element = (r * 4'294'967 + r * r * 7919) % (rows * cols - run);
      const auto at = off_t(header.size() + std::uint64_t(element) * 8);
      if (::pwrite(fd, threes.data(), run * 8, at) != run * 8) {
        std::perror("writing a run");
        return 1;
      }
    }
    ::close(fd);
  }
  // Runs may overlap: count the elements that hold 3.0 from the runs' positions.
  std::vector<std::pair<std::int64_t, std::int64_t>> spans;
  for (std::int64_t r = 0; r < runs; ++r) {
    const auto element = (r * 4'294'967 + r * r * 7919) % (rows * cols - run);
    spans.push_back({element, element + run});
  }
  std::sort(spans.begin(), spans.end());
  std::int64_t threes = 0, end = 0;
  for (auto [lo, hi] : spans) {
    threes += std::max<std::int64_t>(0, hi - std::max(lo, end));
    end = std::max(end, hi);
  }
  // sum(2x + 1) = 2 * 3 * threes + n: integers below 2^53, so exact in any order of addition.
  const double expected = 6.0 * double(threes) + double(rows * cols);

  const auto start = std::chrono::steady_clock::now();
  const auto x = da::from_npy<double>(file.path, {128, cols});  // 64 MiB blocks, 512 of them
  const double total = da::sum(x * 2.0 + 1.0).compute().item();
  const auto seconds = seconds_since(start);
  const auto rss = peak_rss_mib();
  std::printf(
      "bigfile.read: %.1f GiB sparse file (%llu bytes), sum(x * 2 + 1) = %.1f "
      "(expected %.1f) in %.1f s, %.0f MiB/s, peak RSS %.0f MiB\n",
      double(data_bytes) / (1 << 30), (unsigned long long)(header.size() + data_bytes), total,
      expected, seconds, double(data_bytes) / (1 << 20) / seconds, rss);
  if (total != expected) return std::puts("FAILED: the sum differs from the closed form"), 1;
  if (rss >= 1024) return std::puts("FAILED: peak RSS is not under 1 GiB"), 1;
  return 0;
}

int write_mode(const std::string& dir) {
  constexpr std::int64_t n = std::int64_t{1} << 29;  // int64: 4 GiB
  const Removed file{dir + "/dagarray-bigfile-write.npy"};
  const auto start = std::chrono::steady_clock::now();
  da::to_npy(da::arange(n, 1 << 23) * 2 + 1, file.path);  // 64 MiB blocks
  const auto seconds = seconds_since(start);
  const auto rss = peak_rss_mib();
  const auto size = std::filesystem::file_size(file.path);
  std::printf(
      "bigfile.write: to_npy of arange(2^29) * 2 + 1 (int64), %llu bytes in %.1f s "
      "(fsync included), %.0f MiB/s, peak RSS %.0f MiB\n",
      (unsigned long long)size, seconds, double(size) / (1 << 20) / seconds, rss);
  if (rss >= 512) return std::puts("FAILED: peak RSS is not under 512 MiB"), 1;
  std::fflush(stdout);  // before the child's output
  if (std::system("/usr/bin/python3 -c 'import numpy' >/dev/null 2>&1") != 0) {
    std::puts("bigfile.write: /usr/bin/python3 with numpy not found; numpy.load not checked");
    return 0;
  }
  const auto check =
      "/usr/bin/python3 -c \"import numpy as np, sys\n"
      "m = np.load('" +
      file.path +
      "', mmap_mode='r')\n"
      "n = 1 << 29\n"
      "i = np.r_[0, 1, 12345, n // 2, n - 2, n - 1, np.arange(7, n, 999983)]\n"
      "ok = m.dtype == np.int64 and m.shape == (n,) and (m[i] == 2 * i + 1).all()\n"
      "print('bigfile.write: numpy.load(mmap_mode=r) spot check of', len(i), "
      "'elements:', 'ok' if ok else 'MISMATCH')\n"
      "sys.exit(0 if ok else 1)\"";
  return std::system(check.c_str()) == 0 ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || (std::string(argv[1]) != "read" && std::string(argv[1]) != "write")) {
    std::fprintf(stderr, "usage: %s read|write [DIR]\n", argv[0]);
    return 2;
  }
  const std::string dir = argc > 2 ? argv[2] : std::filesystem::temp_directory_path().string();
  try {
    return std::string(argv[1]) == "read" ? read_mode(dir) : write_mode(dir);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "FAILED: %s\n", e.what());
    return 1;
  }
}
