#pragma once
// What the build put into this library: the bundled pages, or why there are none. Defined
// either in a .cpp that CMake generates from the esbuild output, or in bundle_missing.cpp.

#include <string_view>

namespace dagarray::viewer::detail {

/// The bundled page, with an empty graph-data element; empty when the viewer was left out.
std::string_view bundled_page();

/// The bundled live dashboard page; empty when the viewer was left out (it comes with it).
std::string_view bundled_dashboard();

/// Why the viewer was left out; empty when bundled_page() is not.
std::string_view missing_reason();

}  // namespace dagarray::viewer::detail
