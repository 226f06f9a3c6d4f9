#pragma once
// Instruction-set levels for the hot kernels, chosen at run time as NumPy does: one build runs
// on every x86-64 CPU and uses the best level the CPU has. The library compiles its random
// kernels once per level (array/src/kernels/) and picks one table of them at first use: the
// best the CPU supports, or the one the environment variable DAGARRAY_ISA names.

#include <string_view>
#include <vector>

namespace dagarray {

/// @brief A level of x86-64: `baseline` is what the build targets without -march (every
/// x86-64 CPU), `avx2` is x86-64-v3 (AVX2, FMA, BMI2; Haswell, Zen and later), `avx512` is
/// x86-64-v4 (AVX-512 F, BW, CD, DQ, VL; Skylake-SP, Zen 4 and later). Other CPUs have
/// `baseline` only.
enum class Isa { baseline, avx2, avx512 };

/// @brief "baseline", "avx2" or "avx512".
std::string_view isa_name(Isa isa);

/// @brief The level named `name`; throws std::invalid_argument naming it when it is none.
Isa parse_isa(std::string_view name);

/// @brief The levels this build compiled the kernels for, lowest first: all three on x86-64,
/// `baseline` elsewhere.
std::vector<Isa> compiled_isas();

/// @brief The levels this build has and this CPU runs, lowest first (`baseline` always).
std::vector<Isa> available_isas();

/// @brief The level the kernels use: DAGARRAY_ISA's when it is set, else the best available.
/// Throws std::invalid_argument when DAGARRAY_ISA names no level, or one this CPU lacks.
Isa active_isa();

/// @brief Whether DAGARRAY_ISA chose the level (rather than the CPU's best).
bool isa_forced_by_environment();

/// @brief Switches every later kernel call to `isa`, as DAGARRAY_ISA would at start; for
/// comparing levels in one process. Throws std::invalid_argument when it is not available.
void set_isa(Isa isa);

}  // namespace dagarray
