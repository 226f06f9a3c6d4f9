#pragma once
// NumPy's broadcasting rule, and what it means for blocks: the shape operands broadcast to, and
// for a lazy operation the chunks of its result and the block each operand reads.
//
// Shapes are aligned from the right; each pair of extents is equal or one of them is 1 (an axis
// an operand lacks counts as 1). Lazy, along each axis of the result the chunks come from the
// first operand that has the full extent there; operands of the same extent in other chunks are
// rechunked to them (as today's unify_chunks); an operand of extent 1 has one block there, which
// every block of the result reads (its AxisMap says kBroadcastAxis): nothing is copied.

#include <dagarray/array/checks.hpp>
#include <dagarray/array/layers.hpp>

#include <span>
#include <string_view>
#include <vector>

namespace dagarray::detail {

/// @brief The shape `a` and `b` broadcast to; std::invalid_argument naming both otherwise.
inline core::Shape broadcast_shape(std::string_view fn, const core::Shape& a,
                                   const core::Shape& b) {
  core::Shape out(std::max(a.size(), b.size()), 1);
  for (std::size_t k = 0; k < out.size(); ++k) {
    const auto ea = k < out.size() - a.size() ? 1 : a[k - (out.size() - a.size())];
    const auto eb = k < out.size() - b.size() ? 1 : b[k - (out.size() - b.size())];
    if (ea != eb && ea != 1 && eb != 1) {
      invalid(fn, "shapes", to_string(a) + " and " + to_string(b),
              "do not broadcast: each pair of extents, aligned from the right, must be equal or "
              "one of them 1");
    }
    out[k] = ea == 1 ? eb : ea;
  }
  return out;
}

/// @brief The shape every one of `shapes` broadcasts to.
inline core::Shape broadcast_shape(std::string_view fn,
                                   std::span<const core::Shape* const> shapes) {
  core::Shape out;
  for (const auto* shape : shapes) out = broadcast_shape(fn, out, *shape);
  return out;
}

/// @brief A lazy elementwise operation's blocks: its chunks, and for each operand the chunks it
/// must have (rechunk_to) and the AxisMap it is read through.
struct BroadcastPlan {
  core::Shape shape;
  core::Chunks chunks;
  std::vector<core::Chunks> operand_chunks;
  std::vector<AxisMap> maps;
};

/// @brief The plan for operands of these shapes and chunks broadcast to `shape`.
inline BroadcastPlan plan_broadcast(core::Shape shape,
                                    std::span<const core::Layer* const> operands) {
  BroadcastPlan plan{std::move(shape), {}, {}, {}};
  const auto ndim = plan.shape.size();
  plan.chunks.resize(ndim);
  for (std::size_t k = 0; k < ndim; ++k) {
    for (const auto* operand : operands) {
      const auto offset = ndim - operand->ndim();
      if (k < offset || operand->shape()[k - offset] != plan.shape[k]) continue;
      plan.chunks[k] = operand->chunks()[k - offset];
      break;
    }
    // An axis no operand has in full (broadcast_to's new axes): one block, as Dask.
    if (plan.chunks[k].empty()) plan.chunks[k] = {plan.shape[k]};
  }
  for (const auto* operand : operands) {
    const auto offset = ndim - operand->ndim();
    core::Chunks chunks;
    AxisMap map;
    for (std::size_t a = 0; a < operand->ndim(); ++a) {
      const bool full = operand->shape()[a] == plan.shape[a + offset];
      chunks.push_back(full ? plan.chunks[a + offset] : std::vector<std::int64_t>{1});
      map.push_back(full ? static_cast<int>(a + offset) : kBroadcastAxis);
    }
    plan.operand_chunks.push_back(std::move(chunks));
    plan.maps.push_back(std::move(map));
  }
  return plan;
}

}  // namespace dagarray::detail
