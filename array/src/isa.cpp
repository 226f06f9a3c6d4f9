// Which level's kernels run: chosen once, at the first random draw, from what the CPU supports
// and the environment variable DAGARRAY_ISA; set_isa switches later.

#include <dagarray/array/checks.hpp>
#include <dagarray/array/isa.hpp>
#include <dagarray/array/kernel_level.hpp>
#include <dagarray/array/random_kernels.hpp>

#include <atomic>
#include <cstdlib>
#include <iterator>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>

#include "kernels/levels.hpp"

namespace dagarray {

namespace {

constexpr Isa kLevels[] = {Isa::baseline, Isa::avx2, Isa::avx512};

std::string level_list() {
  return "baseline, avx2, avx512";
}

#if defined(DAGARRAY_ISA_DISPATCH)
bool cpu_supports(Isa isa) {
  __builtin_cpu_init();
  switch (isa) {
    case Isa::baseline:
      return true;
#if defined(__clang__)
    // Clang 14 knows the features, not GCC's level names; these are the ones -march=x86-64-v3
    // and -v4 let the kernels use that an older CPU may lack.
    case Isa::avx2:
      return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") &&
             __builtin_cpu_supports("bmi") && __builtin_cpu_supports("bmi2");
    case Isa::avx512:
      return cpu_supports(Isa::avx2) && __builtin_cpu_supports("avx512f") &&
             __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512cd") &&
             __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512vl");
#else
    case Isa::avx2:
      return __builtin_cpu_supports("x86-64-v3");
    case Isa::avx512:
      return __builtin_cpu_supports("x86-64-v4");
#endif
  }
  return false;
}
#else
// Not x86-64: the one level the build compiled.
bool cpu_supports(Isa isa) {
  return isa == Isa::baseline;
}
#endif

const detail::RandomKernels& kernels_of(Isa isa) {
  switch (isa) {
    case Isa::avx2:
      return detail::avx2_random_kernels();
    case Isa::avx512:
      return detail::avx512_random_kernels();
    case Isa::baseline:
      break;
  }
  return detail::baseline_random_kernels();
}

Isa best_available() {
  Isa best = Isa::baseline;
  for (const auto isa : kLevels) {
    if (cpu_supports(isa)) best = isa;
  }
  return best;
}

std::string available_list() {
  std::string out;
  for (const auto isa : available_isas()) {
    if (!out.empty()) out += ", ";
    out += isa_name(isa);
  }
  return out;
}

void check_available(std::string_view fn, std::string_view argument, Isa isa) {
  if (!cpu_supports(isa)) {
    detail::invalid(fn, argument, isa_name(isa),
                    "is a level this CPU lacks (it has " + available_list() + ")");
  }
}

std::atomic<const detail::RandomKernels*> active_kernels{nullptr};
std::atomic<Isa> active_level{Isa::baseline};
std::atomic<bool> forced_by_environment{false};
std::once_flag chosen_at_start;

void activate(Isa isa) {
  active_level.store(isa, std::memory_order_relaxed);
  active_kernels.store(&kernels_of(isa), std::memory_order_release);
}

/// The level spelled `name` exactly (isa_name's spelling), if any: parse_isa's and
/// DAGARRAY_ISA's one rule.
std::optional<Isa> level_named(std::string_view name) {
  for (const auto level : kLevels) {
    if (name == isa_name(level)) return level;
  }
  return std::nullopt;
}

/// DAGARRAY_ISA's level, checked; the CPU's best when it is unset or empty.
void choose_at_start() {
  const char* forced = std::getenv("DAGARRAY_ISA");
  if (forced == nullptr || *forced == '\0') return activate(best_available());
  const std::string name(forced);
  const auto refuse = [&](const std::string& problem) {
    throw std::invalid_argument("environment variable DAGARRAY_ISA = \"" + name + "\" " + problem);
  };
  const auto isa = level_named(name);
  if (!isa) refuse("names no level (" + level_list() + ")");
  if (!cpu_supports(*isa)) refuse("is a level this CPU lacks (it has " + available_list() + ")");
  forced_by_environment.store(true, std::memory_order_relaxed);
  activate(*isa);
}

}  // namespace

std::string_view isa_name(Isa isa) {
  switch (isa) {
    case Isa::baseline:
      return "baseline";
    case Isa::avx2:
      return "avx2";
    case Isa::avx512:
      return "avx512";
  }
  detail::invalid("isa_name", "isa", static_cast<int>(isa), "is not a level");
}

Isa parse_isa(std::string_view name) {
  if (const auto isa = level_named(name)) return *isa;
  detail::invalid("parse_isa", "name", '"' + std::string(name) + '"',
                  "names no level (" + level_list() + ")");
}

std::vector<Isa> compiled_isas() {
#if defined(DAGARRAY_ISA_DISPATCH)
  return {std::begin(kLevels), std::end(kLevels)};
#else
  return {Isa::baseline};
#endif
}

std::vector<Isa> available_isas() {
  std::vector<Isa> out;
  for (const auto isa : kLevels) {
    if (cpu_supports(isa)) out.push_back(isa);
  }
  return out;
}

Isa active_isa() {
  (void)detail::random_kernels();
  return active_level.load(std::memory_order_relaxed);
}

bool isa_forced_by_environment() {
  (void)detail::random_kernels();
  return forced_by_environment.load(std::memory_order_relaxed);
}

void set_isa(Isa isa) {
  (void)isa_name(isa);
  check_available("set_isa", "isa", isa);
  activate(isa);
}

namespace detail {

int kernel_level_number() {
  return static_cast<int>(active_isa());
}

const RandomKernels& random_kernels() {
  if (const auto* kernels = active_kernels.load(std::memory_order_acquire)) [[likely]] {
    return *kernels;
  }
  // Throws, and is tried again next time, when DAGARRAY_ISA is wrong.
  std::call_once(chosen_at_start, choose_at_start);
  return *active_kernels.load(std::memory_order_acquire);
}

const RandomKernels& random_kernels(Isa isa) {
  (void)isa_name(isa);
  check_available("random_kernels", "isa", isa);
  return kernels_of(isa);
}

}  // namespace detail

}  // namespace dagarray
