cmake_minimum_required(VERSION 3.25)
# Run by CTest: every test case the Catch binary lists must be registered with CTest under its
# own name. catch_discover_tests builds a CMake list of names, and a name with ';' is split in
# two, while one with an unbalanced '[' swallows every name after it into one: each such test
# then matches nothing, runs nothing, and passes. (Both happened: 230 test cases went unrun.)
#   cmake -DBINARY=... -DDISCOVERED=<dir>/<target>_tests-*.cmake -DPREFIX=... -P check_discovery.cmake
file(GLOB discovered_files "${DISCOVERED}")
if(NOT discovered_files)
  message(FATAL_ERROR "no discovered tests at ${DISCOVERED}")
endif()
set(registered "")
foreach(discovered IN LISTS discovered_files)
  file(STRINGS "${discovered}" lines REGEX "^add_test\\(")
  foreach(line IN LISTS lines)
    # add_test( [==[name]==] /path/to/binary [==[name]==] ...): the name before the path.
    string(REGEX MATCH "^add_test\\( \\[==\\[(.*)\\]==\\] /" matched "${line}")
    list(APPEND registered "${CMAKE_MATCH_1}")
  endforeach()
endforeach()
execute_process(COMMAND "${BINARY}" --list-test-names-only OUTPUT_VARIABLE listed
                RESULT_VARIABLE status)
string(REPLACE "\n" ";" listed "${listed}")
set(missing "")
set(count 0)
foreach(name IN LISTS listed)
  if(name STREQUAL "")
    continue()
  endif()
  math(EXPR count "${count} + 1")
  if(NOT "${PREFIX}${name}" IN_LIST registered)
    list(APPEND missing "${name}")
  endif()
endforeach()
list(LENGTH registered registered_count)
if(missing OR NOT registered_count EQUAL count)
  string(REPLACE ";" "\n  " missing_lines "${missing}")
  message(FATAL_ERROR "${count} test cases listed, ${registered_count} registered with CTest; "
                      "not registered under their own names (no ';' or unbalanced '[' in a "
                      "test name):\n  ${missing_lines}")
endif()
message(STATUS "${count} test cases, each registered with CTest under its own name")
