#!/usr/bin/python3
"""The heat-equation steps of bench/heat.cpp, for NumPy (slices of np.pad(u, 1), as a NumPy user
writes them) and Dask (da.map_overlap(step, u, depth=1, boundary=0) once per step over
da.from_array with the chunks dagarray uses, then one compute on the threaded scheduler, every
core). Prints one JSON line, as bench/heat.cpp does: the median seconds of --repeat runs after
--warmup untimed ones, peak RSS and checksums of the final grid.
    /usr/bin/python3 bench/peers/heat_peers.py --peer dask --n 4096 --steps 100
"""
import argparse
import json
import resource
import statistics
import sys
import time

from hashed_input import hashed_uniform  # beside this script

ALPHA = 0.2



def slice_step(np, u):
    """One step on the whole grid, zeros beyond its edges: the order of operations of
    bench/heat.cpp, so the results agree bit for bit."""
    p = np.pad(u, 1)
    c = p[1:-1, 1:-1]
    return c + ALPHA * (p[:-2, 1:-1] + p[2:, 1:-1] + p[1:-1, :-2] + p[1:-1, 2:] - 4 * c)


def block_step(b):
    """One step on a block with its one-element rim, which map_overlap trims away."""
    out = b.copy()
    c = b[1:-1, 1:-1]
    out[1:-1, 1:-1] = c + ALPHA * (b[:-2, 1:-1] + b[2:, 1:-1] + b[1:-1, :-2] + b[1:-1, 2:] - 4 * c)
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--peer", choices=("numpy", "dask"), required=True)
    parser.add_argument("--n", type=int, default=4096)
    parser.add_argument("--chunk", type=int, default=2048)
    parser.add_argument("--steps", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--warmup", type=int, default=1)
    parser.add_argument("--persist-every", type=int, default=0,
                        help="dask: u.persist() after every k steps (0: never)")
    args = parser.parse_args()
    import numpy as np

    u0 = hashed_uniform(np, args.n, args.n)
    tasks = None
    mode = args.peer
    if args.peer == "numpy":
        def run():
            u = u0
            for _ in range(args.steps):
                u = slice_step(np, u)
            return u
    else:
        import dask
        import dask.array as da

        x = da.from_array(u0, chunks=(min(args.chunk, args.n),) * 2)

        def expression(start, count):
            u = start
            for _ in range(count):
                u = da.map_overlap(block_step, u, depth=1, boundary=0, dtype=u.dtype)
            return u

        def run():
            # Building the graph is part of what a Dask user pays for each result.
            if args.persist_every == 0:
                return dask.compute(expression(x, args.steps), scheduler="threads")[0]
            u, done = x, 0
            while done + args.persist_every < args.steps:
                u = expression(u, args.persist_every).persist(scheduler="threads")
                done += args.persist_every
            return dask.compute(expression(u, args.steps - done), scheduler="threads")[0]
        batch = args.steps if args.persist_every == 0 else min(args.persist_every, args.steps)
        tasks = len(dict(expression(x, batch).__dask_graph__()))
        if args.persist_every:
            mode = f"dask-persist{args.persist_every}"
    sums = None
    for _ in range(args.warmup):
        u = run()
        sums = (float(u.sum()), float((u * u).sum()))
        del u  # as the C++ result leaves scope: the next run does not hold two grids
    seconds = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        u = run()
        seconds.append(time.perf_counter() - start)
        if sums is None:
            sums = (float(u.sum()), float((u * u).sum()))
        del u
    median = statistics.median(seconds)
    print(json.dumps({"mode": mode, "n": args.n, "steps": args.steps,
                      "chunk": args.chunk if args.peer == "dask" else 0, "repeat": args.repeat,
                      "seconds": median,
                      "peak_rss_bytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
                      "tasks": tasks, "checksum": sums[0], "sum_of_squares": sums[1]}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
