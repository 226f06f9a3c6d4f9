// The runner of the MPI tests: every rank runs every test case, in the same order, inside one
// MPI environment (mpirun -np K dagarray_mpi_tests).
#define CATCH_CONFIG_RUNNER
#include <dagarray/mpi.hpp>

#include <catch2/catch.hpp>

int main(int argc, char** argv) {
  dagarray::mpi::Environment mpi(argc, argv);
  return Catch::Session().run(argc, argv);
}
