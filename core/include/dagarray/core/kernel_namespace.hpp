#pragma once
// The namespace of code that is compiled once per instruction-set level.
//
// array/src/kernels/ compiles the random kernels three times, for the baseline, AVX2 and
// AVX-512, and each copy includes the same inline helpers as the rest of the program. Inline
// functions are merged by the linker under their mangled names, so an AVX-512 copy of, say,
// random_bits could be the one a baseline caller ends up calling: an illegal instruction on an
// older CPU. The helpers therefore live in an inline namespace named by this macro: each level's
// translation unit sets it (baseline, avx2, avx512) before its first include, and every other
// one gets `portable`. Callers still write detail::random_bits; only the symbols differ.

#ifndef DAGARRAY_KERNEL_NAMESPACE
#define DAGARRAY_KERNEL_NAMESPACE portable
#endif
