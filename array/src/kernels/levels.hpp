#pragma once
// Each level's kernel table, defined in the translation unit compiled for that level.

#include <dagarray/array/random_kernels.hpp>

namespace dagarray::detail {

const RandomKernels& baseline_random_kernels();
const RandomKernels& avx2_random_kernels();
const RandomKernels& avx512_random_kernels();

}  // namespace dagarray::detail
