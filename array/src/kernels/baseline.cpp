// The random kernels compiled for the baseline level (the build's own target, without -march: every
// x86-64 CPU (and any other)).
#define DAGARRAY_KERNEL_NAMESPACE baseline
#include "levels.hpp"
#include "random_kernels_impl.hpp"

namespace dagarray::detail {

const RandomKernels& baseline_random_kernels() {
  return kLevelRandomKernels;
}

}  // namespace dagarray::detail
