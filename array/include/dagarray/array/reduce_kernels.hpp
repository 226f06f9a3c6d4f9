#pragma once
// The loops of a reduction over one row-major buffer: a block of a lazy array, a tile of a
// fused task, or a whole eager array. A plan merges neighbouring axes that are both kept (or
// both reduced) into groups, so the innermost loop is either a contiguous run that reduces to
// one state, or rows of contiguous columns folded into a row of states: vectorised along the
// row, never walking down columns.

#include <dagarray/array/element.hpp>
#include <dagarray/array/execution.hpp>
#include <dagarray/array/kernel_level.hpp>
#include <dagarray/array/ndarray.hpp>
#include <dagarray/array/reduce_ops.hpp>
#include <dagarray/core/buffer.hpp>
#include <dagarray/core/tile.hpp>

#include <algorithm>
#include <array>
#include <memory>
#include <optional>
#include <span>
#include <vector>

namespace dagarray::detail {

/// @brief Which axes a reduction reduces (one flag per input axis), and its options.
struct ReduceSpec {
  std::vector<bool> reduced;
  bool keepdims = false;
  int ddof = 0;
  std::optional<std::vector<std::int64_t>> axes;  ///< as given, sorted; none: every axis
};

/// @brief Elements each result reduces: the product of the reduced extents.
inline std::int64_t reduced_count(const core::Shape& shape, const ReduceSpec& spec) {
  std::int64_t count = 1;
  for (std::size_t a = 0; a < shape.size(); ++a) count *= spec.reduced[a] ? shape[a] : 1;
  return count;
}

/// @brief The shape with every reduced axis of length 1 (NumPy's keepdims=True).
inline core::Shape kept_shape(core::Shape shape, const ReduceSpec& spec) {
  for (std::size_t a = 0; a < shape.size(); ++a) shape[a] = spec.reduced[a] ? 1 : shape[a];
  return shape;
}

/// @brief The result's shape: reduced axes dropped, or kept with length 1.
inline core::Shape result_shape(const core::Shape& shape, const ReduceSpec& spec) {
  core::Shape out;
  for (std::size_t a = 0; a < shape.size(); ++a) {
    if (!spec.reduced[a]) {
      out.push_back(shape[a]);
    } else if (spec.keepdims) {
      out.push_back(1);
    }
  }
  return out;
}

template <class Op>
constexpr bool uses_index = requires {
  Op::uses_index;
};

/// @brief How a state of Op over T is kept in a buffer: `fields` planes of `field`, a plane
/// being `plane` elements apart. A one-field state is its own field.
template <class Op>
concept SeveralFields = requires {
  Op::fields;
};

template <class Op, class T>
struct StatePlanes {
  using state = typename Op::template state<T>;
  using field = state;
  static constexpr int fields = 1;
  static state load(const field* p, std::int64_t) { return *p; }
  static void store(field* p, std::int64_t, state s) { *p = s; }
};
template <SeveralFields Op, class T>
struct StatePlanes<Op, T> {
  using state = typename Op::template state<T>;
  using field = typename Op::template field<T>;
  static constexpr int fields = Op::fields;
  static state load(const field* p, std::int64_t plane) { return Op::template load<T>(p, plane); }
  static void store(field* p, std::int64_t plane, state s) { Op::store(p, plane, s); }
};

template <class Op, class T>
using field_t = typename StatePlanes<Op, T>::field;

/// @brief Whether a complete state is already the result (no finish step, no cast), so the
/// per-block step may write results directly when it is the last step.
template <class Op, class T>
constexpr bool state_is_result =
    !requires(typename Op::template state<T> s, const FinishInfo& info) {
  Op::template finish<T>(s, info);
}
&&StatePlanes<Op, T>::fields == 1 &&
    std::is_same_v<typename Op::template state<T>, typename Op::template result<T>>;

template <class Op, class T>
typename Op::template result<T> finish_state(typename Op::template state<T> s,
                                             const FinishInfo& info) {
  if constexpr (requires { Op::template finish<T>(s, info); }) {
    return Op::template finish<T>(s, info);
  } else {
    return static_cast<typename Op::template result<T>>(s);
  }
}

// ---- the two innermost loops -------------------------------------------------------------

/// @brief The state of n contiguous elements, the first having index `base` (argmin's).
template <class Op, class T>
auto run_state(const T* x, std::int64_t n, std::int64_t base) {
  if constexpr (requires { Op::run(x, n, base); }) {
    return Op::run(x, n, base);
  } else {
    using S = typename Op::template state<T>;
    return fold_lanes(
        x, n, Op::template identity<T>(), [](T v) { return Op::map(v); },
        [](S a, S b) { return Op::combine(a, b); });
  }
}

/// @brief Folds `rows` rows of `width` contiguous columns (rows `stride` elements apart, row r
/// having index base + r) into the states acc[0, width).
template <class Op, class T>
void fold_rows(const T* x, std::int64_t rows, std::int64_t stride, std::int64_t width,
               field_t<Op, T>* acc, std::int64_t plane, std::int64_t base) {
  if constexpr (requires { Op::rows(x, rows, stride, width, acc, plane, base); }) {
    Op::rows(x, rows, stride, width, acc, plane, base);
  } else {
    using P = StatePlanes<Op, T>;
    for (std::int64_t r = 0; r < rows; ++r) {
      const T* row = x + r * stride;
      for (std::int64_t j = 0; j < width; ++j) {
        P::store(acc + j, plane, Op::combine(P::load(acc + j, plane), Op::map(row[j])));
      }
    }
  }
}

// ---- the plan of one buffer --------------------------------------------------------------

/// @brief Axes merged into one loop: strides in elements of the input and of the states; the
/// index step of argmin's indices.
struct ReduceGroup {
  std::int64_t extent;
  bool reduced;
  std::int64_t in_stride, out_stride, weight;
};

/// @brief The loops over one buffer, in fixed storage so that planning a tile allocates
/// nothing. `base` is the index (argmin's) of the buffer's first element.
struct ReducePlan {
  std::array<ReduceGroup, 34> groups;
  std::size_t count = 0;
  std::int64_t base = 0;
  bool empty = false;

