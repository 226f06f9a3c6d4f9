// `dagarray pi --dashboard`: it prints the dashboard's address, waits for a page when asked,
// streams every compute to it, prints the usual table, and serves until SIGTERM; it refuses
// modes that run no graph.

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <csignal>
#include <regex>
#include <string>
#include <thread>

#include "background_cli.hpp"
#include "cli_support.hpp"
#include "websocket_client.hpp"

namespace {

/// The port in "dagarray: dashboard at http://127.0.0.1:PORT/", once stderr has it.
std::uint16_t dashboard_port(const test::BackgroundCli& process) {
  const std::regex address(R"(dashboard at http://127\.0\.0\.1:([0-9]+)/)");
  std::smatch match;
  const auto deadline = std::chrono::steady_clock::now() + test::kPatience;
  while (std::chrono::steady_clock::now() < deadline) {
    const auto err = process.err();
    if (std::regex_search(err, match, address)) {
      return static_cast<std::uint16_t>(std::stoi(match[1].str()));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  FAIL("no dashboard address on stderr: " << process.err());
  return 0;
}

}  // namespace

TEST_CASE("pi --dashboard streams each compute to a page and serves until SIGTERM",
          "[cli][dashboard]") {
  test::BackgroundCli process({"pi", "--dashboard", "--port", "0", "--dashboard-wait", "--n", "1e6",
                               "--chunk", "1e5", "--modes", "lazy,lazy-unfused", "--repeat", "2",
                               "--format", "json"});
  const auto port = dashboard_port(process);
  test::WebSocket events;
  REQUIRE_FALSE(events.connect(port, "/events"));
  int computes = 0;
  int ends = 0;
  std::size_t last_tasks = 0;
  while (ends < 4) {  // two modes, two computes each
    const auto message = events.read_text();
    REQUIRE_FALSE(message.error);
    const auto data = nlohmann::json::parse(message.text);
    if (data["type"] == "compute") {
      ++computes;
      last_tasks = data["graph"]["tasks"].size();
    }
    if (data["type"] == "end") {
      ++ends;
      CHECK(data["ok"] == true);
    }
    if (data["type"] == "update" && ends == computes - 1 && data["counts"]["done"] == last_tasks) {
      CHECK(data["counts"]["waiting"] == 0);
    }
  }
  CHECK(computes == 4);
  std::string json_text;  // an indented array: up to its closing line
  for (std::string line; line != "]";) {
    line = process.read_line();
    REQUIRE(json_text.size() < 100'000);
    json_text += line + "\n";
  }
  const auto table = nlohmann::json::parse(json_text);
  REQUIRE(table.size() == 2);
  CHECK(table[0]["mode"] == "lazy");
  CHECK(table[1]["mode"] == "lazy-unfused");
  CHECK(table[1]["tasks"] == last_tasks);
  process.signal(SIGTERM);
  CHECK(process.wait() == 0);
  CHECK_THAT(process.err(), Catch::Contains("until Ctrl-C"));
}

TEST_CASE("pi --dashboard refuses modes without a graph, and its flags need it",
          "[cli][dashboard]") {
  const auto eager = test::run_cli({"pi", "--dashboard", "--port", "0", "--modes", "eager"});
  CHECK(eager.status == 2);
  CHECK_THAT(eager.err, Catch::Contains("eager runs no task graph"));
  const auto port_alone = test::run_cli({"pi", "--port", "0"});
  CHECK(port_alone.status == 2);
  CHECK_THAT(port_alone.err, Catch::Contains("--dashboard"));
}

TEST_CASE("pi --dashboard refuses an empty --host, as serve does", "[cli][dashboard]") {
  for (const auto* command : {"pi", "serve"}) {
    std::vector<std::string> args = {command, "--host", "", "--port", "0"};
    if (std::string(command) == "pi") args.push_back("--dashboard");
    if (std::string(command) == "serve") args.insert(args.begin() + 1, "graph.json");
    const auto run = test::run_cli(args);
    CHECK(run.status == 2);
    CHECK_THAT(run.err, Catch::Contains("--host: empty; try 127.0.0.1"));
  }
}
