#include "scaling_study.hpp"

#include <dagarray/dagarray.hpp>
#include <dagarray/scheduler/owner_map.hpp>

#include <chrono>
#include <cmath>
#include <ostream>
#include <stdexcept>

#include "pi_modes.hpp"

namespace dagarray::cli {

namespace {

constexpr std::uint64_t kSeed = 42;

core::Graph optimized(const core::LayerPtr& output) {
  return task_graph({GraphOutput(output)});
}

core::Graph pi_graph(std::int64_t n, std::int64_t chunk) {
  return optimized(lazy_inside({n, std::min(chunk, n), 0, kSeed}).layer());
}

std::int64_t ceil_div(std::int64_t a, std::int64_t b) {
  return (a + b - 1) / b;
}

/// n x n float64 in `blocks` row blocks, rechunked to `blocks` column blocks and summed: every
/// column block reads every row block, so data crosses between all nodes. Split first, it is
/// rechunked to the step x step pieces where row and column blocks overlap, then to columns,
/// as dask's rechunk plans it: a piece is cut where its row block lives and crosses once.
core::Graph rechunk_graph(std::int64_t n, std::int64_t blocks, bool split_first) {
  const auto step = ceil_div(n, blocks);
  const auto rows = random::uniform(0.0, 1.0, {n, n}, {step, n}, kSeed);
  const auto pieces = split_first ? rechunk(rows, {step, step}) : rows;
  return optimized(sum(rechunk(pieces, {n, step})).layer());
}

/// Tasks of rechunk_graph without building it: sources and sums per block, pieces if split.
std::int64_t rechunk_tasks(std::int64_t blocks, bool split_first) {
  return 3 * blocks + (split_first ? blocks * blocks : 0);
}

/// The side of the weak rechunk's matrix on `nodes`: about nodes x elements per node, rounded
/// to a multiple of its blocks, so that every node owns the same number of equal blocks.
std::int64_t weak_rechunk_n(const ScalingSetup& setup, int nodes) {
  const auto blocks = std::int64_t(nodes) * setup.rechunk_blocks_per_node;
  const double side = std::sqrt(double(nodes) * double(setup.rechunk_elements_per_node));
  return blocks * std::max<std::int64_t>(1, std::llround(side / double(blocks)));
}

/// Replays `graph` on `nodes` nodes of each network.
ScalingRow replay_row(const core::Graph& graph, const std::vector<double>& durations, int nodes,
                      const ScalingSetup& setup) {
  const auto owners = scheduler::assign_owners(graph, nodes);
  const auto model = ModelGraph::from_graph(graph);
  ScalingRow row{nodes, std::int64_t(graph.size()), 0, 0, {}};
  for (const auto& network : setup.networks) {
    const auto result = replay(model, owners, durations,
                               {.nodes = nodes,
                                .cores_per_node = setup.cores_per_node,
                                .task_overhead = setup.task_overhead,
                                .latency = network.latency,
                                .bandwidth = network.bandwidth,
                                .message_overhead = setup.message_overhead});
    row.messages = result.messages;
    row.message_bytes = result.message_bytes;
    const double capacity = double(nodes) * result.makespan * network.bandwidth;
    row.per_network.push_back({result.makespan, result.efficiency, 0,
                               capacity > 0 ? double(result.message_bytes) / capacity : 0.0});
  }
  return row;
}

/// Fills in scaling_efficiency against the first row (one node).
void relate_to_one_node(ScalingTable& table, bool weak) {
  const auto& base = table.rows.front();
  for (auto& row : table.rows) {
    for (std::size_t k = 0; k < row.per_network.size(); ++k) {
      auto& point = row.per_network[k];
      const double ratio = base.per_network[k].seconds / point.seconds;
      point.scaling_efficiency = weak ? ratio : ratio * base.nodes / row.nodes;
    }
  }
}

class Timer {
 public:
  double seconds() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - _start).count();
  }

 private:
  std::chrono::steady_clock::time_point _start = std::chrono::steady_clock::now();
};

template <class Build, class Tasks>
ScalingTable weak_table(std::string name, std::string description, const ScalingSetup& setup,
                        const OpTimes& times, Build build, Tasks tasks, std::ostream& log) {
  ScalingTable table{std::move(name), std::move(description), {}};
  for (int nodes : setup.node_counts) {
    if (tasks(nodes) > setup.max_tasks) {
      log << table.name << ": " << nodes << " nodes left out: about " << tasks(nodes)
          << " tasks, over --max-tasks\n";
      continue;
    }
    const Timer timer;
    const auto graph = build(nodes);
    const auto built = timer.seconds();
    table.rows.push_back(replay_row(graph, task_durations(graph, times), nodes, setup));
    log << table.name << ": " << nodes << " nodes, " << graph.size() << " tasks, built in " << built
        << " s, replayed in " << timer.seconds() - built << " s\n";
  }
  relate_to_one_node(table, /*weak=*/true);
  return table;
}

