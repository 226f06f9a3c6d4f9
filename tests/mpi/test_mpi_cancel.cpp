// ComputeOptions::stop under Scheduler::mpi: a stop requested on any one rank ends the compute on
// every rank with da::Cancelled, and the next compute works. A memory budget is not taken yet.

#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <stop_token>
#include <string>
#include <thread>

#include "mpi_support.hpp"

namespace {

using Catch::Matchers::Contains;
using mpitest::kMpi;

/// @brief What a compute ended with on this rank: "ok", "cancelled" or the error.
std::string outcome(const da::Array<double>& x, std::stop_token stop) {
  auto options = kMpi;
  options.stop = std::move(stop);
  try {
    x.compute(options);
  } catch (const da::Cancelled& e) {
    const bool says_whose = std::string(e.what()) == "compute: cancelled by its stop token" ||
                            std::string(e.what()) == "compute: cancelled by a stop on another rank";
    return says_whose ? "cancelled" : e.what();
  } catch (const std::exception& e) {
    return e.what();
  }
  return "ok";
}

/// @brief 1 on every rank whose outcome is `expected`, summed: every rank agrees when it is the
/// number of ranks.
std::int64_t ranks_with(const std::string& got, const std::string& expected) {
  INFO("rank " << mpitest::rank() << ": " << got);
  CHECK(got == expected);
  return mpitest::sum_over_ranks(got == expected ? 1 : 0);
}

void check_next_compute_works() {
  auto ok = da::sum(da::arange(100, 10));
  CHECK(ok.compute(kMpi).item() == 4950);
}

}  // namespace

TEST_CASE("mpi: a stop requested before the compute cancels it on every rank", "[mpi][cancel]") {
  std::stop_source stop;
  stop.request_stop();
  const auto x = da::sum(da::astype<double>(da::arange(4'000, 250)));
  CHECK(ranks_with(outcome(x, stop.get_token()), "cancelled") == mpitest::ranks());
  check_next_compute_works();
}

TEST_CASE("mpi: a stop on the last rank alone cancels the compute on every rank", "[mpi][cancel]") {
  // 400 blocks of 5 ms: seconds of work, spread over every rank. The last rank asks for a stop
  // from its first block; the others, whose tokens never stop, learn of it from that rank.
  static std::stop_source stop;
  static std::atomic<std::int64_t> ran;
  stop = std::stop_source();
  ran = 0;
  const bool last = mpitest::rank() == mpitest::ranks() - 1;
  const auto slow = da::map_blocks(
      [last](const da::NDArray<double>& b) {
        ++ran;
        if (last) stop.request_stop();
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
        return b * 2.0;
      },
      da::astype<double>(da::arange(4'000, 10)));
  const auto got = outcome(da::sum(slow), last ? stop.get_token() : std::stop_token());
  CHECK(ranks_with(got, "cancelled") == mpitest::ranks());
  // The last rank started no block after its first ones, so not all 400 ran.
  CHECK(mpitest::sum_over_ranks(ran.load()) < 400);
  check_next_compute_works();
}

TEST_CASE("mpi: a memory_limit is refused, naming it", "[mpi][cancel]") {
  auto options = kMpi;
  options.memory_limit = 1'000'000;
  const auto x = da::sum(da::arange(100, 10));
  CHECK_THROWS_WITH(x.compute(options),
                    Contains("memory_limit = 1000000") && Contains("scheduler = mpi"));
  check_next_compute_works();
}
