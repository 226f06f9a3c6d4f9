# Every external symbol a per-level kernel object defines must be its level's own
# (dagarray::detail::<level>::..., or <level>_random_kernels): a shared inline function, say a
# std:: template instantiated there, would let the linker give a baseline caller the AVX-512
# copy, which dies with an illegal instruction on an older CPU (core/kernel_namespace.hpp).
#   cmake -DNM=nm -DOBJECTS="a.o|b.o" -P check_kernel_symbols.cmake
string(REPLACE "|" ";" objects "${OBJECTS}")
list(LENGTH objects count)
if(count EQUAL 0)
  message(FATAL_ERROR "no kernel objects given")
endif()
foreach(object IN LISTS objects)
  get_filename_component(file "${object}" NAME)
  string(REGEX MATCH "^[a-z0-9]+" level "${file}")
  execute_process(COMMAND "${NM}" -C --defined-only --extern-only "${object}"
                  OUTPUT_VARIABLE symbols RESULT_VARIABLE failed)
  if(failed)
    message(FATAL_ERROR "${NM} failed on ${object}")
  endif()
  string(REPLACE "\n" ";" lines "${symbols}")
  set(own 0)
  foreach(line IN LISTS lines)
    if(NOT line MATCHES "^[0-9a-f]+ [A-Za-z] (.*)$")
      continue()
    endif()
    set(symbol "${CMAKE_MATCH_1}")
    if(symbol MATCHES "::${level}::" OR symbol MATCHES "::${level}_random_kernels\\(")
      math(EXPR own "${own} + 1")
    else()
      message(FATAL_ERROR "${file} (level ${level}) defines a symbol other levels could share: "
                          "${symbol}")
    endif()
  endforeach()
  if(own EQUAL 0)
    message(FATAL_ERROR "${file} defines no ${level} symbol: is it a kernel object?")
  endif()
  message(STATUS "${file}: ${own} symbols, all ${level}'s")
endforeach()
