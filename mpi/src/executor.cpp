// One rank's part of a Scheduler::mpi compute. Every rank holds the same graph and computes the
// same owner map; it runs its own tasks on oneTBB worker threads, while the thread that called
// compute drives MPI: it sends each result that other ranks read once to each of them, receives
// the results its tasks read, and starts a task when its last input arrives. Only that thread
// calls MPI, so MPI_THREAD_FUNNELED is enough.
//
// A stop requested on any rank (ComputeOptions::stop) before that rank has ended its streams
// stops every rank: it runs no more tasks and ends its streams "stopped", which the others take
// as a stop of their own, so that every rank throws the same da::Cancelled (or, when a task has
// failed too, the same TaskError).

#include "executor.hpp"

#include <dagarray/scheduler/cancelled.hpp>
#include <dagarray/scheduler/owner_map.hpp>
#include <dagarray/scheduler/task_error.hpp>

#include <oneapi/tbb/global_control.h>
#include <oneapi/tbb/task_group.h>

#include <mpi.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <exception>
#include <limits>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <stop_token>
#include <string>
#include <utility>
#include <vector>

#include "arenas.hpp"
#include "context.hpp"
#include "graph_check.hpp"
#include "messages.hpp"
#include "results.hpp"

namespace dagarray::mpi::detail {

namespace {

using Clock = std::chrono::steady_clock;
using core::TaskId;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

/// @brief A result a worker finished that other ranks read: the driver sends it.
struct Finished {
  TaskId task;
  core::Buffer buffer;
};

/// @brief A message on its way out; it holds the block (and the header bytes) until MPI is done.
struct Outgoing {
  std::vector<std::byte> header;
  core::Buffer buffer;
  std::vector<MPI_Request> requests;
};

/// @brief A block whose header has come and whose pieces are arriving.
struct Incoming {
  TaskId task;
  core::Buffer buffer;
  std::vector<MPI_Request> requests;
};

/// @brief The first failure of a task, by task id, so that every rank picks the same one.
struct Failure {
  std::int64_t task = std::numeric_limits<std::int64_t>::max();
  std::string key;
  std::string cause;
  std::exception_ptr error;  // only for a task of this rank
  bool any() const { return task != std::numeric_limits<std::int64_t>::max(); }
};

class MpiRun {
 public:
  MpiRun(const core::Graph& graph, const ComputeOptions& options, const Context& context,
         scheduler::detail::Watchers& watchers)
      : _graph(graph),
        _context(context),
        _me(context.rank),
        _threads(threads_per_rank(options.num_threads)),
        _limits(message_limits()),
        _watchers(watchers),
        _owners(scheduler::assign_owners(graph, context.size)),
        _pending(new std::atomic<std::uint32_t>[graph.size()]),
        _stop_token(options.stop) {
    plan(options);
    _results.emplace(graph, _local_readers, _keep);
  }

  std::vector<core::Buffer> run(const ComputeOptions& options) {
    const auto start = Clock::now();
    _watchers.compute_started(_graph, Scheduler::mpi, _threads, options.optimize, _local_tasks, _me,
                              _context.size);
    {
      tbb::global_control parallelism(tbb::global_control::max_allowed_parallelism,
                                      static_cast<std::size_t>(_threads) + 1);
      // No slot kept for this thread: it drives MPI.
      _arena = &scheduler::detail::arena_for(_threads, 0);
      post_header_receives();
      start_sources();
      drive();
      _arena->execute([this] { _group.wait(); });
      _arena = nullptr;
    }
    record_stats(seconds_since(start));
    if (_failure.any()) throw_failure();
    // A rank that stops for another's stop ends its streams "stopped" too, so which rank's
    // stop it was is not known here, only that it was not this one's.
    if (_stopped == Stopped::here) throw Cancelled();
    if (_stopped == Stopped::elsewhere) {
      throw Cancelled("compute: cancelled by a stop on another rank");
    }
    if (_tasks_run.load() != _local_tasks) {
      throw std::logic_error("da::mpi: compute ended with " + std::to_string(_tasks_run.load()) +
                             " of this rank's " + std::to_string(_local_tasks) + " tasks run");
    }
    return _results->take_outputs();
  }

