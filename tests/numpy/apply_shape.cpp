// Shape operations of shape_ops.hpp: reshape, ravel, concatenate and stack (two operands, of
// any two dtypes: promoted as NumPy promotes), flip.

#include "evaluate.hpp"

#include <tuple>

namespace numpy_diff {

template <class V>
V apply_shape(const json& node, const std::vector<Operand<V>>& args) {
  const std::string op = node.at("op");
  const auto& x = array_of(args.at(0));
  if (op == "concatenate" || op == "stack") {
    const int axis = node.at("axis");
    return std::visit(
        [&](const auto& a, const auto& b) -> V {
          const auto pair = std::tie(a, b);
          return op == "stack" ? V(da::stack(pair, axis)) : V(da::concatenate(pair, axis));
        },
        x, array_of(args.at(1)));
  }
  return std::visit(
      [&](const auto& a) -> V {
        if (op == "reshape") return V(da::reshape(a, node.at("shape").get<da::Shape>()));
        if (op == "ravel") return V(da::ravel(a));
        if (op == "flip") {
          if (node.contains("axis")) return V(da::flip(a, node.at("axis").get<int>()));
          if (node.contains("axes")) return V(da::flip(a, node.at("axes").get<da::Axes>()));
          return V(da::flip(a));
        }
        throw std::logic_error("no shape operation " + op);
      },
      x);
}

template Lazy apply_shape(const json&, const std::vector<Operand<Lazy>>&);
template Eager apply_shape(const json&, const std::vector<Operand<Eager>>&);

}  // namespace numpy_diff