  const ReduceGroup& innermost() const { return groups[count - 1]; }
};

/// @brief The plan for a buffer of `shape`. `origin` and `weight` (empty unless the op tracks
/// indices) give each element's index: the sum over axes of (origin + i) * weight. Reduced
/// axes merge only when no index is tracked, so a run's indices step by 1.
inline ReducePlan plan_reduction(const core::Shape& shape, const std::vector<bool>& reduced,
                                 const core::Shape& origin = {}, const core::Shape& weight = {}) {
  ReducePlan plan;
  const bool indexed = !weight.empty();
  std::int64_t in_stride = 1, out_stride = 1;
  for (std::size_t a = shape.size(); a-- > 0;) {
    const auto extent = shape[a];
    if (extent == 0) plan.empty = true;
    if (indexed) plan.base += origin[a] * weight[a];
    const ReduceGroup group{extent, reduced[a], in_stride, reduced[a] ? 0 : out_stride,
                            indexed ? weight[a] : 0};
    in_stride *= extent;
    out_stride *= reduced[a] ? 1 : extent;
    if (extent == 1 && !indexed) continue;  // an axis of one element loops over nothing
    // Groups are built innermost first, then reversed.
    auto& inner = plan.groups[plan.count == 0 ? 0 : plan.count - 1];
    if (plan.count > 0 && inner.reduced == group.reduced && (!group.reduced || !indexed)) {
      inner.extent *= extent;
      continue;
    }
    plan.groups[plan.count++] = group;
  }
  std::reverse(plan.groups.begin(), plan.groups.begin() + static_cast<std::ptrdiff_t>(plan.count));
  // Rows need a reduced group before the kept columns: a virtual one of one row.
  if (plan.count == 0 || !plan.innermost().reduced) {
    if (plan.count >= 2) return plan;
    std::move_backward(plan.groups.begin(), plan.groups.begin() + plan.count,
                       plan.groups.begin() + plan.count + 1);
    plan.groups[0] = {1, true, in_stride, 0, 0};
    ++plan.count;
  }
  return plan;
}

/// @brief Writes the identity into `count` states (planes `count` apart).
template <class Op, class T>
void fill_identity(field_t<Op, T>* out, std::int64_t count) {
  for (std::int64_t i = 0; i < count; ++i) {
    StatePlanes<Op, T>::store(out + i, count, Op::template identity<T>());
  }
}

/// @brief fold_block's loops, at whatever level its caller was compiled for.
template <class Op, class T>
void fold_block_here(const ReducePlan& plan, const T* x, field_t<Op, T>* out, std::int64_t plane) {
  if (plan.empty) return;
  using P = StatePlanes<Op, T>;
  const auto& g = plan.groups;
  const bool runs = plan.innermost().reduced;
  const std::size_t loops = plan.count - (runs ? 1 : 2);
  std::array<std::int64_t, 34> at{};
  std::int64_t in = 0, o = 0, base = plan.base;
  while (true) {
    if (runs) {
      const auto s = run_state<Op>(x + in, plan.innermost().extent, base);
      P::store(out + o, plane, Op::combine(P::load(out + o, plane), s));
    } else {
      fold_rows<Op>(x + in, g[loops].extent, g[loops].in_stride, plan.innermost().extent, out + o,
                    plane, base);
    }
    // The next position of the outer loops, odometer-style.
    std::size_t d = loops;
    while (d-- > 0) {
      if (++at[d] < g[d].extent) {
        in += g[d].in_stride;
        o += g[d].out_stride;
        base += g[d].weight;
        break;
      }
      in -= (g[d].extent - 1) * g[d].in_stride;
      o -= (g[d].extent - 1) * g[d].out_stride;
      base -= (g[d].extent - 1) * g[d].weight;
      at[d] = 0;
    }
    if (d == static_cast<std::size_t>(-1)) return;
  }
}

/// @brief Folds the buffer `x` planned by `plan` into the states `out` (planes `plane` apart),
/// which hold earlier partial results or the identity; at the active kernel level
/// (kernel_level.hpp). The lanes of fold_lanes are fixed, so every level combines alike.
template <class Op, class T>
void fold_block(const ReducePlan& plan, const T* x, field_t<Op, T>* out, std::int64_t plane) {
  at_kernel_level([&] { fold_block_here<Op, T>(plan, x, out, plane); });
}

/// @brief write_block's loops, at whatever level its caller was compiled for.
template <class Op, class T>
void write_block_here(const ReducePlan& plan, const T* x, field_t<Op, T>* out, std::int64_t plane) {
  using P = StatePlanes<Op, T>;
  const bool one_loop = !plan.empty && plan.count == (plan.innermost().reduced ? 1 : 2);
  constexpr bool own_rows = requires(const T* v, field_t<Op, T>* acc, std::int64_t n) {
    Op::rows(v, n, n, n, acc, n, n);
  };
  if (one_loop && plan.innermost().reduced) {
    P::store(out, plane, run_state<Op>(x, plan.innermost().extent, plan.base));
    return;
  }
  if (!one_loop || own_rows) {
    fill_identity<Op, T>(out, plane);
    fold_block_here<Op, T>(plan, x, out, plane);
    return;
  }
  if constexpr (!own_rows) {
    const auto rows = plan.groups[0].extent, stride = plan.groups[0].in_stride;
    const auto width = plan.innermost().extent;
    const auto id = Op::template identity<T>();
    if (rows == 1) {
      for (std::int64_t j = 0; j < width; ++j)
        P::store(out + j, plane, Op::combine(id, Op::map(x[j])));
      return;
    }
    for (std::int64_t j = 0; j < width; ++j) {
      P::store(out + j, plane, Op::combine(Op::combine(id, Op::map(x[j])), Op::map(x[stride + j])));
    }
    if (rows > 2) fold_rows<Op>(x + 2 * stride, rows - 2, stride, width, out, plane, plan.base + 2);
  }
}

/// @brief The states of `x` written into `out`, which holds nothing yet (planes `plane`
/// apart). One run, or one set of rows, writes its states at once: no identity filled first,
/// and the first two rows in one pass (the same order of combination as row by row). At the
/// active kernel level (kernel_level.hpp).
template <class Op, class T>
void write_block(const ReducePlan& plan, const T* x, field_t<Op, T>* out, std::int64_t plane) {
  at_kernel_level([&] { write_block_here<Op, T>(plan, x, out, plane); });
}

/// @brief How argmin finds each element's index from its block's position: the first element
/// of every block along each axis, and the index step of each axis (1 along the one reduced
/// axis, or the row-major strides of the whole array for a flat index).
struct IndexGrid {
  std::vector<core::Shape> starts;
  core::Shape weight;