 private:
  // --- the plan: who runs what, who sends what where ---------------------------------------
  void plan(const ComputeOptions& options) {
    const auto size = _graph.size();
    _local_readers.assign(size, 0);
    _keep.assign(size, false);
    _destination_begin.assign(size + 1, 0);
    const bool everyone = options.results_to == ResultsTo::every_rank;
    std::vector<bool> is_output(size, false);
    for (auto t : _graph.output_tasks()) is_output[t] = true;
    std::vector<int> to;
    for (TaskId t = 0; t < size; ++t) {
      _pending[t].store(static_cast<std::uint32_t>(_graph.dependencies(t).size()),
                        std::memory_order_relaxed);
      for (auto user : _graph.dependents(t)) {
        if (_owners[user] == _me) ++_local_readers[t];
      }
      if (is_output[t]) _keep[t] = everyone || _me == 0;
      _destination_begin[t] = _destinations.size();
      // An output for every rank goes down the tree (its readers' ranks get it that way too),
      // each rank passing it on when it arrives; any other result goes to its readers' ranks,
      // and an output for rank 0 only (ResultsTo::rank0) to rank 0 as well.
      const bool down_tree = is_output[t] && everyone;
      if (_owners[t] != _me) {
        if (!down_tree) continue;
        const auto children = scheduler::output_tree_children(_me, _owners[t], _context.size);
        _destinations.insert(_destinations.end(), children.begin(), children.end());
        if (!children.empty()) ++_relays_pending;
        continue;
      }
      ++_local_tasks;
      to.clear();
      if (down_tree) {
        to = scheduler::output_tree_children(_me, _me, _context.size);
      } else {
        for (auto user : _graph.dependents(t)) to.push_back(_owners[user]);
        if (is_output[t]) to.push_back(0);
      }
      std::sort(to.begin(), to.end());
      to.erase(std::unique(to.begin(), to.end()), to.end());
      for (int r : to) {
        if (r != _me) _destinations.push_back(r);
      }
    }
    _destination_begin[size] = _destinations.size();
  }

  bool sent_elsewhere(TaskId t) const { return _destination_begin[t + 1] > _destination_begin[t]; }

  // --- the workers ---------------------------------------------------------------------------
  void start_sources() {
    std::vector<TaskId> sources;
    for (TaskId t = 0; t < _graph.size(); ++t) {
      if (_owners[t] == _me && _graph.dependencies(t).empty()) sources.push_back(t);
    }
    if (sources.empty()) return;
    _in_flight.fetch_add(static_cast<std::int64_t>(sources.size()));
    _arena->enqueue(_group.defer([this, sources = std::move(sources)] {
      for (auto t : sources) _group.run([this, t] { execute(t); });
    }));
  }

  /// @brief Runs `task`, then, depth first, each local task it was the last input of.
  void execute(TaskId task) {
    while (true) {
      TaskId next = 0;
      bool have_next = false;
      if (!_stop.load(std::memory_order_relaxed)) {
        const int worker = tbb::this_task_arena::current_thread_index();
        bool ok = true;
        const auto begin = Clock::now();
        try {
          _results->run(task, _watchers, worker);
        } catch (...) {
          fail_locally(task, std::current_exception());
          ok = false;
        }
        add_task_time(seconds_since(begin));
        if (ok) {
          _tasks_run.fetch_add(1, std::memory_order_relaxed);
          if (sent_elsewhere(task)) post_finished({task, _results->result(task)});
          _results->release_inputs(task);
          _results->drop_if_unread(task);
          for (auto user : _graph.dependents(task)) {
            if (_owners[user] != _me) continue;
            if (_pending[user].fetch_sub(1, std::memory_order_acq_rel) != 1) continue;
            _in_flight.fetch_add(1, std::memory_order_relaxed);
            if (!have_next) {
              next = user;
              have_next = true;
            } else {
              _group.run([this, user] { execute(user); });
            }
          }
        }
      }
      if (_in_flight.fetch_sub(1, std::memory_order_acq_rel) == 1) wake_driver();
      if (!have_next) return;
      task = next;
    }
  }

