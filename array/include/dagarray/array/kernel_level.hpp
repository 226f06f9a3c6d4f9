#pragma once
// The loops an expression instantiates in your own translation unit (elementwise runs and
// reduction folds) run at the kernel level in use (isa.hpp), like the library's compiled
// random kernels. A portable build compiles each such loop three times, for the baseline and
// as GCC's target("arch=x86-64-v3") and ("arch=x86-64-v4") copies with everything it calls
// inlined (flatten); one switch per tile or block picks the copy, never a check per element.
// Each copy is compiled without floating-point contraction, so a level with FMA rounds
// `a * b + c` as the baseline does and every level gives the same bits.
//
// A translation unit compiled for AVX2 or more already (-march=native, -march=x86-64-v3) runs
// its loops as compiled: it cannot run on a CPU without them anyway. Clang and other targets
// do too, as does a build with DAGARRAY_NO_KERNEL_LEVELS defined.

#include <dagarray/array/isa.hpp>

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && !defined(__AVX2__) && \
    !defined(DAGARRAY_NO_KERNEL_LEVELS)
#define DAGARRAY_KERNEL_LEVELS 1
#endif

namespace dagarray::detail {

/// @brief The active level (active_isa()) as 0, 1, 2: baseline, avx2, avx512.
int kernel_level_number();

/// @brief Runs body() compiled for the active level (see above).
template <class Body>
inline void at_kernel_level(const Body& body) {
#if defined(DAGARRAY_KERNEL_LEVELS)
  switch (kernel_level_number()) {
    case 2:
      [&]() __attribute__((target("arch=x86-64-v4"), optimize("fp-contract=off"), flatten)) {
        body();
      }
      ();
      return;
    case 1:
      [&]() __attribute__((target("arch=x86-64-v3"), optimize("fp-contract=off"), flatten)) {
        body();
      }
      ();
      return;
    default:
      break;
  }
#endif
  body();
}

}  // namespace dagarray::detail
