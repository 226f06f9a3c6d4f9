// The scaling model's replay (tools/scaling_model.hpp) on small graphs whose makespan can be
// worked out by hand.

#include <catch2/catch.hpp>

#include <dagarray/dagarray.hpp>
#include <dagarray/scheduler/owner_map.hpp>

#include <stdexcept>
#include <vector>

#include "../tools/scaling_model.hpp"

namespace da = dagarray;
using da::cli::ClusterModel;
using da::cli::ModelGraph;
using da::cli::replay;
using da::core::TaskId;

namespace {

ModelGraph chain(int length, std::int64_t bytes) {
  ModelGraph graph;
  for (int t = 0; t < length; ++t) {
    if (t == 0) {
      graph.add_task({}, bytes);
    } else {
      const TaskId previous[] = {static_cast<TaskId>(t - 1)};
      graph.add_task(previous, bytes);
    }
  }
  return graph;
}

}  // namespace

TEST_CASE("a chain on one core takes the sum of its durations and overheads", "[scaling]") {
  const auto graph = chain(3, 8);
  const std::vector<int> owners = {0, 0, 0};
  const std::vector<double> durations = {1.0, 2.0, 3.0};
  auto result = replay(graph, owners, durations, {.nodes = 1, .cores_per_node = 4});
  CHECK(result.makespan == Approx(6.0));
  CHECK(result.work == Approx(6.0));
  CHECK(result.efficiency == Approx(6.0 / (4 * 6.0)));
  CHECK(result.messages == 0);

  result =
      replay(graph, owners, durations, {.nodes = 1, .cores_per_node = 1, .task_overhead = 0.5});
  CHECK(result.makespan == Approx(7.5));
  CHECK(result.busy_per_node[0] == Approx(7.5));
  CHECK(result.efficiency == Approx(6.0 / 7.5));
}

TEST_CASE("independent tasks on two nodes with no overhead use the cluster fully", "[scaling]") {
  ModelGraph graph;
  for (int t = 0; t < 8; ++t) graph.add_task({}, 1000);
  const std::vector<int> owners = {0, 0, 0, 0, 1, 1, 1, 1};
  const std::vector<double> durations(8, 1.0);
  const auto result =
      replay(graph, owners, durations, {.nodes = 2, .cores_per_node = 2, .latency = 1e-3});
  CHECK(result.makespan == Approx(2.0));  // two rounds of two tasks on each node
  CHECK(result.busy_per_node == std::vector<double>{4.0, 4.0});
  CHECK(result.efficiency == Approx(1.0));
}

TEST_CASE("a cross-node edge costs overheads, latency and bytes over bandwidth", "[scaling]") {
  const auto graph = chain(2, 1000);
  const std::vector<int> owners = {0, 1};
  const std::vector<double> durations = {1.0, 1.0};
  const ClusterModel cluster{.nodes = 2,
                             .cores_per_node = 1,
                             .latency = 0.5,
                             .bandwidth = 1000.0,
                             .message_overhead = 0.25};
  const auto result = replay(graph, owners, durations, cluster);
  // 1 (task) + 0.25 (send) + 1 (1000 bytes at 1000 B/s) + 0.5 (latency) + 0.25 (receive) + 1
  CHECK(result.makespan == Approx(4.0));
  CHECK(result.messages == 1);
  CHECK(result.message_bytes == 1000);

  // Once an output, the last task's result goes back to node 0 as well: 2 s more.
  auto with_output = chain(2, 1000);
  with_output.add_output(1);
  const auto sent_back = replay(with_output, owners, durations, cluster);
  CHECK(sent_back.makespan == Approx(6.0));
  CHECK(sent_back.messages == 2);
}

