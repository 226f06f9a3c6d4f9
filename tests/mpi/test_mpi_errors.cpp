// A compute that cannot finish ends on every rank with the same error, promptly, and leaves
// the environment ready for the next compute.

#include <catch2/catch.hpp>

#include <functional>
#include <stdexcept>
#include <string>

#include "mpi_support.hpp"

namespace {

using Catch::Matchers::Contains;
using mpitest::kMpi;
using mpitest::kThreads;

/// @brief A sum whose map_blocks step throws in the blocks `bad` lists.
da::Array<double> failing_sum(std::vector<std::int64_t> bad) {
  auto x = da::astype<double>(da::arange(4'000, 250));  // 16 blocks, spread over every rank
  return da::sum(da::map_blocks(
      [bad](const da::NDArray<double>& b, const da::BlockInfo& info) {
        for (auto block : bad) {
          if (info.index[0] == block) {
            throw std::runtime_error("block " + std::to_string(block) + " is bad");
          }
        }
        return b * 2.0;
      },
      x));
}

std::string error_of(const da::Array<double>& x) {
  try {
    x.compute(kMpi);
  } catch (const da::TaskError& e) {
    return std::string(e.what()) + " | " + e.key() + " | " + e.cause();
  }
  return "no error";
}

bool same_on_every_rank(const std::string& text) {
  const auto hash = static_cast<std::int64_t>(std::hash<std::string>{}(text) >> 1);
  return mpitest::max_over_ranks(hash) == -mpitest::max_over_ranks(-hash);
}

void check_next_compute_works() {
  auto ok = da::sum(da::arange(100, 10));
  CHECK(ok.compute(kMpi).item() == 4950);
}

}  // namespace

TEST_CASE("mpi: a task failing on one rank ends the compute on every rank", "[mpi][errors]") {
  const auto message = error_of(failing_sum({15}));  // the last block: the last rank's
  CHECK_THAT(message, Contains("block 15 is bad"));
  CHECK_THAT(message, Contains("map_blocks"));
  CHECK(same_on_every_rank(message));
  check_next_compute_works();
}

TEST_CASE("mpi: tasks failing on two ranks give every rank the same error", "[mpi][errors]") {
  const auto message = error_of(failing_sum({0, 15}));
  // Whichever failed first on each rank, every rank reports the failure of the lowest task.
  CHECK_THAT(message, Contains("block 0 is bad") || Contains("block 15 is bad"));
  CHECK(same_on_every_rank(message));
  check_next_compute_works();
  // Twice in a row, then success.
  CHECK_THAT(error_of(failing_sum({7})), Contains("block 7 is bad"));
  check_next_compute_works();
}

TEST_CASE("mpi: the failing rank's TaskError nests the original exception", "[mpi][errors]") {
  try {
    failing_sum({3}).compute(kMpi);
    FAIL("no error");
  } catch (const da::TaskError& e) {
    CHECK_THROWS_WITH(std::rethrow_if_nested(e), Contains("block 3 is bad"));
  }
}

TEST_CASE("mpi: ranks that built different graphs get one clear error", "[mpi][errors]") {
  if (mpitest::ranks() == 1) return;  // one rank cannot disagree with itself
  // Rank 0's array is one element longer than the others'.
  const std::int64_t stop = mpitest::rank() == 0 ? 101 : 100;
  auto x = da::sum(da::arange(stop, 10));
  try {
    x.compute(kMpi);
    FAIL("no error");
  } catch (const std::invalid_argument& e) {
    CHECK_THAT(e.what(), Contains("the ranks built different graphs"));
    CHECK_THAT(e.what(), Contains("rank 0:"));
    CHECK_THAT(e.what(), Contains("rank 1:"));
  }
  check_next_compute_works();
}

TEST_CASE("mpi: differing options are caught like differing graphs", "[mpi][errors]") {
  if (mpitest::ranks() == 1) return;
  auto x = da::sum(da::arange(100, 10));
  const auto to = mpitest::rank() == 0 ? da::ResultsTo::rank0 : da::ResultsTo::every_rank;
  CHECK_THROWS_WITH(x.compute({.scheduler = da::Scheduler::mpi, .results_to = to}),
                    Contains("different graphs or options"));
  check_next_compute_works();
}

TEST_CASE("mpi: a library with few tags still works, and too few is refused", "[mpi][errors]") {
  const auto before = da::mpi::message_limits();
  da::mpi::set_message_limits({.tag_upper_bound = 2});  // the smallest dagarray can use
  auto x = da::rechunk(da::random::uniform(0.0, 1.0, {40, 40}, {10, 40}, 1), {40, 20});
  CHECK(mpitest::bitwise_equal(x.compute(kMpi), x.compute(kThreads)));
  da::mpi::set_message_limits({.tag_upper_bound = 1});
  CHECK_THROWS_WITH(x.compute(kMpi), Contains("MPI_TAG_UB = 1"));
  da::mpi::set_message_limits(before);
  check_next_compute_works();
}

TEST_CASE("mpi: bad limits and a missing environment are named", "[mpi][errors]") {
  CHECK_THROWS_WITH(da::mpi::set_message_limits({.max_message_bytes = 0}),
                    Contains("max_message_bytes = 0"));
  CHECK_THROWS_WITH(da::mpi::set_message_limits({.tag_upper_bound = -3}),
                    Contains("tag_upper_bound = -3"));
  CHECK_THROWS_AS(da::mpi::Environment(), std::runtime_error);  // one is alive already
}
