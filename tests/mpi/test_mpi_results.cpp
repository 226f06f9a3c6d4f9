// Scheduler::mpi gives the very bits Scheduler::threads gives, whatever the rank count: the
// graph, its reduction trees and the order of every task's inputs do not depend on the ranks.

#include <catch2/catch.hpp>

#include "mpi_support.hpp"

namespace {

using mpitest::bitwise_equal;
using mpitest::kMpi;
using mpitest::kThreads;

template <class T>
void check_same(const da::Array<T>& x) {
  const auto expected = x.compute(kThreads);
  const auto actual = x.compute(kMpi);
  INFO("rank " << mpitest::rank() << " of " << mpitest::ranks());
  CHECK(bitwise_equal(actual, expected));
}

}  // namespace

TEST_CASE("mpi: the π count is the threads scheduler's on every rank", "[mpi]") {
  const std::int64_t n = 3'000'000;
  auto pts = da::random::uniform(-1.0, 1.0, {2, n}, {2, 100'000}, 42);
  auto m = da::count_nonzero(da::sum(da::square(pts), 0) < 1.0);
  const auto expected = m.compute(kThreads).item();
  CHECK(m.compute(kMpi).item() == expected);
  CHECK(expected > 2'300'000);  // about π/4 of n: the compute really ran
  // Two computes in a row on the same environment.
  CHECK(m.compute(kMpi).item() == expected);
}

TEST_CASE("mpi: a float sum and mean have the threads scheduler's bits", "[mpi]") {
  auto x = da::random::uniform(0.0, 1.0, {50'000}, {1'000}, 7);
  check_same(da::sum(x));
  check_same(da::mean(x));
  auto y = da::rechunk(da::random::normal(0.0, 1.0, {300, 200}, {70, 50}, 3), {90, 150});
  check_same(da::sum(y, 0));
  check_same(da::var(y, 1, {.ddof = 1}));
}

TEST_CASE("mpi: rechunk moves blocks across ranks and keeps every element", "[mpi]") {
  auto x = da::random::uniform(0.0, 1.0, {400, 300}, {40, 300}, 11);
  auto by_columns = da::rechunk(x, {400, 60});
  check_same(by_columns);
  check_same(da::sum(by_columns, 0));
}

TEST_CASE("mpi: map_blocks runs the user's function on the rank that owns each block", "[mpi]") {
  auto x = da::astype<double>(da::arange(10'000, 700));
  auto y = da::map_blocks([](const da::NDArray<double>& b) { return b * b + 1.0; }, x);
  check_same(y);
  check_same(da::sum(y));
}

TEST_CASE("mpi: broadcasting, transpose, views, take and scans match", "[mpi]") {
  auto x = da::random::normal(5.0, 2.0, {120, 90}, {30, 45}, 5);
  auto standardised = (x - da::mean(x, 0)) / da::stddev(x, 0);
  check_same(standardised);
  check_same(da::transpose(x));
  check_same(da::view(x, da::slice{10, -10, 3}, da::slice{{}, {}, -1}));
  check_same(da::take(x, {89, 0, 44, 45}, 1));
  check_same(da::cumsum(x, 0));
  check_same(da::cumsum(x));
  check_same(da::concatenate(std::vector<da::Array<double>>{x, x * 2.0}, 1));
  check_same(da::reshape(x, {90, 120}));
  check_same(da::argmax(x, 1));
  check_same(da::where(x > 5.0, x, da::zeros<double>({120, 90}, {60, 90})));
}

TEST_CASE("mpi: results_to rank0 gives the result to rank 0 only", "[mpi]") {
  auto x = da::random::uniform(0.0, 1.0, {10'000}, {1'000}, 9);
  auto s = da::sum(x * 3.0);
  const auto expected = s.compute(kThreads);
  const auto actual =
      s.compute({.scheduler = da::Scheduler::mpi, .results_to = da::ResultsTo::rank0});
  if (mpitest::rank() == 0) {
    CHECK(bitwise_equal(actual, expected));
  } else {
    CHECK(actual.size() == 0);
    CHECK(actual.shape() == da::Shape{0});
  }
}

TEST_CASE("mpi: blocks larger than one message travel in pieces", "[mpi]") {
  const auto before = da::mpi::message_limits();
  da::mpi::set_message_limits({.max_message_bytes = 1000});
  auto x = da::random::uniform(0.0, 1.0, {64, 64}, {8, 64}, 13);
  check_same(da::rechunk(x, {64, 16}));
  da::mpi::set_message_limits(before);
}
