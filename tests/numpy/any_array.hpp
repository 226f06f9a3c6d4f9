#pragma once
// An array of any of dagarray's four dtypes, lazy or eager, so one expression tree drawn at run
// time can be replayed both ways; and its JSON form for the NumPy side.

#include <dagarray/dagarray.hpp>
#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <variant>

namespace numpy_diff {

namespace da = dagarray;
using json = nlohmann::json;

template <template <class> class Kind>
using AnyOf = std::variant<Kind<double>, Kind<float>, Kind<std::int64_t>, Kind<bool>>;

using Lazy = AnyOf<da::Array>;
using Eager = AnyOf<da::NDArray>;

/// Thrown for a dtype combination dagarray rejects at compile time (a static_assert): the
/// drawer then draws another operation.
struct Unsupported : std::runtime_error {
  using std::runtime_error::runtime_error;
};

template <class V>
std::string dtype_of(const V& v) {
  return std::visit([](const auto& x) { return x.dtype(); }, v);
}

template <class V>
da::Shape shape_of(const V& v) {
  return std::visit([](const auto& x) { return x.shape(); }, v);
}

/// One element as JSON: NaN and infinities as strings, since JSON has no such numbers.
template <class T>
json element_json(T x) {
  if constexpr (std::is_floating_point_v<T>) {
    if (std::isnan(x)) return "nan";
    if (std::isinf(x)) return x > 0 ? "inf" : "-inf";
    return static_cast<double>(x);
  } else {
    return x;
  }
}

/// {"dtype", "shape", "values"}: the elements flat, in row-major order.
inline json to_json(const Eager& v) {
  return std::visit(
      [](const auto& x) {
        json values = json::array();
        for (auto e : x) values.push_back(element_json(e));
        return json{{"dtype", x.dtype()}, {"shape", x.shape()}, {"values", std::move(values)}};
      },
      v);
}

/// Whether two eager arrays hold the same dtype, shape and bits (NaN equal to NaN, and -0.0
/// not equal to 0.0: lazy and eager run the same kernels, so they must agree exactly).
inline bool identical(const Eager& a, const Eager& b) {
  if (a.index() != b.index() || shape_of(a) != shape_of(b)) return false;
  return std::visit(
      [&](const auto& x) {
        const auto& y = std::get<std::decay_t<decltype(x)>>(b);
        for (std::int64_t i = 0; i < x.size(); ++i) {
          const auto p = x.data()[i];
          const auto q = y.data()[i];
          if constexpr (std::is_floating_point_v<decltype(p)>) {
            if (std::isnan(p) && std::isnan(q)) continue;
            if (std::signbit(p) != std::signbit(q)) return false;
          }
          if (!(p == q)) return false;
        }
        return true;
      },
      a);
}

}  // namespace numpy_diff
