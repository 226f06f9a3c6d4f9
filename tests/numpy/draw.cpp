#include "draw.hpp"

#include "evaluate.hpp"

#include <algorithm>
#include <functional>
#include <limits>
#include <numeric>

namespace numpy_diff {

namespace {

constexpr std::int64_t kMaxSize = 4096;  // elements of any result: keeps the test fast
constexpr std::size_t kMaxRank = 6;

template <class T>
const T& pick(Drawer& d, const std::vector<T>& options) {
  return options[static_cast<std::size_t>(d.uniform(0, std::int64_t(options.size()) - 1))];
}

/// Elements of `dtype`: small integers (so much arithmetic is exact), reals in [-3, 3) and, in
/// some arrays, NaN, infinities, -0.0 and halves (rint's ties).
template <class T>
Eager values(Drawer& d, const da::Shape& shape, bool non_negative) {
  da::NDArray<T> out(shape);
  const bool specials = d.chance(0.3);
  for (auto& e : out) {
    if constexpr (std::is_same_v<T, bool>) {
      e = d.chance(0.5);
    } else if constexpr (std::is_integral_v<T>) {
      e = non_negative ? d.uniform(0, 3) : d.uniform(-6, 6);
    } else {
      const auto roll = d.uniform(0, 99);
      if (specials && roll < 12) {
        constexpr T inf = std::numeric_limits<T>::infinity();
        const std::vector<T> special = {
            std::numeric_limits<T>::quiet_NaN(), inf, -inf, T(-0.0), T(0.5), T(-2.5), T(1e-3)};
        e = pick(d, special);
      } else if (roll < 50) {
        e = static_cast<T>(d.uniform(-6, 6));
      } else {
        e = static_cast<T>(static_cast<double>(d.uniform(-3000, 2999)) / 1000.0 +
                           static_cast<double>(d.uniform(0, 999)) * 1e-6);
      }
      if (non_negative) e = std::abs(e);
    }
  }
  return out;
}

const std::vector<std::string> kDtypes = {"float64", "float32", "int64", "bool"};

std::string dtype_of_node(const json& node, const std::vector<Eager>& inputs) {
  return dtype_of(evaluate<Eager>(node, inputs));
}

/// NumPy 1.24 casts by value when an operand is a 0-d array, as for a Python scalar: a float32
/// array plus a 0-d float64 array is float32 there, and a 0-d float32 times the scalar 1 is
/// float64 (only 0-d and scalars: no value-based casting). dagarray promotes 0-d arrays as
/// arrays, as NumPy 2 (NEP 50) does. Reported as a mismatch; such operand mixes are not drawn.
void check_not_value_based(const json& node, const std::vector<Eager>& inputs) {
  std::vector<std::string> dtypes;
  bool zero_d = false, n_d = false, scalar = false;
  const auto& args = node.at("args");
  // where's condition takes no part in the result's dtype.
  for (auto arg_at = args.begin() + (node.at("op") == "where" ? 1 : 0); arg_at != args.end();
       ++arg_at) {
    const auto& arg = *arg_at;
    if (arg.at("op") == "scalar") {
      scalar = true;
      continue;
    }
    const auto value = evaluate<Eager>(arg, inputs);
    (shape_of(value).empty() ? zero_d : n_d) = true;
    dtypes.push_back(dtype_of(value));
  }
  const bool mixed =
      std::adjacent_find(dtypes.begin(), dtypes.end(), std::not_equal_to<>{}) != dtypes.end();
  if ((zero_d && n_d && mixed) || (zero_d && !n_d && scalar)) {
    throw Unsupported("0-d operands: NumPy 1.24's value-based casting");
  }
}

}  // namespace

// ---- pieces --------------------------------------------------------------------------------

std::string Drawer::dtype() {
  return pick(*this, kDtypes);
}

std::int64_t Drawer::extent() {
  const auto roll = uniform(0, 99);
  if (roll < 5) return 0;
  if (roll < 30) return 1;
  return uniform(2, 6);
}

da::Shape Drawer::shape(std::size_t rank) {
  da::Shape s(rank);
  for (auto& e : s) e = extent();
  while (da::core::shape_size(s) > kMaxSize) s.pop_back();
  return s;
}

json Drawer::input(const std::string& dtype, const da::Shape& shape, bool non_negative) {
  if (dtype == "float64") _inputs.push_back(values<double>(*this, shape, non_negative));
  if (dtype == "float32") _inputs.push_back(values<float>(*this, shape, non_negative));
  if (dtype == "int64") _inputs.push_back(values<std::int64_t>(*this, shape, non_negative));
  if (dtype == "bool") _inputs.push_back(values<bool>(*this, shape, non_negative));
  return {{"op", "input"}, {"id", _inputs.size() - 1}};
}

/// A shape that broadcasts with `shape`: each aligned axis the same extent or 1 (any extent
/// where `shape` has 1), and possibly more or fewer axes.
da::Shape Drawer::broadcastable_to(const da::Shape& s) {
  const auto rank = static_cast<std::size_t>(uniform(0, 4));
  da::Shape out(rank);
  for (std::size_t i = 0; i < rank; ++i) {
    auto& e = out[rank - 1 - i];
    if (i < s.size()) {
      const auto mine = s[s.size() - 1 - i];
      e = mine == 1 ? extent() : (chance(0.7) ? mine : 1);
    } else {
      e = extent();
    }
  }
  return out;
}

json Drawer::scalar(bool integer) {
  if (integer) return {{"op", "scalar"}, {"value", uniform(-3, 3)}};
  const std::vector<double> floats = {0.5, -1.5, 2.0, 2.5, 0.0, 3.0, -0.25};
  return {{"op", "scalar"}, {"value", pick(*this, floats)}};
}

/// The other operand of a binary operation on x: a scalar, x itself or a new input.
json Drawer::operand(const Current& x, const da::Shape& s) {
  const auto roll = uniform(0, 99);
  if (roll < 30) return scalar(chance(0.5));
  if (roll < 38) return x.node;
  return input(dtype(), broadcastable_to(s));
}

int Drawer::axis(std::size_t ndim) {
  return static_cast<int>(uniform(-std::int64_t(ndim), std::int64_t(ndim) - 1));
}

/// Distinct axes in a random order, some written from the end.
da::Axes Drawer::axes_subset(std::size_t ndim) {
  da::Axes out;
  for (std::size_t a = 0; a < ndim; ++a) {
    if (chance(0.5)) out.push_back(chance(0.3) ? int(a) - int(ndim) : int(a));
  }
  std::shuffle(out.begin(), out.end(), _rng);
  return out;
}

// ---- the families --------------------------------------------------------------------------

json Drawer::elementwise(const Current& x) {
  const std::vector<std::string> ops = {"add",   "subtract",   "multiply", "true_divide",
                                        "less",  "less_equal", "greater",  "greater_equal",
                                        "equal", "not_equal"};
  auto other = operand(x, shape_of(x.value));
  json args = chance(0.3) ? json{other, x.node} : json{x.node, other};
  return {{"op", pick(*this, ops)}, {"args", args}};
}

json Drawer::where(const Current& x) {
  const auto s = shape_of(x.value);
  const auto cond = input(chance(0.7) ? "bool" : dtype(), broadcastable_to(s));
  auto other = operand(x, s);
  json args = chance(0.5) ? json{cond, x.node, other} : json{cond, other, x.node};
  return {{"op", "where"}, {"args", args}};
}

json Drawer::broadcast(const Current& x) {
  auto s = shape_of(x.value);
  for (auto& e : s) {
    if (e == 1 && chance(0.6)) e = uniform(0, 4);
  }
  for (auto n = uniform(0, 2); n > 0 && s.size() < kMaxRank; --n) s.insert(s.begin(), extent());
  return {{"op", "broadcast_to"}, {"args", {x.node}}, {"shape", s}};
}

json Drawer::unary(const Current& x) {
  const std::vector<std::string> ops = {"exp",  "expm1", "log",   "log1p",  "log2",    "log10",
                                        "sin",  "cos",   "tan",   "arcsin", "arccos",  "arctan",
                                        "sinh", "cosh",  "tanh",  "floor",  "ceil",    "trunc",
                                        "rint", "sign",  "isnan", "isinf",  "isfinite"};
  const auto& op = pick(*this, ops);
  const bool classifies = op == "isnan" || op == "isinf" || op == "isfinite";
  // NumPy computes the float functions of bool in float16, which dagarray does not have (it
  // gives float64); sign of bool is rejected by both.
  if (dtype_of(x.value) == "bool" && !classifies) throw Unsupported(op + " of bool");
  return {{"op", op}, {"args", {x.node}}};
}

json Drawer::binary_ufunc(const Current& x) {
  const std::vector<std::string> ops = {"power", "minimum", "maximum", "fmin",
                                        "fmax",  "arctan2", "hypot",   "mod"};
  const auto& op = pick(*this, ops);
  const auto s = shape_of(x.value);
  const auto mine = dtype_of(x.value);
  if (op == "power") {
    // NumPy raises for an integer to a negative integer power, from an array of exponents too;
    // dagarray documents a truncated value instead (not a test per element). So x is the base
    // and an integer exponent is never negative.
    json exponent;
    const auto roll = uniform(0, 2);
    if (roll == 0) exponent = {{"op", "scalar"}, {"value", uniform(0, 3)}};
    if (roll == 1) exponent = scalar(false);
    if (roll == 2) exponent = input(dtype(), broadcastable_to(s), true);
    return {{"op", op}, {"args", {x.node, exponent}}};
  }
  auto other = operand(x, s);
  json args = chance(0.3) ? json{other, x.node} : json{x.node, other};
  if (op == "arctan2" || op == "hypot") {
    // Of two bools NumPy gives float16, which dagarray lacks.
    const auto other_dtype =
        other.at("op") == "scalar" ? std::string("scalar") : dtype_of_node(other, _inputs);
    if (mine == "bool" && other_dtype == "bool") throw Unsupported(op + " of two bools");
  }
  return {{"op", op}, {"args", args}};
}

json Drawer::clip_or_astype(const Current& x) {
  if (chance(0.5)) return {{"op", "astype"}, {"args", {x.node}}, {"dtype", dtype()}};
  json low = chance(0.5) ? json{{"op", "scalar"}, {"value", uniform(-2, 1)}}
                         : json{{"op", "scalar"}, {"value", -0.5}};
  json high = chance(0.5) ? json{{"op", "scalar"}, {"value", uniform(0, 3)}}
                          : json{{"op", "scalar"}, {"value", 1.5}};
  return {{"op", "clip"}, {"args", {x.node, low, high}}};
}

json Drawer::view(const Current& x) {
  const auto s = shape_of(x.value);
  const auto ndim = s.size();
  const auto k = static_cast<std::size_t>(uniform(0, std::int64_t(ndim)));
  const bool ellipsis = chance(0.3);
  const auto split = ellipsis ? static_cast<std::size_t>(uniform(0, std::int64_t(k))) : k;
  auto item = [&](std::size_t axis) -> json {
    const auto n = s[axis];
    if (n > 0 && chance(0.35)) return uniform(-n, n - 1);
    auto bound = [&]() -> json {
      return chance(0.4) ? json(nullptr) : json(uniform(-n - 2, n + 2));
    };
    const std::vector<std::int64_t> steps = {1, 1, 1, 2, 3, -1, -2};
    return {{"slice", {bound(), bound(), pick(*this, steps)}}};
  };
  json index = json::array();
  for (std::size_t i = 0; i < split; ++i) index.push_back(item(i));
  if (ellipsis) index.push_back("ellipsis");
  for (std::size_t i = split; i < k; ++i) index.push_back(item(ndim - (k - i)));
  for (auto n = uniform(0, 2); n > 0 && index.size() < 7; --n) {
    index.insert(index.begin() + uniform(0, std::int64_t(index.size())), "newaxis");
  }
  return {{"op", "view"}, {"args", {x.node}}, {"index", index}};
}

json Drawer::take(const Current& x) {
  const auto s = shape_of(x.value);
  if (s.empty()) throw Unsupported("take of a 0-d array has no axis");
  const auto a = axis(s.size());
  const auto n = s[static_cast<std::size_t>(a < 0 ? a + int(s.size()) : a)];
  std::vector<std::int64_t> indices;
  for (auto count = n == 0 ? 0 : uniform(0, 4); count > 0; --count)
    indices.push_back(uniform(-n, n - 1));
  return {{"op", "take"}, {"args", {x.node}}, {"indices", indices}, {"axis", a}};
}

json Drawer::axes_op(const Current& x) {
  const auto s = shape_of(x.value);
  const auto ndim = s.size();
  const std::vector<std::string> ops = {"transpose", "moveaxis", "swapaxes", "squeeze",
                                        "expand_dims"};
  const auto& op = pick(*this, ops);
  json node = {{"op", op}, {"args", {x.node}}};
  if (op == "transpose") {
    if (chance(0.5)) {
      da::Axes perm(ndim);
      std::iota(perm.begin(), perm.end(), 0);
      std::shuffle(perm.begin(), perm.end(), _rng);
      for (auto& p : perm) {
        if (chance(0.3)) p -= int(ndim);
      }
      node["axes"] = perm;
    }
  } else if (op == "moveaxis" || op == "swapaxes") {
    if (ndim == 0) throw Unsupported(op + " of a 0-d array");
    node[op == "moveaxis" ? "source" : "axis1"] = axis(ndim);
    node[op == "moveaxis" ? "destination" : "axis2"] = axis(ndim);
  } else if (op == "squeeze") {
    da::Axes ones;
    for (std::size_t a = 0; a < ndim; ++a) {
      if (s[a] == 1 && chance(0.6)) ones.push_back(chance(0.3) ? int(a) - int(ndim) : int(a));
    }
    if (ones.size() == 1 && chance(0.5)) {
      node["axis"] = ones[0];
    } else if (!ones.empty() || chance(0.3)) {
      node["axes"] = ones;
    }
  } else {
    const auto added = static_cast<std::size_t>(uniform(1, 2));
    if (ndim + added > kMaxRank) throw Unsupported("rank too high");
    const auto out = ndim + added;
    da::Axes positions(out);
    std::iota(positions.begin(), positions.end(), 0);
    std::shuffle(positions.begin(), positions.end(), _rng);
    positions.resize(added);
    for (auto& p : positions) {
      if (chance(0.3)) p -= int(out);
    }
    if (added == 1 && chance(0.5)) {
      node["axis"] = positions[0];
    } else {
      node["axes"] = positions;
    }
  }
  return node;
}

json Drawer::scan(const Current& x) {
  const auto ndim = shape_of(x.value).size();
  json node = {{"op", chance(0.5) ? "cumsum" : "cumprod"}, {"args", {x.node}}};
  if (ndim > 1 || chance(0.6)) node["axis"] = axis(std::max<std::size_t>(ndim, 1));
  return node;
}

json Drawer::reduction(const Current& x) {
  const std::vector<std::string> ops = {
      "sum",    "prod", "mean", "var",           "std",    "min",     "max",    "argmin",
      "argmax", "any",  "all",  "count_nonzero", "nansum", "nanmean", "nanmin", "nanmax"};
  const auto& op = pick(*this, ops);
  const auto ndim = shape_of(x.value).size();
  json node = {{"op", op}, {"args", {x.node}}};
  const auto form = uniform(0, 2);
  if (form == 0) return node;
  if (form == 1 && ndim > 0) {
    node["axis"] = axis(ndim);
  } else if (op != "argmin" && op != "argmax") {
    node["axes"] = axes_subset(ndim);
  } else {
    return node;
  }
  node["keepdims"] = chance(0.5);
  if (op == "var" || op == "std") node["ddof"] = uniform(0, 2);
  return node;
}

json Drawer::reshape(const Current& x) {
  if (chance(0.3)) return {{"op", "ravel"}, {"args", {x.node}}};
  const auto size = da::core::shape_size(shape_of(x.value));
  da::Shape s;
  const auto rank = static_cast<std::size_t>(uniform(0, 4));
  if (size == 0) {
    for (std::size_t a = 0; a < std::max<std::size_t>(rank, 1); ++a) s.push_back(uniform(0, 3));
    s[static_cast<std::size_t>(uniform(0, std::int64_t(s.size()) - 1))] = 0;
  } else {
    auto left = size;
    for (std::size_t a = 0; a + 1 < rank; ++a) {
      std::vector<std::int64_t> divisors;
      for (std::int64_t d = 1; d <= left; ++d) {
        if (left % d == 0) divisors.push_back(d);
      }
      s.push_back(pick(*this, divisors));
      left /= s.back();
    }
    if (rank > 0) {
      s.push_back(left);
    } else if (left != 1) {
      s.push_back(left);
    }
    std::shuffle(s.begin(), s.end(), _rng);
    if (!s.empty() && chance(0.3))
      s[static_cast<std::size_t>(uniform(0, std::int64_t(s.size()) - 1))] = -1;
  }
  return {{"op", "reshape"}, {"args", {x.node}}, {"shape", s}};
}

json Drawer::join(const Current& x) {
  auto s = shape_of(x.value);
  const bool stack = chance(0.4);
  if (stack) {
    if (s.size() + 1 > kMaxRank) throw Unsupported("rank too high");
    const auto a = static_cast<int>(uniform(-std::int64_t(s.size()) - 1, std::int64_t(s.size())));
    return {
        {"op", "stack"}, {"args", {x.node, chance(0.2) ? x.node : input(dtype(), s)}}, {"axis", a}};
  }
  if (s.empty()) throw Unsupported("concatenate of 0-d arrays");
  const auto a = axis(s.size());
  s[static_cast<std::size_t>(a < 0 ? a + int(s.size()) : a)] = uniform(0, 4);
  return {{"op", "concatenate"}, {"args", {x.node, input(dtype(), s)}}, {"axis", a}};
}

json Drawer::flip(const Current& x) {
  const auto ndim = shape_of(x.value).size();
  json node = {{"op", "flip"}, {"args", {x.node}}};
  const auto form = uniform(0, 2);
  if (form == 1 && ndim > 0) node["axis"] = axis(ndim);
  if (form == 2) node["axes"] = axes_subset(ndim);
  return node;
}

// ---- a whole case --------------------------------------------------------------------------

Case Drawer::draw() {
  _inputs.clear();
  const auto first = input(dtype(), shape(static_cast<std::size_t>(uniform(0, 4))));
  Current x{first, _inputs.back()};
  using Pick = json (Drawer::*)(const Current&);
  // Weights: how often each family is drawn.
  const std::vector<std::pair<Pick, int>> families = {
      {&Drawer::elementwise, 20}, {&Drawer::where, 6},         {&Drawer::broadcast, 4},
      {&Drawer::unary, 14},       {&Drawer::binary_ufunc, 10}, {&Drawer::clip_or_astype, 6},
      {&Drawer::view, 9},         {&Drawer::take, 5},          {&Drawer::axes_op, 10},
      {&Drawer::scan, 6},         {&Drawer::reduction, 16},    {&Drawer::reshape, 5},
      {&Drawer::join, 5},         {&Drawer::flip, 3}};
  int total = 0;
  for (const auto& f : families) total += f.second;
  Case out;
  for (auto steps = uniform(1, 3); steps > 0; --steps) {
    for (int attempt = 0; attempt < 50; ++attempt) {
      auto roll = uniform(0, total - 1);
      std::size_t k = 0;
      while (roll >= families[k].second) roll -= families[k++].second;
      const auto inputs_before = _inputs.size();
      json node;
      try {
        node = (this->*families[k].first)(x);
        const std::string op = node.at("op");
        if (op != "concatenate" && op != "stack" && node.at("args").size() > 1) {
          check_not_value_based(node, _inputs);
        }
        auto value = evaluate<Eager>(node, _inputs);
        const auto s = shape_of(value);
        if (da::core::shape_size(s) > kMaxSize || s.size() > kMaxRank) throw Unsupported("too big");
        x = {std::move(node), std::move(value)};
        break;
      } catch (const Unsupported&) {
        _inputs.resize(inputs_before);
      } catch (const std::invalid_argument& e) {
        // dagarray rejected the call: the case ends here, and the NumPy side checks that NumPy
        // rejects it too.
        out.inputs = _inputs;
        out.expression = std::move(node);
        out.error = e.what();
        return out;
      }
    }
  }
  out.inputs = _inputs;
  out.expression = x.node;
  out.eager = x.value;
  return out;
}

}  // namespace numpy_diff
