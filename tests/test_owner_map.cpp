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

TEST_CASE("owner map: an output's tree reaches every rank once, in at most log2 hops",
          "[owner_map]") {
  for (int ranks = 1; ranks <= 33; ++ranks) {
    for (int root : {0, ranks / 2, ranks - 1}) {
      // Walk the tree from the root: each rank is reached once, never the root again.
      std::vector<int> reached(static_cast<std::size_t>(ranks), 0);
      std::vector<int> hops(static_cast<std::size_t>(ranks), 0);
      std::vector<int> frontier = {root};
      reached[static_cast<std::size_t>(root)] = 1;
      while (!frontier.empty()) {
        const int rank = frontier.back();
        frontier.pop_back();
        for (int child : da::scheduler::output_tree_children(rank, root, ranks)) {
          REQUIRE(child >= 0);
          REQUIRE(child < ranks);
          ++reached[static_cast<std::size_t>(child)];
          hops[static_cast<std::size_t>(child)] = hops[static_cast<std::size_t>(rank)] + 1;
          frontier.push_back(child);
        }
      }
      INFO("ranks " << ranks << " root " << root);
      CHECK(std::all_of(reached.begin(), reached.end(), [](int n) { return n == 1; }));
      int depth = 0;
      while ((1 << depth) < ranks) ++depth;  // ceil(log2 ranks)
      const int deepest = *std::max_element(hops.begin(), hops.end());
      CHECK(deepest <= depth);
      if ((ranks & (ranks - 1)) == 0) CHECK(deepest == depth);  // a full tree: exactly log2
      CHECK(da::scheduler::output_tree_children(root, root, ranks).size() ==
            static_cast<std::size_t>(depth));
    }
  }
  CHECK_THROWS_WITH(da::scheduler::output_tree_children(0, 0, 0), Catch::Contains("ranks = 0"));
  CHECK_THROWS_WITH(da::scheduler::output_tree_children(4, 0, 4), Catch::Contains("rank = 4"));
  CHECK_THROWS_WITH(da::scheduler::output_tree_children(0, -1, 4), Catch::Contains("root = -1"));
}
