# `dagarray pi --scheduler mpi` under mpirun gives the estimate of the threads scheduler, bit for
# bit, with the rank count and every rank's tasks adding up to the graph's.
# cmake -DDAGARRAY=... -DRANKS=... -DMPIRUN="mpirun;flags..." -P cli_pi.cmake
set(pi_arguments pi --n 4000000 --chunk 65536 --repeat 1 --no-progress --format json)

execute_process(COMMAND ${DAGARRAY} ${pi_arguments} --modes lazy
                OUTPUT_VARIABLE threads_json RESULT_VARIABLE threads_status)
if(NOT threads_status EQUAL 0)
  message(FATAL_ERROR "dagarray pi (threads) failed: ${threads_status}")
endif()
execute_process(COMMAND ${MPIRUN} -np ${RANKS} ${DAGARRAY} ${pi_arguments} --scheduler mpi
                OUTPUT_VARIABLE mpi_json RESULT_VARIABLE mpi_status)
if(NOT mpi_status EQUAL 0)
  message(FATAL_ERROR "mpirun -np ${RANKS} dagarray pi --scheduler mpi failed: ${mpi_status}")
endif()

# Rank 0 alone prints: one JSON array of one row.
string(JSON rows LENGTH "${mpi_json}")
if(NOT rows EQUAL 1)
  message(FATAL_ERROR "expected one row from rank 0 only, got ${rows}: ${mpi_json}")
endif()
string(JSON threads_pi GET "${threads_json}" 0 pi)
string(JSON mpi_pi GET "${mpi_json}" 0 pi)
if(NOT threads_pi STREQUAL mpi_pi)
  message(FATAL_ERROR "pi: threads ${threads_pi}, mpi ${mpi_pi}")
endif()
string(JSON ranks GET "${mpi_json}" 0 ranks)
if(NOT ranks EQUAL RANKS)
  message(FATAL_ERROR "ranks = ${ranks}, expected ${RANKS}")
endif()
string(JSON tasks GET "${mpi_json}" 0 tasks)
math(EXPR last "${RANKS} - 1")
set(total 0)
foreach(rank RANGE ${last})
  string(JSON share GET "${mpi_json}" 0 rank_tasks ${rank})
  if(share LESS_EQUAL 0)
    message(FATAL_ERROR "rank ${rank} ran ${share} tasks: ${mpi_json}")
  endif()
  math(EXPR total "${total} + ${share}")
endforeach()
if(NOT total EQUAL tasks)
  message(FATAL_ERROR "the ranks ran ${total} tasks, the graph has ${tasks}")
endif()
message(STATUS "pi ${mpi_pi} on ${ranks} ranks, ${tasks} tasks")
