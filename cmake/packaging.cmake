# Debian packages by CPack (`cpack -G DEB` in the build folder, or `cmake --build build
# --target package`):
#   dagarray       the tool and its man page (component runtime); its shared-library
#                  dependencies (libtbb12, libopenblas0, Open MPI, HDF5, ...) are found by
#                  dpkg-shlibdeps from what the tool links;
#   dagarray-dev   headers, the static libraries and the CMake package (component dev),
#                  depending on the -dev packages a consumer's find_package(dagarray) needs.
# Built as Debian builds: install with `apt-get install ./dagarray_*.deb ./dagarray-dev_*.deb`.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME dagarray)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGE_CONTACT "dagarray maintainers <maintainers@dagarray.invalid>")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_ALL runtime dev)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION science)

set(CPACK_DEBIAN_RUNTIME_PACKAGE_NAME dagarray)
set(CPACK_DEBIAN_RUNTIME_PACKAGE_SHLIBDEPS ON)
set(CPACK_COMPONENT_RUNTIME_DESCRIPTION
  "Lazy chunked arrays as task graphs on oneTBB: the dagarray tool
 Estimates pi by Monte Carlo in several ways, exports and serves task graphs, shows computes
 live in a browser, profiles and benchmarks them; under mpirun, on every rank.")

set(CPACK_DEBIAN_DEV_PACKAGE_NAME dagarray-dev)
set(CPACK_DEBIAN_DEV_PACKAGE_SECTION libdevel)
# What the installed CMake package finds, component by component.
set(dev_depends "libtbb-dev, nlohmann-json3-dev, libopenblas-dev")
if(TARGET dagarray_dashboard)
  string(APPEND dev_depends ", libboost-dev (>= 1.74)")
endif()
if(TARGET dagarray_mpi)
  string(APPEND dev_depends ", libopenmpi-dev")
endif()
if(TARGET dagarray_hdf5)
  string(APPEND dev_depends ", libhdf5-dev")
endif()
set(CPACK_DEBIAN_DEV_PACKAGE_DEPENDS "${dev_depends}")
set(CPACK_COMPONENT_DEV_DESCRIPTION
  "Lazy chunked arrays as task graphs on oneTBB: headers and libraries
 The C++20 library behind <dagarray/dagarray.hpp>, with its CMake package:
 find_package(dagarray CONFIG REQUIRED [COMPONENTS dashboard mpi hdf5]).")
include(CPack)
