// The live dashboard: its WebSocket stream, read by a real client over loopback, delivers the
// final state of every task, in batches; a page that connects late gets the same state; a
// failed task arrives with its key and message; the page itself is served.

#include <catch2/catch.hpp>
#include <dagarray/dashboard.hpp>

#include <map>
#include <stdexcept>
#include <string>
#include <system_error>
#include <vector>

#include "running_server.hpp"
#include "test_support.hpp"
#include "websocket_client.hpp"

namespace {

using nlohmann::json;

/// What a page knows after reading a stream: every task's last state, and the messages.
struct PageState {
  json compute;  // the "compute" message
  std::vector<int> state;
  std::vector<double> start, end;
  std::vector<json> failed;
  json end_message;
  json last_counts;
  std::map<std::size_t, json> layers;  // at the layers detail: each layer's last entry
  int updates = 0;
  int memory_samples = 0;
  std::vector<std::string> order;  // message types as they came
};

/// Reads messages until "end" (or an error) and applies them as the page does.
PageState read_until_end(test::WebSocket& events) {
  PageState page;
  while (true) {
    const auto message = events.read_text();
    REQUIRE_FALSE(message.error);
    const auto data = json::parse(message.text);
    const auto type = data.at("type").get<std::string>();
    page.order.push_back(type);
    if (type == "compute") {
      auto order = std::move(page.order);
      page = PageState();
      page.order = std::move(order);
      page.compute = data;
      const auto tasks = data["graph"]["tasks"].size();
      page.state.assign(tasks, 0);
      page.start.assign(tasks, -1);
      page.end.assign(tasks, -1);
    } else if (type == "update") {
      ++page.updates;
      page.memory_samples += static_cast<int>(data["memory"].size());
      page.last_counts = data["counts"];
      for (const auto& entry : data.value("layers", json::array())) {
        page.layers[entry[0].get<std::size_t>()] = entry;
      }
      for (const auto& entry : data.value("tasks", json::array())) {
        const auto task = entry[0].get<std::size_t>();
        REQUIRE(task < page.state.size());
        page.state[task] = entry[1].get<int>();
        page.start[task] = entry[3].is_null() ? -1 : entry[3].get<double>();
        page.end[task] = entry[4].is_null() ? -1 : entry[4].get<double>();
      }
    } else if (type == "failed") {
      page.failed.push_back(data);
    } else if (type == "end") {
      page.end_message = data;
      return page;
    }
  }
}

da::Array<std::int64_t> pi_count(std::int64_t n, std::int64_t chunk) {
  const auto points = da::random::uniform(-1.0, 1.0, {2, n}, {2, chunk}, 3);
  return da::count_nonzero(da::sum(da::square(points), 0) < 1.0);
}

void check_all_done(const PageState& page) {
  REQUIRE(!page.state.empty());
  for (std::size_t t = 0; t < page.state.size(); ++t) {
    INFO("task " << t);
    CHECK(page.state[t] == 2);
    CHECK(page.start[t] >= 0);
    CHECK(page.start[t] <= page.end[t]);
  }
  CHECK(page.last_counts["done"] == page.state.size());
  CHECK(page.last_counts["waiting"] == 0);
  CHECK(page.end_message["ok"] == true);
  CHECK(page.failed.empty());
}

}  // namespace

TEST_CASE("the dashboard stream delivers the final state of every task", "[dashboard]") {
  da::Dashboard dashboard({.port = 0, .interval = std::chrono::milliseconds(20)});
  test::WebSocket events;
  REQUIRE_FALSE(events.connect(dashboard.port(), "/events"));
  const auto hello = json::parse(events.read_text().text);
  CHECK(hello == json({{"type", "hello"}, {"protocol", 1}}));
  REQUIRE(dashboard.wait_for_client(test::kPatience));
  CHECK(dashboard.clients() == 1);

  const auto m = pi_count(400'000, 1'000);  // 400 chunks, unoptimised: 2,000 and more tasks
  const auto expected = m.compute().item();
  CHECK(m.compute({.num_threads = 2, .optimize = false, .dashboard = &dashboard}).item() ==
        expected);
  const auto page = read_until_end(events);
  CHECK(page.compute["workers"] == 2);
  CHECK(page.compute["scheduler"] == "threads");
  CHECK(page.compute["detail"] == "tasks");
  CHECK(page.compute["graph"] == da::to_json(m, {.optimized = false}));
  CHECK(page.compute["task_count"] == page.state.size());
  check_all_done(page);
  // One sample per update but the first, which the compute's start sends before any.
  CHECK(page.memory_samples == page.updates - 1);
  CHECK(page.order.front() == "compute");

  // A second compute on the same dashboard: the page is told to start over.
  m.compute({.scheduler = da::Scheduler::sync, .dashboard = &dashboard});
  const auto second = read_until_end(events);
  CHECK(second.compute["compute"] == page.compute["compute"].get<int>() + 1);
  CHECK(second.compute["graph"] == da::to_json(m));
  check_all_done(second);
}

