#include <dagarray/array/file_io.hpp>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <stdexcept>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace dagarray::detail {

namespace {

std::string describe(std::string_view fn, std::string_view path, std::string_view problem,
                     int error) {
  std::string message(fn);
  message += ": path = '";
  message += path;
  message += "' ";
  message += problem;
  message += ": ";
  message += std::strerror(error);
  return message;
}

}  // namespace

void io_error(std::string_view what, std::string_view path, int error) {
  std::string message(what);
  message += " '";
  message += path;
  message += "': ";
  message += std::strerror(error);
  throw std::runtime_error(message);
}

File& File::operator=(File&& other) noexcept {
  if (this != &other) {
    if (_fd >= 0) ::close(_fd);
    _fd = std::exchange(other._fd, -1);
    _path = std::move(other._path);
  }
  return *this;
}

File::~File() {
  if (_fd >= 0) ::close(_fd);
}

File File::open_read(std::string_view fn, const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw std::invalid_argument(describe(fn, path, "cannot be opened", errno));
  File file(fd, path);
  struct stat info {};
  if (::fstat(fd, &info) != 0 || !S_ISREG(info.st_mode)) {
    throw std::invalid_argument(describe(fn, path, "is not a regular file", EINVAL));
  }
  return file;
}

std::uint64_t File::size() const {
  struct stat info {};
  if (::fstat(_fd, &info) != 0) io_error("cannot stat", _path, errno);
  return static_cast<std::uint64_t>(info.st_size);
}

void File::read_at(std::uint64_t offset, std::byte* out, std::size_t bytes) const {
  while (bytes > 0) {
    const auto got = ::pread(_fd, out, bytes, static_cast<off_t>(offset));
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) io_error("cannot read", _path, errno);
    if (got == 0) {
      throw std::runtime_error("cannot read '" + _path + "': it ends at byte " +
                               std::to_string(offset) + ", before the data its header describes");
    }
    out += got;
    offset += static_cast<std::uint64_t>(got);
    bytes -= static_cast<std::size_t>(got);
  }
}

void File::write_at(std::uint64_t offset, const std::byte* in, std::size_t bytes) const {
  while (bytes > 0) {
    const auto put = ::pwrite(_fd, in, bytes, static_cast<off_t>(offset));
    if (put < 0 && errno == EINTR) continue;
    if (put <= 0) io_error("cannot write", _path, put < 0 ? errno : EIO);
    in += put;
    offset += static_cast<std::uint64_t>(put);
    bytes -= static_cast<std::size_t>(put);
  }
}

void File::close() {
  if (_fd < 0) return;
  const int fd = std::exchange(_fd, -1);
  if (::close(fd) != 0 && errno != EINTR) io_error("cannot close", _path, errno);
}

std::string temporary_name(const std::string& path) {
  static std::atomic<std::uint64_t> counter{0};
  return path + ".tmp-" + std::to_string(::getpid()) + "-" +
         std::to_string(counter.fetch_add(1, std::memory_order_relaxed));
}

ReplacingFile::ReplacingFile(std::string_view fn, std::string path) : _path(std::move(path)) {
  // The rename at the end would fail on a directory: say so now, before the compute.
  struct stat existing {};
  if (::stat(_path.c_str(), &existing) == 0 && S_ISDIR(existing.st_mode)) {
    throw std::invalid_argument(describe(fn, _path, "cannot be replaced", EISDIR));
  }
  // O_EXCL: never truncate somebody else's file that happens to have the name. Mode 0666 less
  // the umask, as numpy.save's open() gives.
  for (int attempt = 0;; ++attempt) {
    auto name = temporary_name(_path);
    const int fd = ::open(name.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd >= 0) {
      _file = File(fd, std::move(name));
      return;
    }
    if (errno != EEXIST || attempt == 100) {
      throw std::invalid_argument(describe(fn, _path, "cannot be created", errno));
    }
  }
}

ReplacingFile::~ReplacingFile() {
  if (_committed) return;
  const auto name = _file.path();
  _file = File();  // close before removing
  ::unlink(name.c_str());
}

void ReplacingFile::resize(std::uint64_t bytes) const {
  if (::ftruncate(_file.fd(), static_cast<off_t>(bytes)) != 0) {
    io_error("cannot set the size of", _file.path(), errno);
  }
}

void ReplacingFile::commit() {
  // Data on disk before the name: a crash after the rename then never shows a file whose
  // blocks are still missing.
  if (::fsync(_file.fd()) != 0) io_error("cannot flush", _file.path(), errno);
  _file.close();
  if (::rename(_file.path().c_str(), _path.c_str()) != 0)
    io_error("cannot rename to", _path, errno);
  _committed = true;
}

}  // namespace dagarray::detail
