#pragma once
// Random expressions over dagarray's NumPy functions: an input of a random dtype, rank (0-4) and
// extents (0-6, many 1s for broadcasting), then one to three operations with random valid
// parameters. Each operation is tried eagerly as it is drawn, so the drawer knows every
// intermediate dtype and shape, and draws again when dagarray rejects the dtypes (a
// static_assert) or NumPy would give a dtype dagarray lacks.

#include "any_array.hpp"

#include <optional>
#include <random>
#include <vector>

namespace numpy_diff {

struct Case {
  std::vector<Eager> inputs;
  json expression;
  std::optional<Eager> eager;        // the eager result, unless dagarray threw
  std::optional<std::string> error;  // dagarray's std::invalid_argument message, if it threw
};

class Drawer {
 public:
  explicit Drawer(std::uint64_t seed) : _rng(seed) {}

  Case draw();

  /// A random integer in [lo, hi] and a coin of probability p, shared with the caller.
  std::int64_t uniform(std::int64_t lo, std::int64_t hi) {
    return std::uniform_int_distribution<std::int64_t>(lo, hi)(_rng);
  }
  bool chance(double p) { return std::bernoulli_distribution(p)(_rng); }

 private:
  struct Current {
    json node;
    Eager value;
  };

  json input(const std::string& dtype, const da::Shape& shape, bool non_negative = false);
  std::string dtype();
  std::int64_t extent();
  da::Shape shape(std::size_t rank);
  da::Shape broadcastable_to(const da::Shape& shape);
  json scalar(bool integer);
  json operand(const Current& x, const da::Shape& shape);
  int axis(std::size_t ndim);
  da::Axes axes_subset(std::size_t ndim);

  json elementwise(const Current& x);
  json where(const Current& x);
  json broadcast(const Current& x);
  json unary(const Current& x);
  json binary_ufunc(const Current& x);
  json clip_or_astype(const Current& x);
  json view(const Current& x);
  json take(const Current& x);
  json axes_op(const Current& x);
  json scan(const Current& x);
  json reduction(const Current& x);
  json reshape(const Current& x);
  json join(const Current& x);
  json flip(const Current& x);

  std::mt19937_64 _rng;
  std::vector<Eager> _inputs;
};

}  // namespace numpy_diff
