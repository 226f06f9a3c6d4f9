// The random kernels compiled for the avx2 level (-march=x86-64-v3).
#define DAGARRAY_KERNEL_NAMESPACE avx2
#include "levels.hpp"
#include "random_kernels_impl.hpp"

namespace dagarray::detail {

const RandomKernels& avx2_random_kernels() {
  return kLevelRandomKernels;
}

}  // namespace dagarray::detail
