#include "evaluate.hpp"

#include <map>

namespace numpy_diff {

Family family_of(const std::string& op) {
  static const std::map<std::string, Family> families = [] {
    std::map<std::string, Family> m;
    for (auto name : {"add", "subtract", "multiply", "true_divide", "less", "less_equal", "greater",
                      "greater_equal", "equal", "not_equal"})
      m[name] = Family::operators;
    for (auto name : {"where", "broadcast_to"}) m[name] = Family::where;
    for (auto name : {"exp",     "expm1",    "log",    "log1p",   "log2",    "log10", "sin",
                      "cos",     "tan",      "arcsin", "arccos",  "arctan",  "sinh",  "cosh",
                      "tanh",    "floor",    "ceil",   "trunc",   "rint",    "sign",  "isnan",
                      "isinf",   "isfinite", "power",  "minimum", "maximum", "fmin",  "fmax",
                      "arctan2", "hypot",    "mod",    "clip",    "astype"})
      m[name] = Family::ufunc;
    for (auto name : {"view", "take", "transpose", "moveaxis", "swapaxes", "squeeze", "expand_dims",
                      "cumsum", "cumprod"})
      m[name] = Family::indexing;
    for (auto name : {"sum", "prod", "mean", "var", "std", "min", "max", "argmin", "argmax", "any",
                      "all", "count_nonzero", "nansum", "nanmean", "nanmin", "nanmax"})
      m[name] = Family::reduction;
    for (auto name : {"reshape", "ravel", "concatenate", "stack", "flip"}) m[name] = Family::shape;
    return m;
  }();
  const auto at = families.find(op);
  if (at == families.end()) throw std::logic_error("no operation named " + op);
  return at->second;
}

template <class V>
V evaluate(const json& node, const std::vector<V>& inputs) {
  const std::string op = node.at("op");
  if (op == "input") return inputs.at(node.at("id").get<std::size_t>());
  std::vector<Operand<V>> args;
  for (const auto& arg : node.at("args")) {
    if (arg.at("op") == "scalar") {
      const auto& value = arg.at("value");
      if (value.is_number_integer()) {
        args.emplace_back(value.get<std::int64_t>());
      } else {
        args.emplace_back(value.get<double>());
      }
    } else {
      args.emplace_back(evaluate(arg, inputs));
    }
  }
  switch (family_of(op)) {
    case Family::operators:
      return apply_operators<V>(node, args);
    case Family::where:
      return apply_where<V>(node, args);
    case Family::ufunc:
      return apply_ufunc<V>(node, args);
    case Family::indexing:
      return apply_indexing<V>(node, args);
    case Family::reduction:
      return apply_reduction<V>(node, args);
    case Family::shape:
      return apply_shape<V>(node, args);
  }
  throw std::logic_error("unreachable");
}

template Lazy evaluate(const json&, const std::vector<Lazy>&);
template Eager evaluate(const json&, const std::vector<Eager>&);

}  // namespace numpy_diff
