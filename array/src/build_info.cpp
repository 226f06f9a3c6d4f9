#include <dagarray/array/build_info.hpp>
#include <dagarray/scheduler/options.hpp>
#include <dagarray/version.hpp>

#include <oneapi/tbb/version.h>
#include <openblas_config.h>

namespace dagarray {

namespace {

std::string compiler() {
#if defined(__clang__)
  return "Clang " __clang_version__;
#elif defined(__GNUC__)
  return "GCC " __VERSION__;
#else
  return "unknown compiler";
#endif
}

}  // namespace

BuildInfo build_info() {
  BuildInfo info;
  info.version = DAGARRAY_VERSION_STRING;
  info.compiler = compiler();
#if defined(DAGARRAY_NATIVE_BUILD)
  info.native = true;
#endif
  info.compiled_isas = compiled_isas();
  info.tbb_version = TBB_runtime_version();
  info.default_threads = thread_count(0);
  // The version built against, from OpenBLAS's header: asking the library would load it, and
  // with it its threads and buffers, into every program that never multiplies a matrix.
  std::string blas = OPENBLAS_VERSION;
  while (!blas.empty() && blas.front() == ' ') blas.erase(blas.begin());
  while (!blas.empty() && blas.back() == ' ') blas.pop_back();
  info.blas = blas;
  return info;
}

}  // namespace dagarray
