#include "graph_check.hpp"

#include <dagarray/core/splitmix.hpp>

#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace dagarray::mpi::detail {

namespace {

struct Hash {
  std::uint64_t state = core::kGolden;
  void add(std::uint64_t value) { state = core::splitmix64(state ^ value) + core::kGolden; }
  void add(const std::string& text) {
    add(text.size());
    for (unsigned char c : text) add(c);
  }
};

constexpr int kFields = 4;  // fingerprint, tasks, results_to, max_message_bytes

}  // namespace

std::uint64_t graph_fingerprint(const core::Graph& graph) {
  Hash hash;
  hash.add(graph.layers().size());
  for (const auto& layer : graph.layers()) {
    hash.add(layer->name());
    hash.add(static_cast<std::uint64_t>(layer->num_blocks()));
  }
  hash.add(graph.size());
  for (core::TaskId t = 0; t < graph.size(); ++t) {
    hash.add(graph.layer_index(t));
    hash.add(static_cast<std::uint64_t>(graph.block(t)));
    for (auto dep : graph.dependencies(t)) hash.add(dep);
  }
  for (auto t : graph.output_tasks()) hash.add(t);
  return hash.state;
}

void check_same_graph(const core::Graph& graph, const ComputeOptions& options,
                      std::int64_t max_message_bytes, MPI_Comm comm) {
  const std::uint64_t mine[kFields] = {graph_fingerprint(graph), graph.size(),
                                       static_cast<std::uint64_t>(options.results_to),
                                       static_cast<std::uint64_t>(max_message_bytes)};
  int size = 1;
  MPI_Comm_size(comm, &size);
  std::vector<std::uint64_t> all(static_cast<std::size_t>(size) * kFields);
  if (MPI_Allgather(mine, kFields, MPI_UINT64_T, all.data(), kFields, MPI_UINT64_T, comm) !=
      MPI_SUCCESS) {
    throw std::runtime_error("compute: MPI_Allgather of the graph fingerprints failed");
  }
  auto describe = [&](int rank) {
    const auto* f = &all[static_cast<std::size_t>(rank) * kFields];
    std::ostringstream text;
    text << " rank " << rank << ": " << f[1] << " tasks, fingerprint " << std::hex << f[0]
         << std::dec << ", results_to " << f[2] << ", max_message_bytes " << f[3] << ";";
    return text.str();
  };
  std::string others;
  int differing = 0;
  for (int rank = 1; rank < size; ++rank) {
    bool same = true;
    for (int field = 0; field < kFields; ++field) {
      same = same && all[static_cast<std::size_t>(rank) * kFields + field] == all[field];
    }
    if (!same && differing++ < 3) others += describe(rank);
  }
  if (differing == 0) return;
  std::ostringstream message;
  message << "compute: the ranks built different graphs or options (every rank must build the "
             "same expression and pass the same options):"
          << describe(0) << others;
  if (differing > 3) message << " and " << differing - 3 << " more ranks";
  throw std::invalid_argument(message.str());
}

}  // namespace dagarray::mpi::detail
