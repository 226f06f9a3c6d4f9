// The build left the viewer out (no Node.js, or DAGARRAY_BUILD_VIEWER=OFF); CMake passes why.

#include "bundle.hpp"

namespace dagarray::viewer::detail {

std::string_view bundled_page() {
  return {};
}

std::string_view bundled_dashboard() {
  return {};
}

std::string_view missing_reason() {
  return DAGARRAY_VIEWER_MISSING_REASON;
}

}  // namespace dagarray::viewer::detail