  void add_task_time(double seconds) {
    std::lock_guard lock(_mutex);
    _task_seconds += seconds;
  }

  void fail_locally(TaskId task, std::exception_ptr error) {
    std::string key = _graph.key(task);
    std::string cause = "an exception of unknown type";
    try {
      std::rethrow_exception(error);
    } catch (const TaskError& e) {
      key = e.key();
      cause = e.cause();
    } catch (const std::exception& e) {
      cause = e.what();
    } catch (...) {
    }
    {
      std::lock_guard lock(_mutex);
      if (static_cast<std::int64_t>(task) < _local_failure.task) {
        _local_failure = {static_cast<std::int64_t>(task), std::move(key), std::move(cause), error};
      }
    }
    _stop.store(true, std::memory_order_relaxed);
    wake_driver();
  }

  void post_finished(Finished finished) {
    {
      std::lock_guard lock(_mutex);
      _finished.push_back(std::move(finished));
    }
    wake_driver();
  }

  void wake_driver() {
    {
      std::lock_guard lock(_mutex);
      _wake = true;
    }
    _wakeup.notify_one();
  }

  /// @brief Called by the driver when a result from another rank arrives.
  void arrived(TaskId task, core::Buffer buffer) {
    if (_stop.load(std::memory_order_relaxed)) {
      _results->store(task, std::move(buffer));
      return;  // a failed compute passes nothing on: its end of stream may be out already
    }
    if (sent_elsewhere(task)) {  // an output, down the tree
      for (auto i = _destination_begin[task]; i < _destination_begin[task + 1]; ++i) {
        send_block(task, buffer, _destinations[i]);
      }
      --_relays_pending;
    }
    _results->store(task, std::move(buffer));
    for (auto user : _graph.dependents(task)) {
      if (_owners[user] != _me) continue;
      if (_pending[user].fetch_sub(1, std::memory_order_acq_rel) != 1) continue;
      _in_flight.fetch_add(1, std::memory_order_relaxed);
      _arena->enqueue(_group.defer([this, user] { execute(user); }));
    }
    _results->drop_if_unread(task);
  }

  // --- the driver: the one thread that calls MPI --------------------------------------------
  void drive() {
    auto backoff = std::chrono::microseconds(1);
    while (!done()) {
      // Only until this rank has ended its streams: after an "ok" end the others may have
      // finished with its results, and must not be told otherwise.
      if (!_end_sent && !_stop.load() && _stop_token.stop_requested()) {
        _stopped = Stopped::here;
        _stop.store(true, std::memory_order_relaxed);
      }
      bool progressed = send_finished();
      progressed |= poll_headers();
      progressed |= poll_incoming();
      progressed |= poll_outgoing();
      // A task posts its result before it leaves _in_flight; so once none is in flight, one
      // more drain sends every result before the end of the stream, which must come last.
      if (!_end_sent && _in_flight.load(std::memory_order_acquire) == 0 && finished_locally()) {
        send_finished();
        send_end_of_stream();
        progressed = true;
      }
      if (progressed) {
        backoff = std::chrono::microseconds(1);
        continue;
      }
      // Nothing to do: sleep until a worker wakes us or a message may have come.
      std::unique_lock lock(_mutex);
      _wakeup.wait_for(lock, backoff, [this] { return _wake; });
      _wake = false;
      backoff = std::min(backoff * 2, std::chrono::microseconds(500));
    }
  }

