#pragma once
// What this build of dagarray is and runs on, for bug reports (as numpy.show_config()): the
// version, the compiler, the kernel levels, and the libraries it runs on. `dagarray info`
// prints it with the optional components the tool was built with.

#include <dagarray/array/isa.hpp>

#include <string>
#include <vector>

namespace dagarray {

struct BuildInfo {
  std::string version;             ///< dagarray's, as "0.1.0"
  std::string compiler;            ///< what compiled the library, as "GCC 12.2.0"
  bool native = false;             ///< built with -march=native: for the building CPU only
  std::vector<Isa> compiled_isas;  ///< the levels the kernels were compiled for
  std::string tbb_version;         ///< oneTBB's, as the loaded library reports it
  int default_threads = 0;         ///< the threads a compute uses with num_threads = 0
  std::string blas;                ///< the OpenBLAS built against, as "OpenBLAS 0.3.21"
};

/// @brief This build's facts; the active kernel level is active_isa().
BuildInfo build_info();

}  // namespace dagarray
