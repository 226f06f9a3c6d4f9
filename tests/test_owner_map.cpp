// The owner map of the MPI executor, without MPI: every task has one owner, sources split into
// contiguous runs, blockwise chains never cross ranks, and reduction trees cross near the top.

#include <dagarray/dagarray.hpp>
#include <dagarray/scheduler/owner_map.hpp>

#include <catch2/catch.hpp>

#include <algorithm>

namespace da = dagarray;

namespace {

da::core::Graph pi_graph(std::int64_t blocks) {
  auto pts = da::random::uniform(-1.0, 1.0, {2, blocks * 1000}, {2, 1000}, 42);
  auto m = da::count_nonzero(da::sum(da::square(pts), 0) < 1.0);
  const da::core::LayerPtr outputs[] = {m.layer()};
  return da::detail::build_graph(outputs, true);
}

}  // namespace

TEST_CASE("owner map: every task has exactly one owner, a valid rank", "[owner_map]") {
  const auto graph = pi_graph(100);
  for (int ranks : {1, 2, 3, 7, 64}) {
    const auto owners = da::scheduler::assign_owners(graph, ranks);
    REQUIRE(owners.size() == graph.size());
    CHECK(std::all_of(owners.begin(), owners.end(), [&](int r) { return r >= 0 && r < ranks; }));
    const auto stats = da::scheduler::owner_stats(graph, owners, ranks);
    std::int64_t total = 0;
    for (auto n : stats.tasks_per_rank) total += n;
    CHECK(total == static_cast<std::int64_t>(graph.size()));
  }
}

TEST_CASE("owner map: one rank owns everything and sends nothing", "[owner_map]") {
  const auto graph = pi_graph(40);
  const auto owners = da::scheduler::assign_owners(graph, 1);
  const auto stats = da::scheduler::owner_stats(graph, owners, 1);
  CHECK(stats.cross_rank_edges == 0);
  CHECK(stats.messages == 0);
}

TEST_CASE("owner map: sources are balanced contiguous runs", "[owner_map]") {
  const auto graph = pi_graph(120);
  const auto owners = da::scheduler::assign_owners(graph, 4);
  std::vector<std::int64_t> sources(4, 0);
  int previous = 0;
  for (da::core::TaskId t = 0; t < graph.size(); ++t) {
    if (!graph.dependencies(t).empty()) continue;
    CHECK(owners[t] >= previous);  // contiguous: ranks never go back along a layer's blocks
    previous = owners[t];
    ++sources[static_cast<std::size_t>(owners[t])];
  }
  for (auto n : sources) CHECK(n == 30);
}

TEST_CASE("owner map: a reduction tree crosses ranks only near its top", "[owner_map]") {
  const auto graph = pi_graph(512);
  const int ranks = 4;
  const auto owners = da::scheduler::assign_owners(graph, ranks);
  const auto stats = da::scheduler::owner_stats(graph, owners, ranks);
  // 512 blocks and a fan-in of 8: 64 + 8 + 1 tree tasks. Few of the edges cross.
  CHECK(stats.cross_rank_edges > 0);
  CHECK(stats.cross_rank_edges <= 2 * ranks);
  CHECK(stats.messages <= stats.cross_rank_edges);
  CHECK(stats.message_bytes == stats.messages * 8);  // int64 partial counts
}

TEST_CASE("owner map: bad arguments are named", "[owner_map]") {
  const auto graph = pi_graph(4);
  CHECK_THROWS_WITH(da::scheduler::assign_owners(graph, 0), Catch::Contains("ranks = 0"));
  std::vector<int> wrong(graph.size(), 5);
  CHECK_THROWS_WITH(da::scheduler::owner_stats(graph, wrong, 2), Catch::Contains("owners[0] = 5"));
  CHECK_THROWS_WITH(da::scheduler::owner_stats(graph, {0}, 2),
                    Catch::Contains("owners.size() = 1"));
}
