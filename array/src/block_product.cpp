#include <dagarray/array/block_product.hpp>

#include <cblas.h>

#include <algorithm>
#include <atomic>

namespace dagarray::detail {

namespace {

/// OpenBLAS's thread count, set only when it changes: a task sets 1, an eager product every
/// core OpenBLAS found at start.
void use_threads(BlasThreads threads) {
  static const int all = std::max(1, openblas_get_num_procs());
  static std::atomic<int> current{0};
  const int wanted = threads == BlasThreads::caller ? 1 : all;
  if (current.exchange(wanted, std::memory_order_relaxed) != wanted) {
    openblas_set_num_threads(wanted);
  }
}

/// BLAS gives C = 0 for k = 0 only through beta; an empty C needs no call at all (and BLAS
/// rejects leading dimensions of 0).
template <class T, class Call>
void product(T* c, std::int64_t m, std::int64_t n, std::int64_t k, bool accumulate,
             BlasThreads threads, Call call) {
  if (m == 0 || n == 0) return;
  if (k == 0) {
    if (!accumulate) std::fill_n(c, m * n, T{});
    return;
  }
  use_threads(threads);
  call(static_cast<int>(m), static_cast<int>(n), static_cast<int>(k), accumulate ? T{1} : T{0});
}

CBLAS_TRANSPOSE flag(bool transposed) {
  return transposed ? CblasTrans : CblasNoTrans;
}

/// The lower triangle from the upper one.
template <class T>
void mirror_upper(T* c, std::int64_t m) {
  for (std::int64_t i = 1; i < m; ++i) {
    for (std::int64_t j = 0; j < i; ++j) c[i * m + j] = c[j * m + i];
  }
}

}  // namespace

void gemm(const double* a, const double* b, double* c, std::int64_t m, std::int64_t n,
          std::int64_t k, bool accumulate, BlasThreads threads, Transposed transposed) {
  product(c, m, n, k, accumulate, threads, [&](int mi, int ni, int ki, double beta) {
    cblas_dgemm(CblasRowMajor, flag(transposed.a), flag(transposed.b), mi, ni, ki, 1.0, a,
                transposed.a ? mi : ki, b, transposed.b ? ki : ni, beta, c, ni);
  });
}

void gemm(const float* a, const float* b, float* c, std::int64_t m, std::int64_t n, std::int64_t k,
          bool accumulate, BlasThreads threads, Transposed transposed) {
  product(c, m, n, k, accumulate, threads, [&](int mi, int ni, int ki, float beta) {
    cblas_sgemm(CblasRowMajor, flag(transposed.a), flag(transposed.b), mi, ni, ki, 1.0f, a,
                transposed.a ? mi : ki, b, transposed.b ? ki : ni, beta, c, ni);
  });
}

void syrk(const double* a, double* c, std::int64_t m, std::int64_t k, bool accumulate,
          BlasThreads threads, bool transposed) {
  product(c, m, m, k, accumulate, threads, [&](int mi, int, int ki, double beta) {
    cblas_dsyrk(CblasRowMajor, CblasUpper, flag(transposed), mi, ki, 1.0, a, transposed ? mi : ki,
                beta, c, mi);
    mirror_upper(c, m);
  });
}

void syrk(const float* a, float* c, std::int64_t m, std::int64_t k, bool accumulate,
          BlasThreads threads, bool transposed) {
  product(c, m, m, k, accumulate, threads, [&](int mi, int, int ki, float beta) {
    cblas_ssyrk(CblasRowMajor, CblasUpper, flag(transposed), mi, ki, 1.0f, a, transposed ? mi : ki,
                beta, c, mi);
    mirror_upper(c, m);
  });
}

}  // namespace dagarray::detail
