// The random kernels compiled for the avx512 level (-march=x86-64-v4).
#define DAGARRAY_KERNEL_NAMESPACE avx512
#include "levels.hpp"
#include "random_kernels_impl.hpp"

namespace dagarray::detail {

const RandomKernels& avx512_random_kernels() {
  return kLevelRandomKernels;
}

}  // namespace dagarray::detail
