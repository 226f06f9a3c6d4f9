// `dagarray info`: the version, the kernel level in use and those there are, oneTBB, BLAS and the
// components; DAGARRAY_ISA forces a level, and a wrong one is a usage error of every command.

#include <dagarray/dagarray.hpp>
#include <nlohmann/json.hpp>

#include <string>

#include "cli_support.hpp"

namespace da = dagarray;

TEST_CASE("info prints the version, the kernel levels, oneTBB, BLAS and the components",
          "[cli][isa]") {
  const auto got = test::run_cli({"info"});
  INFO(got.err);
  REQUIRE(got.status == 0);
  CHECK(got.out.rfind("dagarray " DAGARRAY_VERSION_STRING "\n", 0) == 0);
  const auto best = std::string(da::isa_name(da::available_isas().back()));
  CHECK_THAT(got.out, Catch::Contains("kernels    " + best + " (the best this CPU has)"));
  for (const auto* row : {"compiler", "oneTBB", "BLAS", "MPI", "HDF5", "dashboard", "viewer"}) {
    CHECK_THAT(got.out, Catch::Contains(std::string("  ") + row));
  }
  CHECK_THAT(got.out, Catch::Contains("OpenBLAS"));
}

TEST_CASE("info --json gives the same facts as one object", "[cli][isa]") {
  const auto got = test::run_cli({"info", "--json"});
  INFO(got.err);
  REQUIRE(got.status == 0);
  const auto info = nlohmann::json::parse(got.out);
  CHECK(info.at("version") == DAGARRAY_VERSION_STRING);
  CHECK(info.at("kernels").at("chosen_by") == "cpu");
  CHECK(info.at("kernels").at("available").size() == da::available_isas().size());
  CHECK(info.at("onetbb").at("default_threads").get<int>() == da::thread_count(0));
  CHECK(info.at("components").at("dashboard").at("built") == true);
#if defined(DAGARRAY_TEST_HAVE_MPI)
  CHECK(info.at("components").at("MPI").at("built") == true);
#endif
}

TEST_CASE("DAGARRAY_ISA forces a level, and a wrong one stops every command", "[cli][isa]") {
  const auto forced = test::run_cli({"info"}, {"DAGARRAY_ISA=baseline"});
  INFO(forced.err);
  REQUIRE(forced.status == 0);
  CHECK_THAT(forced.out, Catch::Contains("kernels    baseline (set by DAGARRAY_ISA)"));

  const auto unknown = test::run_cli({"info"}, {"DAGARRAY_ISA=sse9"});
  CHECK(unknown.status == 2);
  CHECK(unknown.err ==
        "dagarray info: environment variable DAGARRAY_ISA = \"sse9\" names no "
        "level (baseline, avx2, avx512)\n");
  const auto pi =
      test::run_cli({"pi", "--n", "1e4", "--repeat", "1", "--no-progress"}, {"DAGARRAY_ISA=AVX2"});
  CHECK(pi.status == 2);
  CHECK_THAT(pi.err, Catch::Contains("DAGARRAY_ISA = \"AVX2\" names no level"));
}
