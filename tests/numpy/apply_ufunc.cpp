// NumPy's ufuncs of ufuncs.hpp: one-argument functions, two-argument functions (arrays
// broadcast, scalars either side), clip and astype.

#include "evaluate.hpp"

namespace numpy_diff {

namespace {

namespace detail = da::detail;

template <class V, class X>
V unary(const std::string& op, const X& x) {
  using T = typename X::value_type;
#define NUMPY_DIFF_UNARY(name) \
  if (op == #name) return V(da::name(x));
  NUMPY_DIFF_UNARY(exp)
  NUMPY_DIFF_UNARY(expm1)
  NUMPY_DIFF_UNARY(log)
  NUMPY_DIFF_UNARY(log1p)
  NUMPY_DIFF_UNARY(log2)
  NUMPY_DIFF_UNARY(log10)
  NUMPY_DIFF_UNARY(sin)
  NUMPY_DIFF_UNARY(cos)
  NUMPY_DIFF_UNARY(tan)
  NUMPY_DIFF_UNARY(arcsin)
  NUMPY_DIFF_UNARY(arccos)
  NUMPY_DIFF_UNARY(arctan)
  NUMPY_DIFF_UNARY(sinh)
  NUMPY_DIFF_UNARY(cosh)
  NUMPY_DIFF_UNARY(tanh)
  NUMPY_DIFF_UNARY(floor)
  NUMPY_DIFF_UNARY(ceil)
  NUMPY_DIFF_UNARY(trunc)
  NUMPY_DIFF_UNARY(rint)
  NUMPY_DIFF_UNARY(isnan)
  NUMPY_DIFF_UNARY(isinf)
  NUMPY_DIFF_UNARY(isfinite)
#undef NUMPY_DIFF_UNARY
  if (op == "sign") {
    if constexpr (detail::Sign::accepts<T>) {
      return V(da::sign(x));
    } else {
      throw Unsupported("sign of bool");
    }
  }
  throw std::logic_error("no unary ufunc " + op);
}

template <class V>
V binary(const std::string& op, const Operand<V>& a, const Operand<V>& b) {
  return visit_operand<V>(a, [&](const auto& x) {
    return visit_operand<V>(b, [&](const auto& y) -> V {
#define NUMPY_DIFF_BINARY(name, Op)       \
  if (op == #name)                        \
    return checked_binary<V, detail::Op>( \
        x, y, [](const auto& p, const auto& q) { return da::name(p, q); });
      NUMPY_DIFF_BINARY(power, Power)
      NUMPY_DIFF_BINARY(minimum, Minimum)
      NUMPY_DIFF_BINARY(maximum, Maximum)
      NUMPY_DIFF_BINARY(fmin, Fmin)
      NUMPY_DIFF_BINARY(fmax, Fmax)
      NUMPY_DIFF_BINARY(arctan2, Arctan2)
      NUMPY_DIFF_BINARY(hypot, Hypot)
      NUMPY_DIFF_BINARY(mod, Mod)
#undef NUMPY_DIFF_BINARY
      throw std::logic_error("no binary ufunc " + op);
    });
  });
}

/// clip(x, low, high) with scalar bounds.
template <class V>
V clip(const Operand<V>& x, const Operand<V>& low, const Operand<V>& high) {
  return std::visit(
      [&](const auto& a) {
        return std::visit(
            [&](const auto& lo) {
              return std::visit(
                  [&](const auto& hi) -> V {
                    if constexpr (std::is_same_v<std::decay_t<decltype(lo)>, V> ||
                                  std::is_same_v<std::decay_t<decltype(hi)>, V>) {
                      throw Unsupported("clip with array bounds is not drawn");
                    } else {
                      return V(da::clip(a, lo, hi));
                    }
                  },
                  high);
            },
            low);
      },
      array_of(x));
}

template <class V>
V astype(const std::string& dtype, const V& x) {
  return std::visit(
      [&](const auto& a) -> V {
        if (dtype == "float64") return V(da::astype<double>(a));
        if (dtype == "float32") return V(da::astype<float>(a));
        if (dtype == "int64") return V(da::astype<std::int64_t>(a));
        if (dtype == "bool") return V(da::astype<bool>(a));
        throw std::logic_error("no dtype " + dtype);
      },
      x);
}

}  // namespace

template <class V>
V apply_ufunc(const json& node, const std::vector<Operand<V>>& args) {
  const std::string op = node.at("op");
  if (op == "clip") return clip<V>(args.at(0), args.at(1), args.at(2));
  if (op == "astype") return astype<V>(node.at("dtype"), array_of(args.at(0)));
  if (args.size() == 2) return binary<V>(op, args[0], args[1]);
  return std::visit([&](const auto& x) { return unary<V>(op, x); }, array_of(args.at(0)));
}

template Lazy apply_ufunc(const json&, const std::vector<Operand<Lazy>>&);
template Eager apply_ufunc(const json&, const std::vector<Operand<Eager>>&);

}  // namespace numpy_diff