  core::Shape origin(std::span<const std::int64_t> block_index) const {
    core::Shape out(starts.size());
    for (std::size_t a = 0; a < out.size(); ++a) out[a] = starts[a][block_index[a]];
    return out;
  }
};

inline core::Shape index_weights(const core::Shape& shape, const ReduceSpec& spec) {
  core::Shape weight(shape.size(), 0);
  std::int64_t stride = 1;
  const bool flat = std::count(spec.reduced.begin(), spec.reduced.end(), true) > 1;
  for (std::size_t a = shape.size(); a-- > 0;) {
    if (spec.reduced[a]) weight[a] = flat ? stride : 1;
    stride *= shape[a];
  }
  return weight;
}

// ---- whole buffers -----------------------------------------------------------------------

/// @brief The states of one block (of a lazy array), shaped `out_shape` (the fields first).
template <class Op, Element T>
core::Buffer partial_states(const core::Buffer& in, const ReduceSpec& spec, core::Shape out_shape,
                            const core::Shape& origin = {}, const core::Shape& weight = {}) {
  using F = field_t<Op, T>;
  auto out = core::Buffer::allocate(dtype_of<F>(), std::move(out_shape));
  const auto count = out.size() / StatePlanes<Op, T>::fields;
  F* states = out.template as_mutable<F>();
  write_block<Op, T>(plan_reduction(in.shape(), spec.reduced, origin, weight), in.template as<T>(),
                     states, count);
  return out;
}

/// @brief Partial states (all of one shape) merged element by element, then finished into
/// results when `finish` is given.
template <class Op, Element T>
core::Buffer combine_states(std::span<const core::Buffer* const> in, core::Shape out_shape,
                            const FinishInfo* finish) {
  using P = StatePlanes<Op, T>;
  using F = typename P::field;
  using R = typename Op::template result<T>;
  const auto count = in[0]->size() / P::fields;
  auto out = core::Buffer::allocate(finish ? dtype_of<R>() : dtype_of<F>(), std::move(out_shape));
  for (std::int64_t j = 0; j < count; ++j) {
    auto s = P::load(in[0]->template as<F>() + j, count);
    for (std::size_t k = 1; k < in.size(); ++k) {
      s = Op::combine(s, P::load(in[k]->template as<F>() + j, count));
    }
    if (finish) {
      out.template as_mutable<R>()[j] = finish_state<Op, T>(s, *finish);
    } else {
      P::store(out.template as_mutable<F>() + j, count, s);
    }
  }
  return out;
}

// ---- tiles of a fused task ---------------------------------------------------------------

/// @brief The per-block step as a tile kernel. With the last axis kept, a tile holds whole
/// columns, so it maps to the same columns of states (TileRole::map); with the last axis
/// reduced, each tile's states fold into the block's (TileRole::reduce), which argmin cannot
/// do: a tile does not know where its columns start.
template <class Op, Element T>
struct ReduceTiles {
  ReduceSpec spec;
  std::shared_ptr<const IndexGrid> grid;  // argmin's only

