// Fuzz target: the dagarray-graph reader that `dagarray serve` checks files with. Any input
// must be accepted or refused with std::invalid_argument, never crash, hang or leak; and an
// accepted graph must read back the same after it is written out again.

#include <dagarray/core/graph_json.hpp>
#include <dagarray/core/graph_json_read.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <stdexcept>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  nlohmann::json graph;
  try {
    graph = dagarray::core::read_graph_json(text);
  } catch (const std::invalid_argument&) {
    return 0;
  }
  // The written text is the reader's own format: it must be read back unchanged.
  const auto again = dagarray::core::read_graph_json(dagarray::core::graph_json_text(graph));
  if (again != graph) std::abort();
  return 0;
}