  /// @brief Nothing more for this rank to send: its tasks have run and it has passed on every
  /// output it relays (or the compute has failed). Its end of stream must come after all that.
  bool finished_locally() const {
    return _stop.load() || (_tasks_run.load() == _local_tasks && _relays_pending == 0);
  }

  bool done() const {
    return _end_sent && _open_streams == 0 && _incoming.empty() && _outgoing.empty();
  }

  /// @brief Times an MPI call and turns its error code into an exception.
  template <class F>
  void call(const char* what, F f) {
    const auto begin = Clock::now();
    const int code = f();
    _mpi_seconds += seconds_since(begin);
    if (code != MPI_SUCCESS) {
      char text[MPI_MAX_ERROR_STRING];
      int length = 0;
      MPI_Error_string(code, text, &length);
      throw std::runtime_error(std::string("da::mpi: ") + what +
                               " failed: " + std::string(text, static_cast<std::size_t>(length)));
    }
  }

  void post_header_receives() {
    const auto peers = static_cast<std::size_t>(_context.size);
    _header_buffers.assign(peers, std::vector<std::byte>(kHeaderBytes));
    _header_requests.assign(peers, MPI_REQUEST_NULL);
    for (int r = 0; r < _context.size; ++r) {
      if (r == _me) continue;
      post_header_receive(r);
      ++_open_streams;
    }
  }

  void post_header_receive(int from) {
    auto& buffer = _header_buffers[static_cast<std::size_t>(from)];
    call("MPI_Irecv", [&] {
      return MPI_Irecv(buffer.data(), static_cast<int>(kHeaderBytes), MPI_BYTE, from, kHeaderTag,
                       _context.comm, &_header_requests[static_cast<std::size_t>(from)]);
    });
  }

  bool send_finished() {
    std::vector<Finished> finished;
    {
      std::lock_guard lock(_mutex);
      finished.swap(_finished);
    }
    for (auto& f : finished) {
      for (auto i = _destination_begin[f.task]; i < _destination_begin[f.task + 1]; ++i) {
        send_block(f.task, f.buffer, _destinations[i]);
      }
    }
    return !finished.empty();
  }

  void send_block(TaskId task, const core::Buffer& buffer, int to) {
    auto& out = _outgoing.emplace_back();
    out.header = encode_block(task, buffer);
    const auto bytes = static_cast<std::int64_t>(buffer.bytes());
    out.requests.emplace_back();
    call("MPI_Isend", [&] {
      return MPI_Isend(out.header.data(), static_cast<int>(out.header.size()), MPI_BYTE, to,
                       kHeaderTag, _context.comm, &out.requests.back());
    });
    if (!fits_inline(buffer.shape().size(), bytes)) {
      out.buffer = buffer;
      for (std::int64_t at = 0; at < bytes; at += _limits.max_message_bytes) {
        const auto piece = std::min(_limits.max_message_bytes, bytes - at);
        out.requests.emplace_back();
        call("MPI_Isend", [&] {
          return MPI_Isend(buffer.data() + at, static_cast<int>(piece), MPI_BYTE, to, kPayloadTag,
                           _context.comm, &out.requests.back());
        });
      }
    }
    ++_messages_sent;
    _bytes_sent += bytes;
  }

  bool poll_headers() {
    bool progressed = false;
    for (int from = 0; from < _context.size; ++from) {
      auto& request = _header_requests[static_cast<std::size_t>(from)];
      if (request == MPI_REQUEST_NULL) continue;
      int complete = 0;
      call("MPI_Test", [&] { return MPI_Test(&request, &complete, MPI_STATUS_IGNORE); });
      if (!complete) continue;
      progressed = true;
      const auto* message = _header_buffers[static_cast<std::size_t>(from)].data();
      if (header_kind(message) == HeaderKind::end_of_stream) {
        end_of_stream_from(from, decode_end(message));
        continue;
      }
      receive_block(from, decode_block(message), message);
      post_header_receive(from);
    }
    return progressed;
  }

