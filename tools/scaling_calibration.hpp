#pragma once
// What the scaling model (scaling_model.hpp) takes from this machine: how long each kind of
// task runs on one core, and what the scheduler costs per task.

#include <dagarray/core/graph.hpp>

#include <map>
#include <string>
#include <vector>

namespace dagarray::cli {

/// @brief Median seconds of the tasks of each op (Layer::op(), e.g.
/// "uniform-square-sum-less-count_nonzero-partial"), with the median elements those tasks
/// read or write, so a task of the same op on other block sizes can be scaled to.
struct OpTimes {
  struct Op {
    double seconds = 0;
    double elements = 1;
    std::int64_t samples = 0;  ///< tasks timed
  };
  std::map<std::string, Op> ops;
};

/// @brief Runs `graph` `repeat` times on one thread under a da::Profiler and takes, per op,
/// the median duration of its tasks over every run.
/// @throws std::invalid_argument when repeat < 1.
OpTimes profile_ops(const core::Graph& graph, int repeat);

/// @brief Elements a task reads or writes, whichever is more: what its time scales with.
double task_elements(const core::Graph& graph, core::TaskId task);

/// @brief Duration of every task of `graph`: its op's median times its elements over the
/// calibration's. An op the calibration did not see (a deeper level of a tree) takes the
/// longest median of the calibrated ops that read other tasks.
/// @throws std::invalid_argument when `times` has no ops.
std::vector<double> task_durations(const core::Graph& graph, const OpTimes& times);

/// @brief Seconds per task of running a graph of about `tasks` trivial tasks on one thread
/// (the graph of `dagarray bench overhead`), median of `repeat`: the model's task overhead.
/// It includes the trivial tasks' own work, so it errs high.
/// @throws std::invalid_argument when tasks < 1 or repeat < 1.
double measure_task_overhead(std::int64_t tasks, int repeat);

}  // namespace dagarray::cli
