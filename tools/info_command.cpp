// `dagarray info`: what a bug report needs, as numpy.show_config() gives it: the version and
// compiler, the kernel level in use and the levels there are, oneTBB and its threads, BLAS, and
// the optional components this tool was built with. `--json` prints the same as one object.

#include <dagarray/dagarray.hpp>
#include <dagarray/viewer/page.hpp>
#include <nlohmann/json.hpp>

#if defined(DAGARRAY_HAVE_MPI)
#include <mpi.h>
#endif

#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "command.hpp"

namespace dagarray::cli {

namespace {

/// An optional part: whether it is built in, and its version or why not.
struct Component {
  std::string name;
  bool built = false;
  std::string detail;
};

std::string first_line(std::string text) {
  const auto end = text.find_first_of("\r\n");
  if (end != std::string::npos) text.resize(end);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\0')) text.pop_back();
  return text;
}

std::vector<Component> components() {
  std::vector<Component> out;
#if defined(DAGARRAY_HAVE_MPI)
  char library[MPI_MAX_LIBRARY_VERSION_STRING] = {};
  int length = 0;
  MPI_Get_library_version(library, &length);
  out.push_back({"MPI", true, first_line(std::string(library, static_cast<std::size_t>(length)))});
#else
  out.push_back({"MPI", false, "not built (apt-get install libopenmpi-dev openmpi-bin)"});
#endif
#if defined(DAGARRAY_HAVE_HDF5)
  out.push_back({"HDF5", true, "dagarray::hdf5, built with HDF5 " DAGARRAY_HDF5_VERSION});
#else
  out.push_back({"HDF5", false, "not built (apt-get install libhdf5-dev)"});
#endif
  out.push_back({"dashboard", true, "dagarray pi --dashboard"});
  if (viewer::available()) {
    out.push_back({"viewer", true, "bundled"});
  } else {
    out.push_back({"viewer", false, std::string(viewer::unavailable_reason())});
  }
  return out;
}

std::string joined(const std::vector<Isa>& levels) {
  std::string out;
  for (const auto isa : levels) {
    if (!out.empty()) out += ", ";
    out += isa_name(isa);
  }
  return out;
}

std::vector<std::string> names(const std::vector<Isa>& levels) {
  std::vector<std::string> out;
  for (const auto isa : levels) out.emplace_back(isa_name(isa));
  return out;
}

int print_info(bool json) {
  // First, so that a wrong DAGARRAY_ISA is the whole answer (exit 2), as for any command.
  const auto isa = active_isa();
  const bool forced = isa_forced_by_environment();
  const auto info = build_info();
  const auto available = available_isas();
  const auto parts = components();
  if (json) {
    nlohmann::ordered_json out = {
        {"version", info.version},
        {"compiler", info.compiler},
        {"native", info.native},
        {"kernels",
         {{"active", std::string(isa_name(isa))},
          {"chosen_by", forced ? "DAGARRAY_ISA" : "cpu"},
          {"compiled", names(info.compiled_isas)},
          {"available", names(available)}}},
        {"onetbb", {{"version", info.tbb_version}, {"default_threads", info.default_threads}}},
        {"blas", first_line(info.blas)},
    };
    for (const auto& part : parts) {
      out["components"][part.name] = {{"built", part.built}, {"detail", part.detail}};
    }
    std::cout << out.dump(2) << '\n';
    return 0;
  }
  const auto row = [](const std::string& name, const std::string& value) {
    std::cout << "  " << name << std::string(name.size() < 11 ? 11 - name.size() : 1, ' ') << value
              << '\n';
  };
  std::cout << "dagarray " << info.version << '\n';
  row("compiler", info.compiler);
  row("build", info.native ? "-march=native: for the CPU that built it only"
                           : "portable: kernels chosen at run time");
  row("kernels", std::string(isa_name(isa)) +
                     (forced ? " (set by DAGARRAY_ISA)" : " (the best this CPU has)") +
                     "; compiled: " + joined(info.compiled_isas) +
                     "; this CPU: " + joined(available));
  row("oneTBB",
      info.tbb_version + ", " + std::to_string(info.default_threads) + " threads by default");
  row("BLAS", first_line(info.blas));
  for (const auto& part : parts) {
    row(part.name, (part.built ? "yes: " : "no: ") + part.detail);
  }
  return 0;
}

}  // namespace

Command add_info_command(CLI::App& dagarray) {
  auto* app = dagarray.add_subcommand(
      "info", "Print the version, kernel level, libraries and components, for bug reports");
  auto json = std::make_shared<bool>(false);
  app->add_flag("--json", *json, "Print one JSON object instead of text");
  return {app, [json] { return print_info(*json); }};
}

}  // namespace dagarray::cli