  void receive_block(int from, const BlockHeader& header, const std::byte* message) {
    auto buffer = core::Buffer::allocate(header.dtype, header.shape);
    ++_messages_received;
    _bytes_received += header.bytes;
    const auto task = static_cast<TaskId>(header.task);
    if (header.inline_payload) {
      if (header.bytes > 0) {
        std::memcpy(buffer.mutable_data(), message + block_header_words(header.shape.size()) * 8,
                    static_cast<std::size_t>(header.bytes));
      }
      arrived(task, std::move(buffer));
      return;
    }
    auto& in = _incoming.emplace_back();
    in.task = task;
    in.buffer = std::move(buffer);
    for (std::int64_t at = 0; at < header.bytes; at += _limits.max_message_bytes) {
      const auto piece = std::min(_limits.max_message_bytes, header.bytes - at);
      in.requests.emplace_back();
      call("MPI_Irecv", [&] {
        return MPI_Irecv(in.buffer.mutable_data() + at, static_cast<int>(piece), MPI_BYTE, from,
                         kPayloadTag, _context.comm, &in.requests.back());
      });
    }
  }

  bool poll_incoming() {
    bool progressed = false;
    for (auto it = _incoming.begin(); it != _incoming.end();) {
      int complete = 0;
      call("MPI_Testall", [&] {
        return MPI_Testall(static_cast<int>(it->requests.size()), it->requests.data(), &complete,
                           MPI_STATUSES_IGNORE);
      });
      if (!complete) {
        ++it;
        continue;
      }
      arrived(it->task, std::move(it->buffer));
      it = _incoming.erase(it);
      progressed = true;
    }
    return progressed;
  }

  bool poll_outgoing() {
    bool progressed = false;
    for (auto it = _outgoing.begin(); it != _outgoing.end();) {
      int complete = 0;
      call("MPI_Testall", [&] {
        return MPI_Testall(static_cast<int>(it->requests.size()), it->requests.data(), &complete,
                           MPI_STATUSES_IGNORE);
      });
      if (!complete) {
        ++it;
        continue;
      }
      it = _outgoing.erase(it);  // the block's storage is released with its last handle
      progressed = true;
    }
    return progressed;
  }

  void end_of_stream_from(int from, const EndOfStream& end) {
    --_open_streams;
    _header_requests[static_cast<std::size_t>(from)] = MPI_REQUEST_NULL;
    if (end.end == StreamEnd::ok) return;
    _stop.store(true, std::memory_order_relaxed);
    // A rank stops for a failure (whose rank's end says "failed", to every rank) or a stop.
    if (end.end == StreamEnd::stopped && _stopped == Stopped::no) _stopped = Stopped::elsewhere;
    if (end.end == StreamEnd::failed && end.task < _failure.task) {
      _failure = {end.task, end.key, end.cause, nullptr};
    }
  }

  void send_end_of_stream() {
    _end_sent = true;
    EndOfStream end;
    {
      std::lock_guard lock(_mutex);
      if (_local_failure.any()) {
        end = {StreamEnd::failed, _local_failure.task, _local_failure.key, _local_failure.cause};
        if (_local_failure.task < _failure.task) _failure = _local_failure;
      } else if (_stop.load()) {
        end.end = StreamEnd::stopped;
      }
    }
    const auto message = encode_end(end);
    for (int to = 0; to < _context.size; ++to) {
      if (to == _me) continue;
      auto& out = _outgoing.emplace_back();
      out.header = message;
      out.requests.emplace_back();
      call("MPI_Isend", [&] {
        return MPI_Isend(out.header.data(), static_cast<int>(out.header.size()), MPI_BYTE, to,
                         kHeaderTag, _context.comm, &out.requests.back());
      });
    }
  }

  /// @brief Every rank has the same failures (each stream's end carries its rank's first) and
  /// so throws the same TaskError: the one of the lowest task id.
  [[noreturn]] void throw_failure() {
    if (_failure.error) std::rethrow_exception(_failure.error);
    try {
      throw std::runtime_error(_failure.cause);
    } catch (...) {
      throw TaskError(_failure.key, _failure.cause);
    }
  }