  core::TileRole role() const {
    if (!spec.reduced.empty() && !spec.reduced.back()) return core::TileRole::map;
    return uses_index<Op> ? core::TileRole::none : core::TileRole::reduce;
  }

  std::int64_t states(const core::Shape& in_shape) const {
    std::int64_t count = 1;
    for (std::size_t a = 0; a < in_shape.size(); ++a) count *= spec.reduced[a] ? 1 : in_shape[a];
    return count;
  }

  void map(const core::BlockInfo& tile, std::span<const core::TileRef> in, std::byte* out) const {
    const auto& shape = *in[0].shape;
    const auto count = states(shape);
    auto* states_out = reinterpret_cast<field_t<Op, T>*>(out);
    ReducePlan plan;
    if (grid) {
      // The states' leading axis of fields has one block: the input's block index follows.
      const std::span<const std::int64_t> index(tile.index);
      plan = plan_reduction(shape, spec.reduced, grid->origin(index.subspan(1)), grid->weight);
    } else {
      plan = plan_reduction(shape, spec.reduced);
    }
    write_block<Op, T>(plan, reinterpret_cast<const T*>(in[0].data), states_out, count);
  }

  void reduce(const core::TileRef& in, bool first, std::byte* out) const {
    const auto count = states(*in.shape);
    auto* states_out = reinterpret_cast<field_t<Op, T>*>(out);
    const auto plan = plan_reduction(*in.shape, spec.reduced);
    const auto* x = reinterpret_cast<const T*>(in.data);
    if (first) {
      write_block<Op, T>(plan, x, states_out, count);
    } else {
      fold_block<Op, T>(plan, x, states_out, count);
    }
  }
};

// ---- a whole eager array -----------------------------------------------------------------

/// More per-piece states than this and an eager reduction splits kept columns instead.
inline constexpr std::int64_t kMaxPieceStates = std::int64_t{1} << 20;

/// @brief fold_block over all cores. The outermost group is cut into pieces that do not depend
/// on the thread count: kept, each piece owns its states; reduced, each piece folds into states
/// of its own, merged in piece order, so the answer is the same on any number of threads.
template <class Op, Element T>
void fold_parallel(const ReducePlan& plan, const T* x, field_t<Op, T>* out, std::int64_t count) {
  using P = StatePlanes<Op, T>;
  using F = typename P::field;
  std::int64_t total = 1;
  for (std::size_t k = 0; k < plan.count; ++k) total *= plan.groups[k].extent;
  const auto grain = scheduler::kParallelGrain;
  if (plan.empty || total < 2 * grain) return fold_block<Op, T>(plan, x, out, count);
  const auto pieces_of = [&](std::size_t s, std::int64_t& units) {
    units = std::max<std::int64_t>(1, grain / (total / plan.groups[s].extent));
    return (plan.groups[s].extent + units - 1) / units;
  };
  std::int64_t units = 0;
  const auto& outer = plan.groups[0];
  std::size_t split = 0;
  if (outer.reduced) {
    const auto pieces = pieces_of(0, units);
    if (pieces >= 2 && pieces * count <= kMaxPieceStates) {
      auto scratch =
          core::Buffer::allocate(dtype_of<F>(), {pieces * count * StatePlanes<Op, T>::fields});
      F* states = scratch.template as_mutable<F>();
      scheduler::for_each_piece(pieces, [&](std::int64_t p) {
        auto piece = plan;
        const auto lo = p * units;
        piece.groups[0].extent = std::min(outer.extent, lo + units) - lo;
        piece.base += lo * outer.weight;
        F* mine = states + p * count * P::fields;
        write_block<Op, T>(piece, x + lo * outer.in_stride, mine, count);
      });
      for (std::int64_t p = 0; p < pieces; ++p) {
        const F* mine = states + p * count * P::fields;
        for (std::int64_t j = 0; j < count; ++j) {
          P::store(out + j, count, Op::combine(P::load(out + j, count), P::load(mine + j, count)));
        }
      }
      return;
    }
    if (plan.count < 2 || plan.groups[1].reduced) return fold_block<Op, T>(plan, x, out, count);
    split = 1;
  }
  const auto& cut = plan.groups[split];
  const auto pieces = pieces_of(split, units);
  scheduler::for_each_piece(pieces, [&](std::int64_t p) {
    auto piece = plan;
    const auto lo = p * units;
    piece.groups[split].extent = std::min(cut.extent, lo + units) - lo;
    fold_block<Op, T>(piece, x + lo * cut.in_stride, out + lo * cut.out_stride, count);
  });
}

/// @brief The reduction of a whole eager array, on all cores.
template <class Op, Element T>
auto reduce_eager(const NDArray<T>& a, const ReduceSpec& spec) {
  using P = StatePlanes<Op, T>;
  using F = typename P::field;
  using R = typename Op::template result<T>;
  const auto& shape = a.shape();
  const auto weight = uses_index<Op> ? index_weights(shape, spec) : core::Shape{};
  const auto plan = plan_reduction(shape, spec.reduced, core::Shape(shape.size(), 0), weight);
  auto out = NDArray<R>::empty(result_shape(shape, spec));
  const auto count = out.size();
  auto scratch = core::Buffer::allocate(dtype_of<F>(), {count * P::fields});
  F* states = scratch.template as_mutable<F>();
  fill_identity<Op, T>(states, count);
  fold_parallel<Op, T>(plan, a.data(), states, count);
  const FinishInfo info{reduced_count(shape, spec), spec.ddof};
  for (std::int64_t j = 0; j < count; ++j) {
    out.data()[j] = finish_state<Op, T>(P::load(states + j, count), info);
  }
  return out;
}

}  // namespace dagarray::detail