TEST_CASE("a result read by two tasks on another node is sent once", "[scaling]") {
  ModelGraph graph;
  graph.add_task({}, 100);
  const TaskId first[] = {0};
  graph.add_task(first, 100);
  graph.add_task(first, 100);
  const std::vector<int> owners = {0, 1, 1};
  const std::vector<double> durations = {1.0, 1.0, 1.0};
  const auto result =
      replay(graph, owners, durations, {.nodes = 2, .cores_per_node = 2, .latency = 0.5});
  CHECK(result.messages == 1);
  CHECK(result.makespan == Approx(1.0 + 0.5 + 100.0 / 1e10 + 1.0));
}

TEST_CASE("an output reaches every node down a binomial tree", "[scaling]") {
  ModelGraph graph;
  graph.add_task({}, 0);
  graph.add_output(0);
  const std::vector<int> owners = {0};
  const std::vector<double> durations = {0.0};
  // Each message costs 1 on the sender's MPI thread and 1 on the receiver's. Node 0 sends to
  // 1, 2 and 4 (done at 1, 2, 3); node 1 has it at 2 and passes it to 3 and 5 (at 3 and 4);
  // node 3 has it at 4 and passes it to 7, which has it at 6, the last. One by one from node 0,
  // the seventh copy would leave at 7 and arrive at 8.
  const auto result =
      replay(graph, owners, durations, {.nodes = 8, .cores_per_node = 1, .message_overhead = 1.0});
  CHECK(result.messages == 7);
  CHECK(result.makespan == Approx(6.0));
}

TEST_CASE("a node's link carries one message at a time", "[scaling]") {
  ModelGraph graph;
  graph.add_task({}, 1000);
  graph.add_task({}, 1000);
  const TaskId both[] = {0, 1};
  graph.add_task(both, 8);
  const std::vector<int> owners = {0, 0, 1};
  const std::vector<double> durations = {1.0, 1.0, 1.0};
  const auto result =
      replay(graph, owners, durations, {.nodes = 2, .cores_per_node = 2, .bandwidth = 1000.0});
  CHECK(result.makespan == Approx(1.0 + 2.0 + 1.0));  // the second message waits for the first
}

TEST_CASE("a real graph replays with its owner map's messages", "[scaling]") {
  const auto sum = da::sum(da::arange(64, 4));
  const da::core::LayerPtr outputs[] = {sum.layer()};
  const auto graph = da::detail::build_graph(outputs, /*optimize=*/false);
  const auto owners = da::scheduler::assign_owners(graph, 4);
  const auto stats = da::scheduler::owner_stats(graph, owners, 4);
  const std::vector<double> durations(graph.size(), 1e-3);
  const auto result =
      replay(ModelGraph::from_graph(graph), owners, durations, {.nodes = 4, .cores_per_node = 2});
  CHECK(result.messages == stats.messages + 3);  // and the output to the three other nodes
  CHECK(result.makespan > 0);
  CHECK(result.efficiency <= 1.0);
}

TEST_CASE("replay rejects arguments that do not fit", "[scaling]") {
  const auto graph = chain(2, 8);
  const std::vector<double> durations = {1.0, 1.0};
  CHECK_THROWS_AS(replay(graph, std::vector<int>{0, 2}, durations, {.nodes = 2}),
                  std::invalid_argument);
  CHECK_THROWS_AS(replay(graph, std::vector<int>{0}, durations, {.nodes = 2}),
                  std::invalid_argument);
  CHECK_THROWS_AS(replay(graph, std::vector<int>{0, 0}, std::vector<double>{1.0, -1.0}, {}),
                  std::invalid_argument);
  CHECK_THROWS_AS(replay(graph, std::vector<int>{0, 0}, durations, {.cores_per_node = 0}),
                  std::invalid_argument);
  CHECK_THROWS_AS(replay(graph, std::vector<int>{0, 0}, durations, {.bandwidth = 0}),
                  std::invalid_argument);
  const TaskId later[] = {5};
  ModelGraph bad;
  CHECK_THROWS_AS(bad.add_task(later, 8), std::invalid_argument);
}