  void record_stats(double seconds) {
    ComputeStats stats;
    stats.rank = _me;
    stats.ranks = _context.size;
    stats.threads = _threads;
    stats.tasks = static_cast<std::int64_t>(_tasks_run.load());
    stats.graph_tasks = static_cast<std::int64_t>(_graph.size());
    stats.seconds = seconds;
    stats.task_seconds = _task_seconds;
    stats.mpi_seconds = _mpi_seconds;
    stats.idle_seconds = std::max(0.0, _threads * seconds - _task_seconds);
    stats.messages_sent = _messages_sent;
    stats.messages_received = _messages_received;
    stats.bytes_sent = _bytes_sent;
    stats.bytes_received = _bytes_received;
    stats.peak_live_buffers = core::Buffer::stats().peak;
    set_last_compute_stats(stats);
  }

  const core::Graph& _graph;
  const Context& _context;
  const int _me;
  const int _threads;
  const MessageLimits _limits;
  scheduler::detail::Watchers& _watchers;
  const std::vector<int> _owners;
  std::unique_ptr<std::atomic<std::uint32_t>[]> _pending;
  std::vector<std::uint32_t> _local_readers;
  std::vector<bool> _keep;
  std::vector<std::size_t> _destination_begin;  // per task, into _destinations
  std::vector<int> _destinations;  // the other ranks each local result, or relayed output, goes to
  std::size_t _local_tasks = 0;
  std::size_t _relays_pending = 0;  // outputs of other ranks this rank has still to pass on
  std::optional<scheduler::detail::Results> _results;

  tbb::task_arena* _arena = nullptr;
  tbb::task_group _group;
  std::atomic<std::int64_t> _in_flight{0};
  std::atomic<std::size_t> _tasks_run{0};
  std::atomic<bool> _stop{false};
  const std::stop_token _stop_token;

  std::mutex _mutex;  // guards the fields below it that workers touch
  std::condition_variable _wakeup;
  bool _wake = false;
  std::vector<Finished> _finished;
  Failure _local_failure;
  double _task_seconds = 0;

  // The driver's own.
  std::vector<std::vector<std::byte>> _header_buffers;
  std::vector<MPI_Request> _header_requests;
  int _open_streams = 0;
  bool _end_sent = false;
  std::list<Incoming> _incoming;
  std::list<Outgoing> _outgoing;
  Failure _failure;
  enum class Stopped { no, here, elsewhere };
  Stopped _stopped = Stopped::no;  // by this rank's stop token, or another rank's stop
  double _mpi_seconds = 0;
  std::int64_t _messages_sent = 0;
  std::int64_t _messages_received = 0;
  std::int64_t _bytes_sent = 0;
  std::int64_t _bytes_received = 0;
};

}  // namespace

std::vector<core::Buffer> run_graph(const core::Graph& graph, const ComputeOptions& options,
                                    scheduler::detail::Watchers& watchers) {
  const auto& ctx = context();
  const auto limits = message_limits();
  const int tag_limit = limits.tag_upper_bound > 0 ? limits.tag_upper_bound : ctx.tag_upper_bound;
  if (tag_limit < kTagsNeeded - 1) {
    throw std::invalid_argument("compute: MPI_TAG_UB = " + std::to_string(tag_limit) +
                                " is below the " + std::to_string(kTagsNeeded - 1) +
                                " that dagarray's messages need");
  }
  check_same_graph(graph, options, limits.max_message_bytes, ctx.comm);
  if (graph.size() == 0) {
    watchers.compute_started(graph, Scheduler::mpi, 1, options.optimize, 0, ctx.rank, ctx.size);
    return {};
  }
  core::Buffer::reset_peak();
  MpiRun run(graph, options, ctx, watchers);
  return run.run(options);
}

}  // namespace dagarray::mpi::detail
