// from_ndarray by move: the lazy array reads the NDArray's own memory, gives the elements back
// for every chunking, scheduler and optimisation, and is named by its data as the copying form.

#include <catch2/catch.hpp>

#include "test_support.hpp"

TEMPLATE_TEST_CASE("from_ndarray by move then compute gives the array back", "[creation]", double,
                   float, std::int64_t, bool) {
  const auto c = GENERATE(from_range(test::chunkings()), test::Chunking{{0, 3}, {1, 2}});
  INFO(test::describe(c));
  const auto expected = test::sample<TestType>(c.shape, 3);
  auto moved = expected;
  const auto x = da::from_ndarray(std::move(moved), c.chunks);
  CHECK(x.shape() == c.shape);
  for (const auto& options : test::all_options()) {
    INFO(test::describe(options));
    CHECK(test::bitwise_equal(x.compute(options), expected));
  }
}

TEST_CASE("from_ndarray by move takes the memory over instead of copying it", "[creation]") {
  auto a = test::sample<double>({6, 4});
  const auto* memory = a.data();
  const auto buffers = da::core::Buffer::stats().live;
  const auto x = da::from_ndarray(std::move(a), {6, 4});
  // No buffer of its own: the layer holds the array's.
  CHECK(da::core::Buffer::stats().live == buffers);
  // A compute of the one block hands back a copy, never the memory the layer holds.
  auto out = x.compute();
  CHECK(out.data() != memory);
  out(0, 0) = 100;
  CHECK(x.compute()(0, 0) == test::sample<double>({6, 4})(0, 0));
}

TEST_CASE("from_ndarray by move and by copy agree, in value and in name", "[creation]") {
  const auto a = test::sample<std::int64_t>({7, 5});
  const auto copied = da::from_ndarray(a, {3, 2});
  const auto moved = da::from_ndarray(da::NDArray<std::int64_t>(a), {3, 2});
  CHECK(moved.name() == copied.name());
  CHECK(test::bitwise_equal(da::sum(moved * 2, 0).compute(), da::sum(copied * 2, 0).compute()));
  // Other data, another name.
  CHECK(da::from_ndarray(test::sample<std::int64_t>({7, 5}, 1), {3, 2}).name() != moved.name());
  CHECK(da::from_ndarray(test::sample<std::int64_t>({7, 5}), {7, 5}).name() != moved.name());
}

TEST_CASE("from_ndarray by move feeds fused pipelines tile by tile", "[creation]") {
  const auto a = test::sample<double>({9, 70});
  const auto x = da::from_ndarray(da::NDArray<double>(a), {4, 70});
  const auto lazy = da::sum(da::where(x > 0.0, x, 0.0) * 3.0, 0);
  const auto eager = da::sum(da::where(a > 0.0, a, 0.0) * 3.0, 0);
  for (const auto& options : test::all_options()) {
    INFO(test::describe(options));
    CHECK(test::bitwise_equal(lazy.compute(options), eager));
  }
}

TEST_CASE("from_ndarray by move rejects chunks that do not fit, naming them", "[creation]") {
  auto a = test::sample<double>({4, 4});
  try {
    (void)da::from_ndarray(std::move(a), {2});
    FAIL("no exception");
  } catch (const std::invalid_argument& e) {
    CHECK(std::string(e.what()).find("from_ndarray") != std::string::npos);
    CHECK(std::string(e.what()).find("chunks") != std::string::npos);
  }
  REQUIRE_THROWS_AS(da::from_ndarray(test::sample<double>({4}), {0}), std::invalid_argument);
}

TEST_CASE("from_ndarray's blocks of whole rows are views of the array, others copies",
          "[from_ndarray]") {
  const auto a = test::sample<double>({6, 4}, 1);
  const auto rows = da::from_ndarray(a, {2, 4});
  const auto graph = da::detail::build_graph(std::vector{rows.layer()}, false);
  const auto blocks = da::scheduler::run(graph, {.scheduler = da::Scheduler::sync});
  REQUIRE(blocks.size() == 3);
  // Consecutive runs of one storage: block b starts 8 elements after block b - 1.
  CHECK(blocks[1].as<double>() == blocks[0].as<double>() + 8);
  CHECK(blocks[2].as<double>() == blocks[0].as<double>() + 16);
  CHECK(blocks[2].as<double>()[3] == a(4, 3));
  CHECK_FALSE(blocks[0].is_unique());
  // Blocks of columns are not contiguous: each is a copy of its own.
  const auto columns = da::from_ndarray(a, {6, 2});
  const auto copied =
      da::scheduler::run(da::detail::build_graph(std::vector{columns.layer()}, false),
                         {.scheduler = da::Scheduler::sync});
  CHECK(copied[1].as<double>()[0] == a(0, 2));
  CHECK(copied[1].is_unique());
  CHECK(test::difference(rows.compute(), a) == "");
  CHECK(test::difference(columns.compute(), a) == "");
}
