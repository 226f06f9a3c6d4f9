#pragma once
// The options every reduction takes, as NumPy's keyword arguments of the same names.

namespace dagarray {

/// @brief `keepdims`: each reduced axis stays, with length 1, so the result broadcasts against
/// the input (NumPy's keepdims=True). `ddof`: var and stddev divide by max(n - ddof, 0), as
/// NumPy's (1 gives the unbiased estimate); the other reductions ignore it.
/// @code{.cpp}
/// auto s = da::stddev(x, 0, {.keepdims = true, .ddof = 1});   // shape (1, columns)
/// @endcode
struct ReduceOptions {
  bool keepdims = false;
  int ddof = 0;
};

}  // namespace dagarray
