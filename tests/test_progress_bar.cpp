// The progress bar: one final line when not on a terminal, lines redrawn in place on one,
// nothing for computes shorter than its minimum, and its arguments checked.

#include <catch2/catch.hpp>

#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>

#include "test_support.hpp"

namespace {

/// A compute of 8 blocks that takes at least 8 x `pause`.
da::Array<std::int64_t> slow_sum(std::chrono::milliseconds pause) {
  const auto x = da::map_blocks(
      [pause](const da::NDArray<std::int64_t>& b) {
        std::this_thread::sleep_for(pause);
        return b;
      },
      da::arange(8, 1));
  return x;
}

int count(const std::string& text, char c) {
  return static_cast<int>(std::count(text.begin(), text.end(), c));
}

}  // namespace

TEST_CASE("off a terminal the progress bar writes one final line", "[progress]") {
  std::ostringstream out;
  da::ProgressBar bar(out, false, {.width = 10});
  const auto x = da::arange(100, 10);
  x.compute({.observers = {&bar}});
  const auto text = out.str();
  CHECK(count(text, '\n') == 1);
  CHECK(count(text, '\r') == 0);
  const auto tasks = da::to_json(x)["tasks"].size();
  CHECK_THAT(text, Catch::StartsWith("[##########] | 100% | " + std::to_string(tasks) + "/" +
                                     std::to_string(tasks) + " tasks | "));
  CHECK_THAT(text, Catch::Contains(" s | ") && Catch::EndsWith(" tasks/s\n"));
}

TEST_CASE("on a terminal the progress bar redraws its line in place", "[progress]") {
  std::ostringstream out;
  da::ProgressBar bar(out, true, {.width = 8, .interval = std::chrono::milliseconds(5)});
  const auto x = slow_sum(std::chrono::milliseconds(10));
  x.compute({.num_threads = 1, .observers = {&bar}});
  const auto text = out.str();
  const auto tasks = std::to_string(da::to_json(x)["tasks"].size());
  CHECK(count(text, '\n') == 1);  // the final line ends the bar
  CHECK(count(text, '\r') >= 2);  // at least one redraw and the final one
  CHECK_THAT(text, Catch::Contains("\r[########] | 100% | " + tasks + "/" + tasks + " tasks"));
  CHECK_THAT(text, Catch::EndsWith("tasks/s\n"));
}

TEST_CASE("a compute shorter than the minimum shows no progress bar", "[progress]") {
  std::ostringstream out;
  da::ProgressBar bar(out, false, {.minimum = std::chrono::hours(1)});
  da::arange(100, 10).compute({.observers = {&bar}});
  CHECK(out.str().empty());
  std::ostringstream live;
  da::ProgressBar live_bar(live, true, {.minimum = std::chrono::hours(1)});
  da::arange(100, 10).compute({.observers = {&live_bar}});
  CHECK(live.str().empty());
}

TEST_CASE("a failed compute ends the bar with 'failed'", "[progress]") {
  std::ostringstream out;
  da::ProgressBar bar(out, false, {.width = 4});
  const auto x = da::map_blocks(
      [](const da::NDArray<std::int64_t>& b) -> da::NDArray<std::int64_t> {
        throw std::runtime_error("no");
        return b;
      },
      da::arange(8, 4));
  CHECK_THROWS_AS(x.compute({.scheduler = da::Scheduler::sync, .observers = {&bar}}),
                  da::TaskError);
  // The arange tasks may finish; the map_blocks tasks never do, so the bar stops short.
  CHECK_THAT(out.str(),
             Catch::StartsWith("[") && !Catch::Contains("100%") && Catch::EndsWith(" | failed\n"));
}

TEST_CASE("the progress bar checks its options", "[progress]") {
  std::ostringstream out;
  CHECK_THROWS_WITH(da::ProgressBar(out, false, {.width = 0}), Catch::Contains("width = 0"));
  CHECK_THROWS_WITH(da::ProgressBar(out, false, {.minimum = std::chrono::seconds(-1)}),
                    Catch::Contains("minimum = -1"));
  CHECK_THROWS_WITH(da::ProgressBar(out, false, {.interval = std::chrono::seconds(0)}),
                    Catch::Contains("interval = 0"));
  CHECK_THROWS_AS(da::ProgressBar(out, false, {.width = 1001}), std::invalid_argument);
}
