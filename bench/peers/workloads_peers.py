#!/usr/bin/python3
"""The workloads of `dagarray bench workloads`, written for NumPy and Dask.

Three everyday pipelines, written as a NumPy user writes them and, for Dask, the same code on
chunked arrays (threaded scheduler, every core):
    standardize  sum((x - mean(x, 0)) / std(x, 0)) over a rows x cols float64 matrix
    stencil      sum(0.25 * (up + down + left + right)), the four neighbours of u[1:-1, 1:-1]
                 as slices of a grid x grid float64 array: one Jacobi step, then a reduction
    histogram    y = where(x > 0.5, x, 0); count_nonzero((y >= lo) & (y < hi)) for the four
                 bins of edges 0.5, 0.625, 0.75, 0.875, 1.0; Dask computes the four together
Peer dask-persist (standardize only, as dagarray's lazy-persist): the column statistics first,
`m, s = dask.persist(x.mean(0), x.std(0))`, then `sum((x - m) / s)`, both timed together.
Inputs are in memory before the clock starts (a NumPy array; for Dask, da.from_array over it
with the chunks dagarray uses) and are the same numbers dagarray reads: element k (row-major)
is the top 53 bits of k * 0x9E3779B97F4A7C15 (mod 2**64), times 2**-53.

Each (workload, peer) runs in a child interpreter of its own, so its peak RSS is its own; it
warms up once, then reports the median wall time of --repeat runs. Rows go to stdout (JSON as
`dagarray bench workloads --format json` reads them, or a table); messages go to stderr.
    /usr/bin/python3 bench/peers/workloads_peers.py --rows 2000 --cols 500 --grid 512
"""
import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time

from hashed_input import hashed_uniform  # beside this script

WORKLOADS = ("standardize", "stencil", "histogram")
PEERS = {"numpy": ("numpy", "python3-numpy"), "dask": ("dask.array", "python3-dask"),
         "dask-persist": ("dask.array", "python3-dask")}
PERSISTED = ("standardize",)  # the workloads dask-persist applies to: statistics, then a pass
THRESHOLD = 0.5
EDGES = (0.5, 0.625, 0.75, 0.875, 1.0)
EXIT_NOT_INSTALLED = 3  # a child's way of saying "skip me", distinct from a crash


# ---------------------------------------------------------------- the workloads (in the child)
# Written once over a module `xp` with NumPy's names: numpy itself, or dask.array.

def standardize(xp, x):
    return xp.sum((x - xp.mean(x, axis=0)) / xp.std(x, axis=0))


def stencil(xp, u):
    up, down = u[:-2, 1:-1], u[2:, 1:-1]
    left, right = u[1:-1, :-2], u[1:-1, 2:]
    return xp.sum(0.25 * (up + down + left + right))


def histogram(xp, x):
    kept = xp.where(x > THRESHOLD, x, 0.0)
    return [xp.count_nonzero((kept >= lo) & (kept < hi)) for lo, hi in zip(EDGES, EDGES[1:])]


PIPELINES = {"standardize": standardize, "stencil": stencil, "histogram": histogram}



