#pragma once
// Helpers for the tests of on-disk formats: a scratch directory removed afterwards, raw file
// contents, and Debian's python3 (with numpy or h5py) run on a script.

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <vector>

namespace test {

/// A fresh directory under the system's temp dir, removed with everything in it.
class ScratchDir {
 public:
  ScratchDir() {
    auto pattern = (std::filesystem::temp_directory_path() / "dagarray-test-XXXXXX").string();
    if (!::mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
    _path = pattern;
  }
  ~ScratchDir() {
    std::error_code ignored;
    std::filesystem::remove_all(_path, ignored);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;

  std::string operator/(const std::string& name) const { return (_path / name).string(); }
  const std::filesystem::path& path() const { return _path; }
  /// The names of the files in the directory, sorted.
  std::vector<std::string> files() const {
    std::vector<std::string> names;
    for (const auto& entry : std::filesystem::directory_iterator(_path)) {
      names.push_back(entry.path().filename().string());
    }
    std::sort(names.begin(), names.end());
    return names;
  }

 private:
  std::filesystem::path _path;
};

inline std::string read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

inline void write_bytes(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

/// Debian's python3, if it can import `module`.
inline bool have_python(const std::string& module) {
  const auto command = "/usr/bin/python3 -c 'import " + module + "' >/dev/null 2>&1";
  return std::system(command.c_str()) == 0;
}

/// Runs `script` (written to a file in `dir`) with Debian's python3; true if it exits with 0.
inline bool run_python(const ScratchDir& dir, const std::string& script) {
  const auto file = dir / "script.py";
  write_bytes(file, script);
  const auto command = "/usr/bin/python3 " + file;
  const bool ok = std::system(command.c_str()) == 0;
  std::filesystem::remove(file);
  return ok;
}

}  // namespace test
