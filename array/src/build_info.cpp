#include <dagarray/array/build_info.hpp>
#include <dagarray/scheduler/options.hpp>
#include <dagarray/version.hpp>

#include <cblas.h>
#include <oneapi/tbb/version.h>

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
  info.blas = openblas_get_config();
  return info;
}

}  // namespace dagarray
