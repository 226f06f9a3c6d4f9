// Each rank holds a few blocks at a time, however many tasks it runs, and runs its share.

#include <catch2/catch.hpp>

#include "mpi_support.hpp"

TEST_CASE("mpi: every task runs on exactly one rank", "[mpi][owners]") {
  auto x = da::random::uniform(0.0, 1.0, {2, 400'000}, {2, 10'000}, 21);
  auto m = da::count_nonzero(da::sum(da::square(x), 0) < 1.0);
  m.compute(mpitest::kMpi);
  const auto stats = da::mpi::last_compute_stats();
  CHECK(stats.rank == mpitest::rank());
  CHECK(stats.ranks == mpitest::ranks());
  CHECK(mpitest::sum_over_ranks(stats.tasks) == stats.graph_tasks);
  if (mpitest::ranks() > 1) {
    CHECK(stats.tasks < stats.graph_tasks);  // the work really is shared
    CHECK(mpitest::sum_over_ranks(stats.messages_sent) ==
          mpitest::sum_over_ranks(stats.messages_received));
    CHECK(mpitest::sum_over_ranks(stats.bytes_sent) ==
          mpitest::sum_over_ranks(stats.bytes_received));
  } else {
    CHECK(stats.messages_sent == 0);
  }
}

TEST_CASE("mpi: live buffers per rank stay bounded however many blocks there are",
          "[mpi][memory]") {
  // 400 source blocks; each rank holds a few partial sums and blocks in flight at a time.
  auto x = da::random::uniform(0.0, 1.0, {400'000}, {1'000}, 5);
  auto s = da::sum(da::sqrt(x) + x);
  s.compute(mpitest::kMpi);
  const auto stats = da::mpi::last_compute_stats();
  INFO("rank " << stats.rank << " peak live buffers " << stats.peak_live_buffers << " of "
               << stats.tasks << " tasks");
  CHECK(stats.tasks > 50);
  CHECK(stats.peak_live_buffers <= 40);
}
