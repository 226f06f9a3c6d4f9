// persist: the blocks are computed once, the expressions built on the result read them, they stay
// unchanged, and their memory goes with the last handle.

#include <catch2/catch.hpp>

#include <atomic>

#include "test_support.hpp"

namespace {

using test::Shape;

/// x + 1 through map_blocks, counting the blocks it computes.
da::Array<double> counted_plus_one(const da::Array<double>& x, std::atomic<int>& calls) {
  return da::map_blocks(
      [&calls](const da::NDArray<double>& block) {
        ++calls;
        return block + 1.0;
      },
      x);
}

}  // namespace

TEST_CASE("persist computes the blocks once, and later computes read them", "[persist]") {
  const auto a = test::sample<double>({7, 5}, 1);
  const auto x = da::from_ndarray(a, {3, 2});
  std::atomic<int> calls{0};
  const auto y = counted_plus_one(x, calls);
  const auto kept = da::persist(y);
  CHECK(calls == y.num_blocks());
  CHECK(kept.shape() == y.shape());
  CHECK(kept.chunks() == y.chunks());
  CHECK(kept.layer()->op() == "persist");
  CHECK(kept.layer()->inputs().empty());

  const auto total = da::sum(kept).compute().item();
  const auto largest = da::max(kept * 2.0).compute().item();
  CHECK(calls == y.num_blocks());
  CHECK(total == da::sum(a + 1.0).item());
  CHECK(largest == da::max((a + 1.0) * 2.0).item());
  // The blocks are shared with every compute, never written by one.
  CHECK(test::difference(kept.compute(), a + 1.0) == "");
  CHECK(test::difference((kept + 1.0).compute(), a + 2.0) == "");
  CHECK(test::difference(kept.compute(), a + 1.0) == "");
  CHECK(calls == y.num_blocks());
}

TEST_CASE("persist of several arrays runs the work they share once", "[persist]") {
  const auto x = da::from_ndarray(test::sample<double>({12, 4}, 2), {5, 4});
  std::atomic<int> calls{0};
  const auto y = counted_plus_one(x, calls);
  const auto [mean, spread] = da::persist(da::mean(y, 0), da::stddev(y, 0));
  CHECK(calls == y.num_blocks());
  const auto e = test::sample<double>({12, 4}, 2) + 1.0;
  // The same reductions over the same chunks, without persist: the same bits.
  CHECK(test::difference(mean.compute(), da::mean(x + 1.0, 0).compute()) == "");
  CHECK(test::difference(spread.compute(), da::stddev(x + 1.0, 0).compute()) == "");
  const auto [again] = da::persist({.scheduler = da::Scheduler::sync}, y);
  CHECK(calls == 2 * y.num_blocks());
  CHECK(test::difference(again.compute(), e) == "");
}

TEST_CASE("persisted blocks are held until the last handle is dropped", "[persist]") {
  const auto x = da::random::uniform(0.0, 1.0, {1000}, {100}, 3);
  const auto before = da::core::Buffer::stats().live;
  {
    auto kept = da::persist(x * 2.0);
    CHECK(da::core::Buffer::stats().live == before + 10);
    auto expression = da::sum(kept);
    kept = da::persist(x);  // the first result lives on in `expression`
    CHECK(da::core::Buffer::stats().live == before + 20);
    CHECK(expression.compute().item() == Approx(2.0 * da::sum(x).compute().item()));
  }
  CHECK(da::core::Buffer::stats().live == before);
}

TEST_CASE("a persist whose compute fails throws the task's error and holds nothing", "[persist]") {
  const auto x = da::from_ndarray(test::sample<double>({6}, 1), {2});
  const auto failing = da::map_blocks(
      [](const da::NDArray<double>& block, const da::BlockInfo& info) {
        if (info.index[0] == 1) throw std::runtime_error("block 1 fails");
        return block;
      },
      x);
  const auto before = da::core::Buffer::stats().live;
  CHECK_THROWS_AS(da::persist(failing), da::TaskError);
  CHECK(da::core::Buffer::stats().live == before);
}