ScalingTable strong_table(std::string name, std::string description, const ScalingSetup& setup,
                          const OpTimes& times, const core::Graph& graph, std::ostream& log) {
  ScalingTable table{std::move(name), std::move(description), {}};
  const auto durations = task_durations(graph, times);
  for (int nodes : setup.node_counts) {
    const Timer timer;
    table.rows.push_back(replay_row(graph, durations, nodes, setup));
    log << table.name << ": " << nodes << " nodes, " << graph.size() << " tasks, replayed in "
        << timer.seconds() << " s\n";
  }
  relate_to_one_node(table, /*weak=*/false);
  return table;
}

std::string count(std::int64_t value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.3g", double(value));
  return text;
}

}  // namespace

Calibration calibrate(const ScalingSetup& setup) {
  Calibration calibration;
  // 128 blocks: a partial per block and two levels of the tree above them.
  calibration.pi_calibration_samples = 128 * setup.chunk;
  calibration.pi =
      profile_ops(pi_graph(calibration.pi_calibration_samples, setup.chunk), setup.repeat);
  calibration.rechunk_calibration_n = weak_rechunk_n(setup, 1);
  for (const bool split : {false, true}) {
    (split ? calibration.rechunk_split : calibration.rechunk) = profile_ops(
        rechunk_graph(calibration.rechunk_calibration_n, setup.rechunk_blocks_per_node, split),
        setup.repeat);
  }
  return calibration;
}

std::vector<ScalingTable> scaling_tables(const ScalingSetup& setup, const Calibration& calibration,
                                         std::ostream& log) {
  if (setup.node_counts.empty() || setup.node_counts.front() != 1) {
    throw std::invalid_argument("scaling_tables: node_counts must start at 1");
  }
  std::vector<ScalingTable> tables;
  tables.push_back(weak_table(
      "pi-weak", count(setup.samples_per_node) + " samples per node, chunk " + count(setup.chunk),
      setup, calibration.pi,
      [&](int nodes) { return pi_graph(nodes * setup.samples_per_node, setup.chunk); },
      [&](int nodes) { return 2 * ceil_div(nodes * setup.samples_per_node, setup.chunk); }, log));
  tables.push_back(strong_table(
      "pi-strong", count(setup.strong_samples) + " samples in all, chunk " + count(setup.chunk),
      setup, calibration.pi, pi_graph(setup.strong_samples, setup.chunk), log));
  for (const bool split : {false, true}) {
    const std::string name = split ? "rechunk-split" : "rechunk";
    const auto& times = split ? calibration.rechunk_split : calibration.rechunk;
    const auto how = split ? " to as many columns, through row x column pieces"
                           : " to as many columns, each reading whole row blocks";
    const auto weak_blocks = [&](int nodes) {
      return std::int64_t(nodes) * setup.rechunk_blocks_per_node;
    };
    tables.push_back(weak_table(
        name + "-weak",
        count(setup.rechunk_elements_per_node) + " float64 per node, " +
            std::to_string(setup.rechunk_blocks_per_node) + " row blocks per node" + how,
        setup, times,
        [&](int nodes) {
          return rechunk_graph(weak_rechunk_n(setup, nodes), weak_blocks(nodes), split);
        },
        [&](int nodes) { return rechunk_tasks(weak_blocks(nodes), split); }, log));
    if (rechunk_tasks(setup.rechunk_strong_blocks, split) > setup.max_tasks) {
      log << name << "-strong left out: over --max-tasks\n";
      continue;
    }
    tables.push_back(strong_table(
        name + "-strong",
        std::to_string(setup.rechunk_strong_n) + " x " + std::to_string(setup.rechunk_strong_n) +
            " float64 in all, " + std::to_string(setup.rechunk_strong_blocks) + " row blocks" + how,
        setup, times, rechunk_graph(setup.rechunk_strong_n, setup.rechunk_strong_blocks, split),
        log));
  }
  return tables;
}

std::vector<ChunkPoint> chunk_search(const ScalingSetup& setup, std::ostream& log) {
  std::vector<ChunkPoint> points;
  for (auto chunk : setup.search_chunks) {
    const Timer timer;
    // About 2^24 samples per calibration run: long enough to time, short enough for 15 sizes.
    const auto blocks = std::clamp<std::int64_t>((std::int64_t{1} << 24) / chunk, 16, 4096);
    const auto times = profile_ops(pi_graph(blocks * chunk, chunk), setup.repeat);
    const auto graph =
        pi_graph(std::int64_t(setup.search_nodes) * setup.search_blocks_per_node * chunk, chunk);
    const auto row = replay_row(graph, task_durations(graph, times), setup.search_nodes, setup);
    ChunkPoint point{chunk, 0, {}};
    for (const auto& [op, time] : times.ops) {
      if (op.find("partial") != std::string::npos) point.partial_seconds = time.seconds;
    }
    for (const auto& network : row.per_network) point.efficiency.push_back(network.efficiency);
    points.push_back(point);
    log << "chunk search: chunk " << chunk << " in " << timer.seconds() << " s\n";
  }
  return points;
}

}  // namespace dagarray::cli
