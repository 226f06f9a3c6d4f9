// The threads scheduler's limits: a thread count beyond kMaxThreads is refused before oneTBB
// sees it, and counts within it run.

#include <catch2/catch.hpp>

#include <climits>

#include "test_support.hpp"

namespace {

using Catch::Matchers::Contains;

}  // namespace

TEST_CASE("a thread count below 0 or above kMaxThreads is refused with its value", "[scheduler]") {
  const auto x = da::sum(da::arange(100, 10));
  for (int threads : {-1, da::kMaxThreads + 1, 100'000'000, INT_MAX}) {
    CHECK_THROWS_WITH(
        x.compute({.num_threads = threads}),
        Contains("num_threads = " + std::to_string(threads)) && Contains("[0, 65536]"));
    const auto graph = da::core::Graph::from_layers(std::vector<da::core::LayerPtr>{x.layer()});
    CHECK_THROWS_AS(da::scheduler::run_threads(graph, threads), std::invalid_argument);
  }
  for (int threads : {1, 3, 64}) CHECK(x.compute({.num_threads = threads}).item() == 4950);
}
