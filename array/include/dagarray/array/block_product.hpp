#pragma once
// C = A B (or C += A B) for one pair of row-major blocks: BLAS for float64 and float32, a plain
// loop for int64 (wrapping, as NumPy) and bool (or of ands, as NumPy's bool matmul).
//
// OpenBLAS starts its own threads. Inside a task the product runs on the calling thread only,
// so OpenBLAS's pool does not fight oneTBB's workers for the cores; an eager product, which runs
// alone, lets OpenBLAS use every core. The setting is OpenBLAS's one global, so an eager product
// run at the same time as a lazy compute in another thread costs speed, never correctness.

#include <dagarray/array/wrapping.hpp>

#include <algorithm>
#include <cstdint>
#include <functional>
#include <utility>

namespace dagarray::detail {

/// @brief Who runs a block product: the calling task alone, or every core (eager).
enum class BlasThreads { caller, all };

/// @brief Largest M, N or K of one BLAS call: Debian's OpenBLAS takes 32-bit ints.
inline constexpr std::int64_t kMaxBlasExtent = 2147483647;

/// @brief Which operands are stored transposed: A as a (k x m) block, B as an (n x k) one, so a
/// transposed operand (x.T @ x) is read where it lies instead of copied first, as BLAS allows.
struct Transposed {
  bool a = false;
  bool b = false;
};

/// @brief C (m x n) = A (m x k) B (k x n), or C += A B with `accumulate`; all row-major and
/// contiguous. BLAS's dgemm / sgemm.
void gemm(const double* a, const double* b, double* c, std::int64_t m, std::int64_t n,
          std::int64_t k, bool accumulate, BlasThreads threads, Transposed transposed = {});
void gemm(const float* a, const float* b, float* c, std::int64_t m, std::int64_t n, std::int64_t k,
          bool accumulate, BlasThreads threads, Transposed transposed = {});

/// @brief C (m x m) = A A^T, or C += A A^T, with A (m x k) stored as it is, or transposed as a
/// (k x m) block (then C = A^T A of that block): BLAS's syrk, half gemm's work, the other
/// triangle mirrored. For a product of a block with itself, as in x.T @ x (NumPy does the same).
void syrk(const double* a, double* c, std::int64_t m, std::int64_t k, bool accumulate,
          BlasThreads threads, bool transposed);
void syrk(const float* a, float* c, std::int64_t m, std::int64_t k, bool accumulate,
          BlasThreads threads, bool transposed);

/// @brief The same for int64 and bool, in the i-p-j order whose inner loop vectorises (over j,
/// when B is not transposed).
template <class T>
void gemm(const T* a, const T* b, T* c, std::int64_t m, std::int64_t n, std::int64_t k,
          bool accumulate, BlasThreads, Transposed transposed = {}) {
  if (!accumulate) std::fill_n(c, m * n, T{});
  const auto a_step = transposed.a ? std::pair{std::int64_t{1}, m} : std::pair{k, std::int64_t{1}};
  const auto b_step = transposed.b ? std::pair{std::int64_t{1}, k} : std::pair{n, std::int64_t{1}};
  for (std::int64_t i = 0; i < m; ++i) {
    T* row = c + i * n;
    for (std::int64_t p = 0; p < k; ++p) {
      const T aip = a[i * a_step.first + p * a_step.second];
      const T* brow = b + p * b_step.first;
      const auto stride = b_step.second;
      if constexpr (std::is_same_v<T, bool>) {
        for (std::int64_t j = 0; j < n; ++j) row[j] = row[j] | (aip & brow[j * stride]);
      } else {
        for (std::int64_t j = 0; j < n; ++j) {
          row[j] =
              wrapping(row[j], wrapping(aip, brow[j * stride], std::multiplies<>{}), std::plus<>{});
        }
      }
    }
  }
}

}  // namespace dagarray::detail
