// The reductions of reductions.hpp in each of their forms: R(x), R(x, axis), R(x, axes), with
// options {.keepdims, .ddof}.

#include "evaluate.hpp"

namespace numpy_diff {

namespace {

/// R(x) without "axis" or "axes" (then "keepdims" and "ddof" are absent: the form has no
/// options); R(x, axis, options) or R(x, axes, options) otherwise.
template <class V, class X, class R>
V reduce(const json& node, const X& x, R r) {
  const da::ReduceOptions options{node.value("keepdims", false), node.value("ddof", 0)};
  if (node.contains("axis")) return V(r(x, node.at("axis").get<int>(), options));
  if (node.contains("axes")) return V(r(x, node.at("axes").get<da::Axes>(), options));
  return V(r(x));
}

template <class V, class X>
V apply_one(const json& node, const X& x) {
  const std::string op = node.at("op");
#define NUMPY_DIFF_REDUCTION(name, fn) \
  if (op == name) return reduce<V>(node, x, [](const auto&... a) { return da::fn(a...); });
  NUMPY_DIFF_REDUCTION("sum", sum)
  NUMPY_DIFF_REDUCTION("prod", prod)
  NUMPY_DIFF_REDUCTION("mean", mean)
  NUMPY_DIFF_REDUCTION("var", var)
  NUMPY_DIFF_REDUCTION("std", stddev)
  NUMPY_DIFF_REDUCTION("min", min)
  NUMPY_DIFF_REDUCTION("max", max)
  NUMPY_DIFF_REDUCTION("any", any)
  NUMPY_DIFF_REDUCTION("all", all)
  NUMPY_DIFF_REDUCTION("count_nonzero", count_nonzero)
  NUMPY_DIFF_REDUCTION("nansum", nansum)
  NUMPY_DIFF_REDUCTION("nanmean", nanmean)
  NUMPY_DIFF_REDUCTION("nanmin", nanmin)
  NUMPY_DIFF_REDUCTION("nanmax", nanmax)
#undef NUMPY_DIFF_REDUCTION
  // argmin and argmax take one axis or none.
  const da::ReduceOptions options{node.value("keepdims", false), 0};
  const bool along = node.contains("axis");
  const int axis = along ? node.at("axis").get<int>() : 0;
  if (op == "argmin") return along ? V(da::argmin(x, axis, options)) : V(da::argmin(x));
  if (op == "argmax") return along ? V(da::argmax(x, axis, options)) : V(da::argmax(x));
  throw std::logic_error("no reduction " + op);
}

}  // namespace

template <class V>
V apply_reduction(const json& node, const std::vector<Operand<V>>& args) {
  return std::visit([&](const auto& x) { return apply_one<V>(node, x); }, array_of(args.at(0)));
}

template Lazy apply_reduction(const json&, const std::vector<Operand<Lazy>>&);
template Eager apply_reduction(const json&, const std::vector<Operand<Eager>>&);

}  // namespace numpy_diff
