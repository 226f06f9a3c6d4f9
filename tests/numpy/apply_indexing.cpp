// Indexing and axis operations: view (integers, slices, newaxis, ellipsis), take, transpose,
// moveaxis, swapaxes, squeeze, expand_dims; and the scans cumsum and cumprod.

#include "evaluate.hpp"

#include <utility>

namespace numpy_diff {

namespace {

/// One index of a view: an integer, {"slice": [start, stop, step]} (null bounds for None),
/// "newaxis" or "ellipsis".
da::Index index_from(const json& j) {
  if (j.is_number_integer()) return j.get<std::int64_t>();
  if (j == "newaxis") return da::newaxis;
  if (j == "ellipsis") return da::ellipsis;
  const auto& s = j.at("slice");
  auto bound = [](const json& b) {
    return b.is_null() ? std::nullopt : std::optional<std::int64_t>(b.get<std::int64_t>());
  };
  return da::slice{bound(s.at(0)), bound(s.at(1)), s.at(2).get<std::int64_t>()};
}

template <class X, std::size_t... I>
auto view_with(const X& x, const std::vector<da::Index>& index, std::index_sequence<I...>) {
  return da::view(x, index[I]...);
}

/// da::view takes its indices as arguments, so the count is chosen at compile time here.
template <class V, class X>
V view(const X& x, const std::vector<da::Index>& index) {
  switch (index.size()) {
    case 0:
      return V(view_with(x, index, std::make_index_sequence<0>{}));
    case 1:
      return V(view_with(x, index, std::make_index_sequence<1>{}));
    case 2:
      return V(view_with(x, index, std::make_index_sequence<2>{}));
    case 3:
      return V(view_with(x, index, std::make_index_sequence<3>{}));
    case 4:
      return V(view_with(x, index, std::make_index_sequence<4>{}));
    case 5:
      return V(view_with(x, index, std::make_index_sequence<5>{}));
    case 6:
      return V(view_with(x, index, std::make_index_sequence<6>{}));
    case 7:
      return V(view_with(x, index, std::make_index_sequence<7>{}));
    default:
      throw Unsupported("more than 7 indices");
  }
}

template <class V, class X>
V apply_one(const json& node, const X& x) {
  const std::string op = node.at("op");
  auto axes = [&] { return node.at("axes").get<da::Axes>(); };
  auto integer = [&](const char* key) { return node.at(key).get<int>(); };
  if (op == "view") {
    std::vector<da::Index> index;
    for (const auto& j : node.at("index")) index.push_back(index_from(j));
    return view<V>(x, index);
  }
  if (op == "take") {
    return V(da::take(x, node.at("indices").get<std::vector<std::int64_t>>(), integer("axis")));
  }
  if (op == "transpose") {
    return node.contains("axes") ? V(da::transpose(x, axes())) : V(da::transpose(x));
  }
  if (op == "moveaxis") return V(da::moveaxis(x, integer("source"), integer("destination")));
  if (op == "swapaxes") return V(da::swapaxes(x, integer("axis1"), integer("axis2")));
  if (op == "squeeze") {
    if (node.contains("axis")) return V(da::squeeze(x, integer("axis")));
    return node.contains("axes") ? V(da::squeeze(x, axes())) : V(da::squeeze(x));
  }
  if (op == "expand_dims") {
    return node.contains("axis") ? V(da::expand_dims(x, integer("axis")))
                                 : V(da::expand_dims(x, axes()));
  }
  if (op == "cumsum") {
    return node.contains("axis") ? V(da::cumsum(x, integer("axis"))) : V(da::cumsum(x));
  }
  if (op == "cumprod") {
    return node.contains("axis") ? V(da::cumprod(x, integer("axis"))) : V(da::cumprod(x));
  }
  throw std::logic_error("no indexing operation " + op);
}

}  // namespace

template <class V>
V apply_indexing(const json& node, const std::vector<Operand<V>>& args) {
  return std::visit([&](const auto& x) { return apply_one<V>(node, x); }, array_of(args.at(0)));
}

template Lazy apply_indexing(const json&, const std::vector<Operand<Lazy>>&);
template Eager apply_indexing(const json&, const std::vector<Operand<Eager>>&);

}  // namespace numpy_diff