TEST_CASE("updates are batched: a compute of 100,000 tasks sends a few messages", "[dashboard]") {
  const auto interval = std::chrono::milliseconds(50);
  da::Dashboard dashboard({.port = 0, .interval = interval});
  test::WebSocket events;
  REQUIRE_FALSE(events.connect(dashboard.port(), "/events"));
  REQUIRE(dashboard.wait_for_client(test::kPatience));
  const auto x = da::arange(100'000, 1) * 2;  // fused: 100,000 tasks
  const auto begin = std::chrono::steady_clock::now();
  x.compute({.dashboard = &dashboard});
  const auto elapsed = std::chrono::steady_clock::now() - begin;
  events.read_text();  // hello
  const auto page = read_until_end(events);
  CHECK(page.state.size() == 100'000);
  check_all_done(page);
  // One update per interval at most, plus the one that ends the compute.
  CHECK(page.updates <= elapsed / interval + 2);
}

TEST_CASE("a graph past max_graph_tasks is shown by layer, with counts that add up",
          "[dashboard]") {
  da::Dashboard dashboard(
      {.port = 0, .interval = std::chrono::milliseconds(20), .max_graph_tasks = 1'000});
  const auto m = pi_count(400'000, 1'000);  // unoptimised: 2,000 and more tasks
  const auto graph = da::to_json(m, {.optimized = false});
  const auto tasks = graph["tasks"].size();
  REQUIRE(tasks > 1'000);
  for (auto late : {false, true}) {
    INFO("late " << late);
    test::WebSocket events;
    if (!late) REQUIRE_FALSE(events.connect(dashboard.port(), "/events"));
    m.compute({.num_threads = 2, .optimize = false, .dashboard = &dashboard});
    if (late) REQUIRE_FALSE(events.connect(dashboard.port(), "/events"));
    const auto page = read_until_end(events);
    CHECK(page.compute["detail"] == "layers");
    CHECK(page.compute["task_count"] == tasks);
    CHECK(page.compute["graph"]["layers"] == graph["layers"]);
    CHECK(page.compute["graph"]["tasks"].empty());
    CHECK(page.compute["graph"]["outputs"].empty());
    const auto& sizes = page.compute["layer_tasks"];
    REQUIRE(sizes.size() == graph["layers"].size());
    std::size_t sum = 0;
    for (std::size_t l = 0; l < sizes.size(); ++l) {
      INFO("layer " << l);
      sum += sizes[l].get<std::size_t>();
      REQUIRE(page.layers.count(l) == 1);
      CHECK(page.layers.at(l) == json::array({l, 0, 0, sizes[l], 0}));
    }
    CHECK(sum == tasks);
    CHECK(page.last_counts["done"] == tasks);
    CHECK(page.end_message["ok"] == true);
  }
}

TEST_CASE("a page that falls behind is disconnected with 1013 and a reason, and counted",
          "[dashboard]") {
  // 64 KiB queued at most: the first message of a graph of 2,000 tasks is ten times that.
  da::Dashboard dashboard({.port = 0, .max_queue_bytes = 64 * 1024});
  test::WebSocket events;
  REQUIRE_FALSE(events.connect(dashboard.port(), "/events"));
  REQUIRE(dashboard.wait_for_client(test::kPatience));
  const auto m = pi_count(400'000, 1'000);
  CHECK(m.compute({.optimize = false, .dashboard = &dashboard}).item() == m.compute().item());
  auto message = events.read_text();  // hello, unless it was still queued when the drop came
  if (!message.error) message = events.read_text();
  CHECK(message.error == test::websocket::error::closed);
  CHECK(events.close_reason().code == test::websocket::close_code::try_again_later);
  CHECK_THAT(std::string(events.close_reason().reason.data(), events.close_reason().reason.size()),
             Catch::Contains("fell behind: more than 65536 bytes"));
  CHECK(test::eventually([&] { return dashboard.fallen_behind() == 1; }));
  CHECK(dashboard.clients() == 0);
}

TEST_CASE("a page that connects after the compute gets its final state", "[dashboard]") {
  da::Dashboard dashboard({.port = 0});
  const auto m = pi_count(40'000, 1'000);
  m.compute({.dashboard = &dashboard});
  test::WebSocket late;
  REQUIRE_FALSE(late.connect(dashboard.port(), "/events"));
  const auto page = read_until_end(late);
  CHECK(page.order == std::vector<std::string>{"hello", "compute", "update", "end"});
  CHECK(page.updates == 1);
  check_all_done(page);
}

TEST_CASE("a failed task reaches the page with its key and message", "[dashboard]") {
  da::Dashboard dashboard({.port = 0, .interval = std::chrono::milliseconds(20)});
  const auto x = da::map_blocks(
      [](const da::NDArray<std::int64_t>& b) -> da::NDArray<std::int64_t> {
        if (b.data()[0] == 30) throw std::runtime_error("thirty is right out");
        return b;
      },
      da::arange(100, 10));
  const auto key = da::core::block_key(*x.layer(), 3);
  for (auto late : {false, true}) {
    INFO("late " << late);
    test::WebSocket events;
    if (!late) REQUIRE_FALSE(events.connect(dashboard.port(), "/events"));
    CHECK_THROWS_AS(x.compute({.scheduler = da::Scheduler::sync, .dashboard = &dashboard}),
                    da::TaskError);
    if (late) REQUIRE_FALSE(events.connect(dashboard.port(), "/events"));
    const auto page = read_until_end(events);
    REQUIRE(page.failed.size() == 1);
    CHECK(page.failed[0]["key"] == key);
    CHECK(page.failed[0]["message"] == "thirty is right out");
    const auto task = page.failed[0]["task"].get<std::size_t>();
    CHECK(page.state.at(task) == 3);
    CHECK(page.compute["graph"]["tasks"][task]["key"] == key);
    CHECK(page.end_message["ok"] == false);
    CHECK_THAT(page.end_message["message"].get<std::string>(),
               Catch::Contains(key) && Catch::Contains("thirty is right out"));
    // "failed" comes after the update that marked the task failed.
    const auto failed_at = std::find(page.order.begin(), page.order.end(), "failed");
    CHECK(std::find(page.order.begin(), failed_at, "update") != failed_at);
  }
}

TEST_CASE("the dashboard serves its page and checks its options", "[dashboard]") {
  da::Dashboard dashboard({.port = 0});
  CHECK(dashboard.url() == "http://127.0.0.1:" + std::to_string(dashboard.port()) + "/");
  const auto page = test::get(dashboard.port(), "/");
  REQUIRE_FALSE(page.error);
  CHECK(page.response.result_int() == 200);
  CHECK(page.response[test::http::field::content_type] == "text/html; charset=utf-8");
  CHECK(page.response.body().find("<html") != std::string::npos);
  CHECK(test::get(dashboard.port(), "/nothing").response.result_int() == 404);

  CHECK_THROWS_WITH(da::Dashboard({.port = 0, .interval = std::chrono::milliseconds(0)}),
                    Catch::Contains("interval = 0"));
  CHECK_THROWS_WITH(da::Dashboard({.port = 0, .max_queue_bytes = 0}),
                    Catch::Contains("max_queue_bytes = 0"));
  CHECK_THROWS_AS(da::Dashboard({.port = dashboard.port()}), std::system_error);
  CHECK_FALSE(dashboard.wait_for_client(std::chrono::milliseconds(1)));
}
