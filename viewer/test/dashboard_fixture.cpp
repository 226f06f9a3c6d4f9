// A compute for the live dashboard's browser test, as a user's program would run one: it
// serves the dashboard, waits for the page, then computes a map_blocks whose function sleeps
// (so the page sees tasks running) and, with --fail K, throws on block K. It prints the URL
// first and "ended: ok" or "ended: <error>" when the compute ends, then serves until its
// stdin closes, so the page keeps what it shows for as long as the test looks at it.
// --max-queue-bytes sets DashboardOptions::max_queue_bytes, so that a page falls behind.
//
//   dashboard_fixture [--blocks N] [--sleep-ms MS] [--fail K] [--max-queue-bytes B]

#include <dagarray/dagarray.hpp>
#include <dagarray/dashboard.hpp>

#include <chrono>
#include <cstdlib>
#include <iostream>
#include <string>
#include <thread>

namespace da = dagarray;

int main(int argc, char** argv) {
  std::int64_t blocks = 40;
  int sleep_ms = 25;
  std::int64_t fail = -1;
  std::size_t max_queue_bytes = da::DashboardOptions{}.max_queue_bytes;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    const auto value = std::atoll(argv[i + 1]);
    if (flag == "--blocks") blocks = value;
    if (flag == "--sleep-ms") sleep_ms = static_cast<int>(value);
    if (flag == "--fail") fail = value;
    if (flag == "--max-queue-bytes") max_queue_bytes = static_cast<std::size_t>(value);
  }
  da::Dashboard dashboard(
      {.port = 0, .interval = std::chrono::milliseconds(50), .max_queue_bytes = max_queue_bytes});
  std::cout << dashboard.url() << std::endl;
  if (!dashboard.wait_for_client(std::chrono::seconds(60))) {
    std::cerr << "no page connected within 60 s\n";
    return 1;
  }
  const auto doubled = da::map_blocks(
      [sleep_ms, fail](const da::NDArray<std::int64_t>& block) {
        std::this_thread::sleep_for(std::chrono::milliseconds(sleep_ms));
        if (block.data()[0] == fail * 10) {
          throw std::runtime_error("block " + std::to_string(fail) + " refuses to be doubled");
        }
        return block * 2;
      },
      da::arange(blocks * 10, 10));
  try {
    da::sum(doubled).compute({.num_threads = 2, .dashboard = &dashboard});
    std::cout << "ended: ok" << std::endl;
  } catch (const da::TaskError& error) {
    std::cout << "ended: " << error.what() << std::endl;
  }
  for (std::string line; std::getline(std::cin, line);) {
  }
  return 0;
}
