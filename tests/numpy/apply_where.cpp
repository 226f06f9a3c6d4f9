// where(cond, a, b) (cond an array, a and b arrays or scalars, broadcast together) and
// broadcast_to.

#include "evaluate.hpp"

namespace numpy_diff {

namespace {

/// where(cond, a, b): cond an array, a and b arrays or scalars.
template <class V>
V where(const Operand<V>& cond, const Operand<V>& a, const Operand<V>& b) {
  return std::visit(
      [&](const auto& c) {
        return visit_operand<V>(a, [&](const auto& x) {
          return visit_operand<V>(b, [&](const auto& y) -> V { return V(da::where(c, x, y)); });
        });
      },
      array_of(cond));
}

}  // namespace

template <class V>
V apply_where(const json& node, const std::vector<Operand<V>>& args) {
  if (node.at("op") == "where") return where<V>(args.at(0), args.at(1), args.at(2));
  const auto shape = node.at("shape").get<da::Shape>();
  return std::visit([&](const auto& x) -> V { return V(da::broadcast_to(x, shape)); },
                    array_of(args.at(0)));
}

template Lazy apply_where(const json&, const std::vector<Operand<Lazy>>&);
template Eager apply_where(const json&, const std::vector<Operand<Eager>>&);

}  // namespace numpy_diff