def worker_count():
    """Cores this process may run on (a container's limit, unlike os.cpu_count())."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def setup(peer, workload, args):
    """The input, built before the clock starts, and run() -> the result as a list of floats."""
    import numpy as np

    if workload == "stencil":
        shape, chunks = (args.grid, args.grid), (min(args.grid_chunk_rows, args.grid), args.grid)
    else:
        shape, chunks = (args.rows, args.cols), (min(args.chunk_rows, args.rows), args.cols)
    data = hashed_uniform(np, *shape)
    pipeline = PIPELINES[workload]
    if peer == "numpy":
        def run():
            out = pipeline(np, data)
            return [float(v) for v in out] if isinstance(out, list) else [float(out)]
        return run, None

    import dask
    import dask.array as da

    x = da.from_array(data, chunks=chunks)
    workers = args.threads or worker_count()
    if peer == "dask-persist":
        def run():
            m, s = dask.persist(x.mean(axis=0), x.std(axis=0), scheduler="threads",
                                num_workers=workers)
            return [float(da.sum((x - m) / s).compute(scheduler="threads", num_workers=workers))]
        m, s = dask.persist(x.mean(axis=0), x.std(axis=0), scheduler="threads")
        statistics_tasks = len(dict(x.mean(axis=0).__dask_graph__()).keys()
                               | dict(x.std(axis=0).__dask_graph__()).keys())
        return run, statistics_tasks + len(dict(da.sum((x - m) / s).__dask_graph__()))

    def run():
        # Building the graph is part of what a Dask user pays for each result, so it is timed.
        out = pipeline(da, x)
        values = dask.compute(*(out if isinstance(out, list) else [out]), scheduler="threads",
                              num_workers=workers)
        return [float(v) for v in values]

    out = pipeline(da, x)
    graphs = [o.__dask_graph__() for o in (out if isinstance(out, list) else [out])]
    tasks = len(set().union(*(dict(g).keys() for g in graphs)))
    return run, tasks


def run_one(peer, workload, args):
    """Child side: warm up, time args.repeat runs, print one JSON row on stdout."""
    module, package = PEERS[peer]
    try:
        __import__(module)
    except ImportError as error:
        top = module.split(".")[0]
        missing = "" if error.name in (None, module, top) else f" (no module named '{error.name}')"
        print(f"workloads_peers: {top} is not installed{missing} (apt-get install {package}); "
              f"skipping", file=sys.stderr)
        sys.exit(EXIT_NOT_INSTALLED)
    run, tasks = setup(peer, workload, args)
    run()  # warm-up: imports, thread pool, first touch of NumPy's temporaries
    seconds, result = [], None
    for _ in range(args.repeat):
        start = time.perf_counter()
        result = run()
        seconds.append(time.perf_counter() - start)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # KiB on Linux
    print(json.dumps({"workload": workload, "mode": peer, "seconds": statistics.median(seconds),
                      "peak_rss_bytes": peak, "tasks": tasks, "result": result}))


# ---------------------------------------------------------------- the parent

def count_arg(name, minimum):
    def parse(text):
        try:
            value = int(float(text)) if "e" in text.lower() else int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{name} = {text!r} is not a whole number") from None
        if value < minimum:
            raise argparse.ArgumentTypeError(f"{name} = {text} must be at least {minimum}")
        return value
    return parse


def names_arg(kind, known):
    def parse(text):
        names = list(dict.fromkeys(n.strip() for n in text.split(",") if n.strip()))
        unknown = [n for n in names if n not in known]
        if unknown or not names:
            raise argparse.ArgumentTypeError(
                f"unknown {kind} {', '.join(unknown) or '(none given)'}; "
                f"choose from {', '.join(known)}")
        return names
    return parse


def parse_args(argv):
    parser = argparse.ArgumentParser(
        description="Time dagarray's benchmark workloads with NumPy and Dask, each in its own "
                    "process; print median times and peak memory.")
    parser.add_argument("--rows", type=count_arg("rows", 1), default=20000)
    parser.add_argument("--cols", type=count_arg("cols", 1), default=5000)
    parser.add_argument("--chunk-rows", type=count_arg("chunk-rows", 1), default=1000)
    parser.add_argument("--grid", type=count_arg("grid", 3), default=8192)
    parser.add_argument("--grid-chunk-rows", type=count_arg("grid-chunk-rows", 1), default=1024)
    parser.add_argument("--repeat", type=count_arg("repeat", 1), default=5)
    parser.add_argument("--threads", type=count_arg("threads", 0), default=0,
                        help="Dask's workers; 0 = every core (default)")
    parser.add_argument("--workloads", type=names_arg("workload", WORKLOADS),
                        default=list(WORKLOADS))
    parser.add_argument("--peers", type=names_arg("peer", list(PEERS)), default=list(PEERS))
    parser.add_argument("--format", choices=("json", "table"), default="table")
    parser.add_argument("--run-one", nargs=2, metavar=("PEER", "WORKLOAD"), help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def run_child(peer, workload, args):
    """Its row, None if the peer is not installed, False if it failed."""
    command = [sys.executable, os.path.abspath(__file__), "--run-one", peer, workload,
               "--rows", str(args.rows), "--cols", str(args.cols),
               "--chunk-rows", str(args.chunk_rows), "--grid", str(args.grid),
               "--grid-chunk-rows", str(args.grid_chunk_rows), "--repeat", str(args.repeat),
               "--threads", str(args.threads)]
    child = subprocess.run(command, stdout=subprocess.PIPE, text=True)
    if child.returncode == EXIT_NOT_INSTALLED:
        return None
    if child.returncode != 0:
        print(f"workloads_peers: {peer} {workload} failed (exit status {child.returncode}); "
              "skipping", file=sys.stderr)
        return False
    try:
        return json.loads(child.stdout.strip().splitlines()[-1])
    except (IndexError, json.JSONDecodeError):
        print(f"workloads_peers: {peer} {workload} printed no row; skipping", file=sys.stderr)
        return False


def print_table(rows):
    line = "{:<12}  {:<12}  {:>9}  {:>11}  {:>7}  {}"
    print(line.format("workload", "mode", "seconds", "peak memory", "tasks", "result"))
    for row in rows:
        print(line.format(row["workload"], row["mode"], f"{row['seconds']:.4f}",
                          f"{row['peak_rss_bytes'] / 2**20:.1f} MiB",
                          "-" if row["tasks"] is None else row["tasks"],
                          "/".join(f"{v:.6g}" for v in row["result"])))


def main(argv=None):
    args = parse_args(argv)
    if args.run_one:
        peer, workload = args.run_one
        if peer not in PEERS or workload not in WORKLOADS:
            print(f"workloads_peers: unknown peer or workload {peer} {workload}", file=sys.stderr)
            return 2
        run_one(peer, workload, args)
        return 0
    rows = []
    for workload in args.workloads:
        for peer in args.peers:
            if peer == "dask-persist" and workload not in PERSISTED:
                continue  # nothing there to persist
            row = run_child(peer, workload, args)
            if row:
                rows.append(row)
    if args.format == "json":
        print(json.dumps(rows, indent=2))
    else:
        print_table(rows)
    if not rows:
        print("workloads_peers: no peer ran", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
