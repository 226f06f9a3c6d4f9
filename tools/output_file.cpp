#include "output_file.hpp"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace dagarray::cli {

OutputFile::OutputFile(const std::string& option, const std::string& path) : _path(path) {
  struct stat existing {};
  // Renaming a file over /dev/null would replace the device: special files are written in
  // place.
  if (::stat(path.c_str(), &existing) == 0 && !S_ISREG(existing.st_mode) &&
      !S_ISDIR(existing.st_mode)) {
    _special.open(path, std::ios::binary);
    if (!_special) {
      throw std::invalid_argument(option + ": path = '" + path +
                                  "' cannot be opened: " + std::strerror(errno));
    }
    return;
  }
  _replacing.emplace(option, path);
}

void OutputFile::write(const std::string& text) {
  if (_replacing) {
    _replacing->file().write_at(0, reinterpret_cast<const std::byte*>(text.data()), text.size());
    _replacing->commit();
    return;
  }
  _special << text;
  _special.close();
  if (!_special) throw std::runtime_error("cannot write '" + _path + "'");
}

}  // namespace dagarray::cli
