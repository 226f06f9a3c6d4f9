#!/usr/bin/python3
"""The matrix products of bench/linalg.cpp, for NumPy (`a @ a`, one call into the same OpenBLAS)
and Dask (`x @ x` over da.from_array with the chunks dagarray uses, threaded scheduler, every
core). Prints one JSON line, as bench/linalg.cpp does: the median seconds of --repeat runs after
one untimed run, GFLOP/s, peak RSS and a checksum of the result.
    /usr/bin/python3 bench/peers/linalg_peers.py --peer dask --workload gram --rows 2000000
"""
import argparse
import json
import resource
import statistics
import sys
import time

from hashed_input import hashed_uniform  # beside this script



def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--peer", choices=("numpy", "dask"), required=True)
    parser.add_argument("--workload", choices=("square", "gram"), default="square")
    parser.add_argument("--n", type=int, default=8192)
    parser.add_argument("--rows", type=int, default=2_000_000)
    parser.add_argument("--cols", type=int, default=64)
    parser.add_argument("--chunk", type=int, default=2048)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    import numpy as np

    square = args.workload == "square"
    a = hashed_uniform(np, args.n, args.n) if square else hashed_uniform(np, args.rows, args.cols)
    m, k = (args.n, args.n) if square else (args.cols, args.rows)
    if args.peer == "numpy":
        def run():
            return a @ a if square else a.T @ a
        tasks = None
    else:
        import dask
        import dask.array as da

        chunks = (min(args.chunk, args.n),) * 2 if square else (min(args.chunk, args.rows), args.cols)
        x = da.from_array(a, chunks=chunks)

        def expression():
            return x @ x if square else x.T @ x

        def run():
            # Building the graph is part of what a Dask user pays for each result.
            return dask.compute(expression(), scheduler="threads")[0]
        tasks = len(dict(expression().__dask_graph__()))
    checksum = float(run().sum())
    seconds = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        run()
        seconds.append(time.perf_counter() - start)
    median = statistics.median(seconds)
    print(json.dumps({"workload": args.workload, "mode": args.peer, "seconds": median,
                      "gflops": 2.0 * m * m * k / median / 1e9,
                      "peak_rss_bytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
                      "tasks": tasks, "checksum": checksum}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
