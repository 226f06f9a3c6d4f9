# Included by viewer/CMakeLists.txt where Node.js and npm were found: npm ci, the esbuild
# bundle, and the page embedded into a generated C++ source of dagarray_viewer.
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

file(GLOB web_sources CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/web/*)
set(page ${CMAKE_CURRENT_BINARY_DIR}/viewer.html)
add_custom_command(OUTPUT ${page}
  COMMAND ${DAGARRAY_NODE} build.mjs --out ${page}
  DEPENDS build.mjs ${web_sources} ${installed}
  WORKING_DIRECTORY ${CMAKE_CURRENT_SOURCE_DIR}
  COMMENT "Bundling the graph viewer (esbuild)"
  VERBATIM)

set(bundle ${CMAKE_CURRENT_BINARY_DIR}/bundle.cpp)
add_custom_command(OUTPUT ${bundle}
  COMMAND ${CMAKE_COMMAND} -DINPUT=${page} -DOUTPUT=${bundle}
          -P ${CMAKE_CURRENT_SOURCE_DIR}/cmake/embed_page.cmake
  DEPENDS ${page} cmake/embed_page.cmake
  COMMENT "Embedding the graph viewer"
  VERBATIM)
target_sources(dagarray_viewer PRIVATE ${bundle})
