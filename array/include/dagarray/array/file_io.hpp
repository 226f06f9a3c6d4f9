#pragma once
// The POSIX file handling the on-disk formats share: a descriptor that closes itself, positioned
// reads and writes (pread and pwrite take their own offset, so tasks on many threads use one
// descriptor at once), and a file written under a temporary name that takes its final name
// only when it is complete.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

namespace dagarray::detail {

/// @brief An open file descriptor, closed by the destructor.
class File {
 public:
  File() = default;
  File(int fd, std::string path) : _fd(fd), _path(std::move(path)) {}
  File(File&& other) noexcept : _fd(std::exchange(other._fd, -1)), _path(std::move(other._path)) {}
  File& operator=(File&& other) noexcept;
  File(const File&) = delete;
  File& operator=(const File&) = delete;
  ~File();

  /// @brief Opens `path` read-only; std::invalid_argument("fn: path = '...' cannot be opened:
  /// <strerror>") if it cannot be (this is a call-time check of the user's argument).
  static File open_read(std::string_view fn, const std::string& path);

  int fd() const { return _fd; }
  const std::string& path() const { return _path; }
  std::uint64_t size() const;

  /// @brief Reads exactly `bytes` at `offset`; std::runtime_error naming the path otherwise.
  void read_at(std::uint64_t offset, std::byte* out, std::size_t bytes) const;
  /// @brief Writes exactly `bytes` at `offset`; std::runtime_error naming the path otherwise.
  void write_at(std::uint64_t offset, const std::byte* in, std::size_t bytes) const;
  /// @brief Closes now, reporting a failure (a deferred write error) as std::runtime_error.
  void close();

 private:
  int _fd = -1;
  std::string _path;
};

/// @brief A new file written under a temporary name in the final path's directory, renamed to
/// the final path by commit(). Destroyed without commit() (a failed write), it removes the
/// temporary, so a reader never finds a half-written file under the final name.
class ReplacingFile {
 public:
  /// @brief Creates the temporary; std::invalid_argument naming `path` and strerror if the
  /// directory does not exist or is not writable.
  ReplacingFile(std::string_view fn, std::string path);
  ReplacingFile(const ReplacingFile&) = delete;
  ReplacingFile& operator=(const ReplacingFile&) = delete;
  ~ReplacingFile();

  /// @brief The temporary's descriptor (its path() is the temporary name).
  const File& file() const { return _file; }
  const std::string& temporary_path() const { return _file.path(); }
  const std::string& final_path() const { return _path; }
  /// @brief Sets the file's size, sparse where nothing is written.
  void resize(std::uint64_t bytes) const;
  /// @brief Flushes, closes and renames the file to its final path.
  void commit();

 private:
  std::string _path;
  File _file;
  bool _committed = false;
};

/// @brief A temporary name beside `path` ("<path>.tmp-<pid>-<n>") for writers that create
/// the file themselves (HDF5); unique within this process and among processes.
std::string temporary_name(const std::string& path);

/// @brief std::runtime_error("<what> '<path>': <strerror(errno)>").
[[noreturn]] void io_error(std::string_view what, std::string_view path, int error);

}  // namespace dagarray::detail
