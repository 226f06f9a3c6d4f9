# Included by viewer/CMakeLists.txt where Node.js and npm were found: npm ci, the esbuild
# bundles, and the pages embedded into a generated C++ source of dagarray_viewer.
message(STATUS "dagarray: browser viewer bundled with Node.js ${node_version}")

# npm ci installs exactly package-lock.json's versions into viewer/node_modules; npm writes
# node_modules/.package-lock.json last, which marks a finished install.
set(installed ${CMAKE_CURRENT_SOURCE_DIR}/node_modules/.package-lock.json)
add_custom_command(OUTPUT ${installed}
  COMMAND ${DAGARRAY_NPM} ci --no-audit --no-fund --loglevel=error
  COMMAND ${CMAKE_COMMAND} -E touch ${installed}
  DEPENDS package.json package-lock.json
  WORKING_DIRECTORY ${CMAKE_CURRENT_SOURCE_DIR}
  COMMENT "Installing the viewer's npm packages (npm ci)"
  VERBATIM)

# Both pages, the viewer and the live dashboard, come from one run of build.mjs.
file(GLOB_RECURSE web_sources CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/web/*)
set(DAGARRAY_VIEWER_PAGE ${CMAKE_CURRENT_BINARY_DIR}/viewer.html)
set(DAGARRAY_DASHBOARD_PAGE ${CMAKE_CURRENT_BINARY_DIR}/dashboard.html)
add_custom_command(OUTPUT ${DAGARRAY_VIEWER_PAGE} ${DAGARRAY_DASHBOARD_PAGE}
  COMMAND ${DAGARRAY_NODE} build.mjs --out-dir ${CMAKE_CURRENT_BINARY_DIR}
  DEPENDS build.mjs ${web_sources} ${installed}
  WORKING_DIRECTORY ${CMAKE_CURRENT_SOURCE_DIR}
  COMMENT "Bundling the graph viewer and the dashboard (esbuild)"
  VERBATIM)

set(bundle ${CMAKE_CURRENT_BINARY_DIR}/bundle.cpp)
add_custom_command(OUTPUT ${bundle}
  COMMAND ${CMAKE_COMMAND} -DVIEWER=${DAGARRAY_VIEWER_PAGE} -DDASHBOARD=${DAGARRAY_DASHBOARD_PAGE}
          -DOUTPUT=${bundle} -P ${CMAKE_CURRENT_SOURCE_DIR}/cmake/embed_page.cmake
  DEPENDS ${DAGARRAY_VIEWER_PAGE} ${DAGARRAY_DASHBOARD_PAGE} cmake/embed_page.cmake
  COMMENT "Embedding the graph viewer and the dashboard"
  VERBATIM)
target_sources(dagarray_viewer PRIVATE ${bundle})
