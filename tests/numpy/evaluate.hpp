#pragma once
// Replaying an expression tree (JSON: {"op": name, "args": [...], parameters...}) with dagarray,
// lazily (V = Lazy) or eagerly (V = Eager). Each family of operations is one apply_* function in
// a file of its own, so the many dtype combinations compile in separate pieces.

#include "any_array.hpp"

#include <span>
#include <type_traits>
#include <vector>

namespace numpy_diff {

/// An argument of an operation: an array, or a plain C++ scalar (an int or a double).
template <class V>
using Operand = std::variant<V, std::int64_t, double>;

/// f(array of its own element type) or f(scalar); f returns V either way.
template <class V, class F>
V visit_operand(const Operand<V>& operand, F&& f) {
  return std::visit(
      [&](const auto& o) -> V {
        if constexpr (std::is_same_v<std::decay_t<decltype(o)>, V>) {
          return std::visit(f, o);
        } else {
          return f(o);
        }
      },
      operand);
}

/// The array of an operand that must be one.
template <class V>
const V& array_of(const Operand<V>& operand) {
  if (const auto* v = std::get_if<V>(&operand)) return *v;
  throw Unsupported("a scalar where an array is needed");
}

template <class X>
inline constexpr bool is_array_v = da::detail::ArrayLike<X>;

/// The element type of an operand next to the other one: an array's own, or a scalar's weak
/// type next to the array (NumPy's value-based rule for Python scalars).
template <class X, class Other>
auto operand_element() {
  if constexpr (is_array_v<X>) {
    return typename X::value_type{};
  } else {
    return da::detail::weak_t<typename Other::value_type, X>{};
  }
}
template <class X, class Other>
using operand_element_t = decltype(operand_element<X, Other>());

/// f(x, y) when dagarray accepts the binary Op on these element types; else Unsupported (there
/// dagarray's static_assert rejects the combination at compile time, and the drawer draws again).
template <class V, class Op, class X, class Y, class F>
V checked_binary(const X& x, const Y& y, F f) {
  if constexpr (!is_array_v<X> && !is_array_v<Y>) {
    throw Unsupported("two scalars");
  } else {
    using Array = std::conditional_t<is_array_v<X>, X, Y>;
    using A = operand_element_t<X, Array>;
    using B = operand_element_t<Y, Array>;
    if constexpr (Op::template accepts<A, B>) {
      return V(f(x, y));
    } else {
      throw Unsupported(std::string(Op::name) + " of these dtypes");
    }
  }
}

template <class V>
V evaluate(const json& node, const std::vector<V>& inputs);

template <class V>
V apply_operators(const json& node, const std::vector<Operand<V>>& args);
template <class V>
V apply_where(const json& node, const std::vector<Operand<V>>& args);
template <class V>
V apply_ufunc(const json& node, const std::vector<Operand<V>>& args);
template <class V>
V apply_indexing(const json& node, const std::vector<Operand<V>>& args);
template <class V>
V apply_reduction(const json& node, const std::vector<Operand<V>>& args);
template <class V>
V apply_shape(const json& node, const std::vector<Operand<V>>& args);

/// Which apply_* handles `op`; throws for a name no family has.
enum class Family { operators, where, ufunc, indexing, reduction, shape };
Family family_of(const std::string& op);

}  // namespace numpy_diff
