// The program of docs/distributed.md, built against the installed dagarray::mpi: every rank
// gets the count of Scheduler::threads, bit for bit.
#include <dagarray/dagarray.hpp>
#include <dagarray/mpi.hpp>

#include <cstdio>

namespace da = dagarray;

int main(int argc, char** argv) {
  da::mpi::Environment mpi(argc, argv);
  const std::int64_t n = 4'000'000;
  auto pts = da::random::uniform(-1.0, 1.0, {2, n}, {2, 1 << 20}, 42);
  auto m = da::count_nonzero(da::sum(da::square(pts), 0) < 1.0);
  const auto on_mpi = m.compute({.scheduler = da::Scheduler::mpi}).item();
  const auto on_threads = m.compute({.scheduler = da::Scheduler::threads}).item();
  std::printf("consumer: rank %d of %d: %lld inside, threads %lld\n", mpi.rank(), mpi.size(),
              static_cast<long long>(on_mpi), static_cast<long long>(on_threads));
  return on_mpi == on_threads && on_mpi > 0 ? 0 : 1;
}
