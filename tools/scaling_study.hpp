#pragma once
// The experiments of docs/scaling.md: the real π and rechunk graphs, built at cluster size,
// with the owner map the MPI executor uses, replayed on model clusters (scaling_model.hpp)
// with task times measured on this machine (scaling_calibration.hpp).

#include <cstdint>
#include <string>
#include <vector>

#include "scaling_calibration.hpp"
#include "scaling_model.hpp"

namespace dagarray::cli {

/// @brief A network class: name, one-way latency (s), bandwidth per node and direction (B/s).
struct Network {
  std::string name;
  double latency;
  double bandwidth;
};

struct ScalingSetup {
  int cores_per_node = 32;
  std::vector<int> node_counts = {1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024};
  std::vector<Network> networks;
  double task_overhead = 0;     ///< measured: measure_task_overhead
  double message_overhead = 0;  ///< per message, on each end
  // π
  std::int64_t chunk = 1 << 20;
  std::int64_t samples_per_node = 1'000'000'000;  ///< weak scaling
  std::int64_t strong_samples = 100'000'000'000;  ///< strong scaling
  // rechunk: an n x n float64 matrix in row blocks, rechunked to column blocks, summed
  std::int64_t rechunk_elements_per_node = 1 << 24;  ///< weak scaling: n*n / nodes
  int rechunk_blocks_per_node = 4;                   ///< weak: row (and column) blocks per node
  std::int64_t rechunk_strong_n = 16384;             ///< strong scaling: the fixed matrix
  int rechunk_strong_blocks = 1024;                  ///< ... in this many row / column blocks
  /// Node counts whose graph would have more tasks are left out of a table (the split-first
  /// rechunk has blocks squared pieces), to keep the run within minutes and memory.
  std::int64_t max_tasks = 5'000'000;
  // the chunk search
  int search_nodes = 64;
  int search_blocks_per_node = 512;
  std::vector<std::int64_t> search_chunks;
  int repeat = 5;
};

/// @brief One node count on one network.
struct ScalingPoint {
  double seconds;
  double efficiency;          ///< the replay's: task work over the cluster's core time
  double scaling_efficiency;  ///< weak: T(1) / T(P); strong: T(1) / (P T(P))
  /// Bytes sent over nodes * seconds * bandwidth: how busy the links were on average, the
  /// measure of a bandwidth-bound graph (1 when every link sends all the time).
  double link_use;
};

struct ScalingRow {
  int nodes;
  std::int64_t tasks;
  std::int64_t messages;
  std::int64_t message_bytes;
  std::vector<ScalingPoint> per_network;  ///< in ScalingSetup::networks order
};

struct ScalingTable {
  std::string name;         ///< e.g. "pi-weak"
  std::string description;  ///< what is fixed, for the header
  std::vector<ScalingRow> rows;
};

/// @brief One chunk size of the search: its calibrated time per sample and its efficiency at
/// search_nodes on each network.
struct ChunkPoint {
  std::int64_t chunk;
  double partial_seconds;  ///< median time of one fused π block task
  std::vector<double> efficiency;
};

/// @brief Calibrated per-op times of π at setup.chunk and of the weak rechunk's one-node graph.
struct Calibration {
  OpTimes pi;
  std::int64_t pi_calibration_samples;
  OpTimes rechunk;
  OpTimes rechunk_split;  ///< the same matrix, split into row x column pieces first
  std::int64_t rechunk_calibration_n;
};

Calibration calibrate(const ScalingSetup& setup);

/// @brief The weak and strong tables of π, of the rechunk as written (each new block reads
/// whole old blocks) and of the rechunk split first (to the pieces where old and new blocks
/// overlap, then merged: each byte crosses the network once), in that order. `log` gets a line
/// per graph built (how many tasks, how long).
std::vector<ScalingTable> scaling_tables(const ScalingSetup& setup, const Calibration& calibration,
                                         std::ostream& log);

/// @brief π at each of setup.search_chunks, each calibrated at its own chunk, on
/// setup.search_nodes with search_blocks_per_node blocks each.
std::vector<ChunkPoint> chunk_search(const ScalingSetup& setup, std::ostream& log);

}  // namespace dagarray::cli
