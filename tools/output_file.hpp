#pragma once
// A file a command writes when its work is done, checked before the work starts: a path that
// cannot be written is an error at once, not after minutes of computing, and a regular file
// is written under a temporary name and renamed when complete, so an interrupted or failed
// command leaves the old file or the whole new one, never half of one.

#include <dagarray/array/file_io.hpp>

#include <fstream>
#include <optional>
#include <string>

namespace dagarray::cli {

class OutputFile {
 public:
  /// @brief `option` names the flag the path came from, for the message.
  /// @throws std::invalid_argument naming the option, the path and the reason.
  OutputFile(const std::string& option, const std::string& path);

  /// @brief Writes `text` as the whole file and gives it its name.
  /// @throws std::runtime_error naming the path when the write fails.
  void write(const std::string& text);

 private:
  std::string _path;
  std::optional<detail::ReplacingFile> _replacing;  // a new or regular file
  std::ofstream _special;                           // a device or pipe (/dev/stdout), as is
};

}  // namespace dagarray::cli
