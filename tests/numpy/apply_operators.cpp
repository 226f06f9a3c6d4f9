// The operators + - * / < <= > >= == != (arrays broadcast, scalars either side).

#include "evaluate.hpp"

namespace numpy_diff {

namespace {

namespace detail = da::detail;

template <class V>
V binary(const std::string& op, const Operand<V>& a, const Operand<V>& b) {
  return visit_operand<V>(a, [&](const auto& x) {
    return visit_operand<V>(b, [&](const auto& y) -> V {
#define NUMPY_DIFF_OPERATOR(name, symbol, Op)  \
  if (op == name)                              \
    return checked_binary<V, detail::Op>(x, y, \
                                         [](const auto& p, const auto& q) { return p symbol q; });
      NUMPY_DIFF_OPERATOR("add", +, Add)
      NUMPY_DIFF_OPERATOR("subtract", -, Subtract)
      NUMPY_DIFF_OPERATOR("multiply", *, Multiply)
      NUMPY_DIFF_OPERATOR("true_divide", /, Divide)
      NUMPY_DIFF_OPERATOR("less", <, Less)
      NUMPY_DIFF_OPERATOR("less_equal", <=, LessEqual)
      NUMPY_DIFF_OPERATOR("greater", >, Greater)
      NUMPY_DIFF_OPERATOR("greater_equal", >=, GreaterEqual)
      NUMPY_DIFF_OPERATOR("equal", ==, Equal)
      NUMPY_DIFF_OPERATOR("not_equal", !=, NotEqual)
#undef NUMPY_DIFF_OPERATOR
      throw std::logic_error("no operator " + op);
    });
  });
}

}  // namespace

template <class V>
V apply_operators(const json& node, const std::vector<Operand<V>>& args) {
  return binary<V>(node.at("op"), args.at(0), args.at(1));
}

template Lazy apply_operators(const json&, const std::vector<Operand<Lazy>>&);
template Eager apply_operators(const json&, const std::vector<Operand<Eager>>&);

}  // namespace numpy_diff
