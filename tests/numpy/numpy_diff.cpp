// The differential test's C++ half: draws `count` random expressions from `seed`, computes each
// lazily (over random chunks, with a random scheduler and optimize setting) and eagerly, and
// writes one JSON line per case for compare_with_numpy.py, which replays it with NumPy.
//
//   numpy_diff [seed] [count] | python3 compare_with_numpy.py
//
// A line holds the inputs (dtype, shape, values, the chunks used), the expression tree, the
// lazy result and whether it equals the eager one bit for bit; or dagarray's error message
// when it rejected the call.

#include "draw.hpp"
#include "evaluate.hpp"

#include <iostream>
#include <string>

namespace numpy_diff {
namespace {

/// Random chunk sizes per axis; sometimes then rechunked to uneven explicit chunks, so blocks
/// of one axis differ in size (as Dask's rechunk((2, 3, 1))).
template <class T>
da::Array<T> lazy_input(Drawer& d, const da::NDArray<T>& x) {
  da::Shape sizes;
  for (auto e : x.shape()) sizes.push_back(e == 0 ? 1 : d.uniform(1, e));
  auto lazy = da::from_ndarray(x, sizes);
  if (!d.chance(0.3)) return lazy;
  da::Chunks chunks;
  for (auto e : x.shape()) {
    auto& axis = chunks.emplace_back();
    if (e == 0) axis.push_back(0);
    for (std::int64_t left = e; left > 0;) {
      axis.push_back(d.uniform(1, left));
      left -= axis.back();
    }
  }
  return da::detail::rechunk_to(lazy, chunks);
}

json run_case(Drawer& d, int id) {
  auto drawn = d.draw();
  json line = {{"case", id}, {"expression", drawn.expression}};
  json inputs = json::array();
  std::vector<Lazy> lazy_inputs;
  for (const auto& x : drawn.inputs) {
    auto lazy = std::visit([&](const auto& a) { return Lazy(lazy_input(d, a)); }, x);
    auto j = to_json(x);
    j["chunks"] = std::visit([](const auto& a) { return json(a.chunks()); }, lazy);
    inputs.push_back(std::move(j));
    lazy_inputs.push_back(std::move(lazy));
  }
  line["inputs"] = std::move(inputs);
  if (drawn.error) {
    line["error"] = *drawn.error;
    return line;
  }
  const da::ComputeOptions options{
      .scheduler = d.chance(0.5) ? da::Scheduler::sync : da::Scheduler::threads,
      .num_threads = 2,
      .optimize = d.chance(0.5)};
  line["options"] = {{"scheduler", options.scheduler == da::Scheduler::sync ? "sync" : "threads"},
                     {"optimize", options.optimize}};
  try {
    const auto lazy = evaluate<Lazy>(drawn.expression, lazy_inputs);
    const auto result = std::visit([&](const auto& a) { return Eager(a.compute(options)); }, lazy);
    line["result"] = to_json(result);
    line["lazy_equals_eager"] = identical(result, *drawn.eager);
    if (!line["lazy_equals_eager"]) line["eager"] = to_json(*drawn.eager);
  } catch (const std::exception& e) {
    // The eager twin succeeded on the same call: any exception here is a lazy-only failure.
    line["lazy_error"] = e.what();
  }
  return line;
}

}  // namespace
}  // namespace numpy_diff

int main(int argc, char** argv) {
  const std::uint64_t seed = argc > 1 ? std::stoull(argv[1]) : 20261202;
  const int count = argc > 2 ? std::stoi(argv[2]) : 400;
  numpy_diff::Drawer drawer(seed);
  for (int id = 0; id < count; ++id) std::cout << numpy_diff::run_case(drawer, id).dump() << '\n';
  return 0;
}
