#pragma once
/// @file dagarray.hpp
/// @brief The one header a user includes.
///
/// @code{.cpp}
/// #include <dagarray/dagarray.hpp>
/// namespace da = dagarray;
///
/// auto pts = da::random::uniform(-1.0, 1.0, {2, n}, {2, chunk}, 42);    // lazy
/// auto m = da::count_nonzero(da::sum(da::square(pts), 0) < 1.0);
/// double pi = 4.0 * double(m.compute().item()) / double(n);              // runs the graph
/// @endcode

#include <dagarray/array/array.hpp>
#include <dagarray/array/blocks.hpp>
#include <dagarray/array/boundary.hpp>
#include <dagarray/array/broadcast.hpp>
#include <dagarray/array/build_info.hpp>
#include <dagarray/array/creation.hpp>
#include <dagarray/array/elementwise.hpp>
#include <dagarray/array/export.hpp>
#include <dagarray/array/indexing.hpp>
#include <dagarray/array/isa.hpp>
#include <dagarray/array/linalg.hpp>
#include <dagarray/array/map_blocks.hpp>
#include <dagarray/array/ndarray.hpp>
#include <dagarray/array/npy.hpp>
#include <dagarray/array/overlap.hpp>
#include <dagarray/array/pad.hpp>
#include <dagarray/array/persist.hpp>
#include <dagarray/array/random.hpp>
#include <dagarray/array/rechunk.hpp>
#include <dagarray/array/reductions.hpp>
#include <dagarray/array/roll.hpp>
#include <dagarray/array/scans.hpp>
#include <dagarray/array/shape_ops.hpp>
#include <dagarray/array/store.hpp>
#include <dagarray/array/transpose.hpp>
#include <dagarray/array/ufuncs.hpp>
#include <dagarray/array/where.hpp>
#include <dagarray/scheduler/cancelled.hpp>
#include <dagarray/scheduler/observer.hpp>
#include <dagarray/scheduler/options.hpp>
#include <dagarray/scheduler/profiler.hpp>
#include <dagarray/scheduler/progress_bar.hpp>
#include <dagarray/scheduler/resource_profiler.hpp>
#include <dagarray/scheduler/task_error.hpp>
#include <dagarray/version.hpp>
