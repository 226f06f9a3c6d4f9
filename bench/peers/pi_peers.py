#!/usr/bin/python3
"""The Monte Carlo estimate of pi in the Python tools dagarray is compared with.

Draw N points uniform in [-1, 1]^2, count the M inside the unit circle, pi ~ 4M/N, the way each
peer would write it: NumPy (one vectorised expression), Dask (the same expression on chunked
arrays, threaded scheduler), Numba (a compiled loop, one thread; numba-parallel spreads chunks
over threads). Each peer runs in a child process of its own, so the peak RSS reported is that
peer's alone; the child warms up first (imports, JIT compile, thread pool) and reports the
median wall time of --repeat runs.

Rows go to stdout (JSON as `dagarray pi --format json`, or a table); messages go to stderr.
Meant for Debian's interpreter and packages (python3-numpy, python3-dask, python3-numba):
    /usr/bin/python3 bench/peers/pi_peers.py --n 1e7 --chunk 1e6 --format table
"""
import argparse
import json
import math
import os
import resource
import statistics
import subprocess
import sys
import time

# Peer name -> (module it needs, Debian package that provides it).
PEERS = {
    "numpy": ("numpy", "python3-numpy"),
    "dask": ("dask.array", "python3-dask"),
    "numba": ("numba", "python3-numba"),
    "numba-parallel": ("numba", "python3-numba"),
    "python": ("random", "python3"),  # the lesson's plain loop: ~0.3 us per sample, opt-in only
}
DEFAULT_PEERS = "numpy,dask,numba,numba-parallel"
DEBIAN_PYTHON = "/usr/bin/python3"
EXIT_NOT_INSTALLED = 3  # a child's way of saying "skip me", distinct from a crash


# ---------------------------------------------------------------- the peers (run in the child)
# Each setup function imports its peer, compiles what it must, and returns run(n) -> M, so that
# one compiled function serves both the warm-up and the timed runs.

def setup_numpy(chunk, threads, seed):
    """The lesson's vectorised version: all 2N samples in memory at once, one thread."""
    import numpy as np

    def run(n):
        pts = np.random.default_rng(seed).uniform(-1, 1, (2, n))
        return int(np.count_nonzero((pts**2).sum(axis=0) < 1))

    return run


def dask_inside(n, chunk, seed):
    """The same expression on a Dask array chunked (2, chunk): M, not yet computed."""
    import dask.array as da

    pts = da.random.RandomState(seed).uniform(-1, 1, size=(2, n), chunks=(2, min(chunk, n)))
    return da.count_nonzero((pts**2).sum(axis=0) < 1)


def setup_dask(chunk, threads, seed):
    """dask_inside on Dask's thread pool."""
    import dask.array  # noqa: F401  (imported here so the warm-up pays for it)

    workers = threads or worker_count()

    def run(n):
        # Building the graph is part of what a Dask user pays for each estimate, so it is timed.
        return int(dask_inside(n, chunk, seed).compute(scheduler="threads", num_workers=workers))

    return run


def setup_numba(chunk, threads, seed):
    """The lesson's loop under @numba.njit with Numba's own random.uniform, one thread."""
    import random

    import numba

    @numba.njit
    def count(n, seed):
        random.seed(seed)  # seeds Numba's generator; Python's random.seed would not
        m = 0
        for _ in range(n):
            x = random.uniform(-1.0, 1.0)
            y = random.uniform(-1.0, 1.0)
            if x * x + y * y < 1.0:
                m += 1
        return m

    return lambda n: count(n, seed)


def setup_numba_parallel(chunk, threads, seed):
    """Chunks of the loop spread over threads with prange. Numba's generator state is per
    thread, and each chunk reseeds it with seed + chunk index, so the estimate does not
    depend on which thread ran which chunk, nor on the thread count."""
    import random

    import numba

    @numba.njit(parallel=True)
    def count(n, chunk, seed):
        chunks = (n + chunk - 1) // chunk
        m = 0
        for k in numba.prange(chunks):
            random.seed((seed + k) % 2**32)
            inside = 0
            for _ in range(k * chunk, min(n, (k + 1) * chunk)):
                x = random.uniform(-1.0, 1.0)
                y = random.uniform(-1.0, 1.0)
                if x * x + y * y < 1.0:
                    inside += 1
            m += inside  # prange turns this into a reduction
        return m

    return lambda n: count(n, min(chunk, n), seed)


def setup_python(chunk, threads, seed):
    """The lesson's plain loop, one sample at a time."""
    import random

    def run(n):
        rand = random.Random(seed)
        m = 0
        for _ in range(n):
            x = rand.uniform(-1, 1)
            y = rand.uniform(-1, 1)
            if x * x + y * y < 1.0:
                m += 1
        return m

    return run


SETUP = {"numpy": setup_numpy, "dask": setup_dask, "numba": setup_numba,
         "numba-parallel": setup_numba_parallel, "python": setup_python}


def worker_count():
    """Cores this process may run on (a container's limit, unlike os.cpu_count())."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def run_one(peer, args):
    """Child side: warm up, time args.repeat runs, print one JSON row on stdout."""
    module, package = PEERS[peer]
    if peer == "numba-parallel" and args.threads:
        # Numba sizes its pool from this at import; it defaults to the core count.
        os.environ["NUMBA_NUM_THREADS"] = str(args.threads)
    try:
        __import__(module)
    except ImportError as error:
        top = module.split(".")[0]
        # A missing dependency (numpy under dask, say) is named; the peer's own module is not.
        missing = "" if error.name in (None, module, top) else f" (no module named '{error.name}')"
        which = "" if peer == top else f" {peer}"
        print(f"pi_peers: {top} is not installed{missing} (apt-get install {package}); "
              f"skipping{which}", file=sys.stderr)
        sys.exit(EXIT_NOT_INSTALLED)

    run = SETUP[peer](args.chunk, args.threads, args.seed)
    run(min(args.n, 2 * args.chunk))  # warm-up: imports, JIT compilation, thread start-up
    seconds = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        m = run(args.n)
        seconds.append(time.perf_counter() - start)
    # Counted apart from the timed runs: materialising the graph takes time of its own.
    # The graph is the one built, before Dask's optimisation fuses some of its tasks.
    tasks = len(dict(dask_inside(args.n, args.chunk, args.seed).__dask_graph__())) \
        if peer == "dask" else None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # KiB on Linux
    median = statistics.median(seconds)
    print(json.dumps({
        "mode": peer,
        "pi": 4 * m / args.n,
        "seconds": median,
        "ns_per_sample": median * 1e9 / args.n,
        "peak_rss_bytes": peak,
        "tasks": tasks,
    }))


# ---------------------------------------------------------------- the parent

def count_arg(name, minimum):
    """An integer >= minimum, written plainly or as a float such as 1e8."""
    def parse(text):
        try:
            value = int(text)
        except ValueError:
            try:
                number = float(text)
            except ValueError:
                raise argparse.ArgumentTypeError(f"{name} = {text!r} is not a number") from None
            if not number.is_integer():
                raise argparse.ArgumentTypeError(f"{name} = {text} is not a whole number") from None
            value = int(number)
        if value < minimum:
            raise argparse.ArgumentTypeError(f"{name} = {text} must be at least {minimum}")
        return value
    return parse


def peers_arg(text):
    names = list(dict.fromkeys(p.strip() for p in text.split(",") if p.strip()))
    unknown = [p for p in names if p not in PEERS]
    if unknown or not names:
        raise argparse.ArgumentTypeError(
            f"unknown peer {', '.join(unknown) or '(none given)'}; choose from {', '.join(PEERS)}")
    return names


def seed_arg(text):
    value = count_arg("seed", 0)(text)
    if value >= 2**32:  # the limit of RandomState and of Numba's seed
        raise argparse.ArgumentTypeError(f"seed = {text} must be below 2**32")
    return value


def parse_args(argv):
    parser = argparse.ArgumentParser(
        description="Estimate pi by Monte Carlo with NumPy, Dask and Numba, each in its own "
                    "process; print median times and peak memory as dagarray pi does.")
    parser.add_argument("--n", type=count_arg("n", 1), default=10**8, help="samples (default 1e8)")
    parser.add_argument("--chunk", type=count_arg("chunk", 1), default=10**6,
                        help="samples per chunk for dask and numba-parallel (default 1e6)")
    parser.add_argument("--repeat", type=count_arg("repeat", 1), default=5,
                        help="timed runs per peer; the median is reported (default 5)")
    parser.add_argument("--threads", type=count_arg("threads", 0), default=0,
                        help="threads for dask and numba-parallel; 0 = all cores (default)")
    parser.add_argument("--peers", type=peers_arg, default=peers_arg(DEFAULT_PEERS),
                        help=f"comma-separated, from {', '.join(PEERS)} (default {DEFAULT_PEERS})")
    parser.add_argument("--format", choices=("json", "table"), default="table")
    parser.add_argument("--seed", type=seed_arg, default=42)
    parser.add_argument("--run-one", choices=list(PEERS), help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def mem_available():
    """MemAvailable in bytes, or None where /proc/meminfo is not there."""
    try:
        with open("/proc/meminfo") as meminfo:
            for line in meminfo:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return None


def too_big(peer, args):
    """Why the peer would not fit in memory, or None. The expression holds the points, their
    squares and the sums at once: about 3 arrays of 2 x 8 bytes per sample. NumPy holds all N
    samples, Dask about one chunk per worker."""
    if peer not in ("numpy", "dask"):
        return None
    if peer == "numpy":
        samples = args.n
    else:
        samples = min(args.chunk, args.n) * (args.threads or worker_count())
    need = 2 * 8 * samples * 3
    available = mem_available()
    if available is None or need <= 0.7 * available:
        return None
    return (f"needs ~{need / 2**30:.1f} GiB for N = {args.n:,}, more than 70% of the "
            f"{available / 2**30:.1f} GiB available")


def run_child(peer, args):
    """Runs one peer in a fresh interpreter: its row, None if the peer is not installed,
    False if it failed."""
    command = [sys.executable, os.path.abspath(__file__), "--run-one", peer,
               "--n", str(args.n), "--chunk", str(args.chunk), "--repeat", str(args.repeat),
               "--threads", str(args.threads), "--seed", str(args.seed)]
    # The child's stderr (warnings, the not-installed line) goes straight to ours.
    child = subprocess.run(command, stdout=subprocess.PIPE, text=True)
    if child.returncode == EXIT_NOT_INSTALLED:
        return None
    if child.returncode != 0:
        print(f"pi_peers: {peer} failed (exit status {child.returncode}); skipping",
              file=sys.stderr)
        return False
    try:
        return json.loads(child.stdout.strip().splitlines()[-1])
    except (IndexError, json.JSONDecodeError):
        print(f"pi_peers: {peer} printed no row; skipping", file=sys.stderr)
        return False


def print_table(rows, args):
    threads = args.threads or f"{worker_count()} (all cores)"
    print(f"pi by Monte Carlo, Python peers: N = {args.n}, chunk = {args.chunk}, "
          f"threads = {threads}, repeat = {args.repeat}, seed = {args.seed}\n")
    line = "{:<14}  {:>10}  {:>9}  {:>10}  {:>9}  {:>11}  {:>8}"
    print(line.format("mode", "pi", "error", "seconds", "ns/sample", "peak memory", "tasks"))
    for row in rows:
        print(line.format(row["mode"], f"{row['pi']:.6f}", f"{abs(row['pi'] - math.pi):.2e}",
                          f"{row['seconds']:.4f}", f"{row['ns_per_sample']:.2f}",
                          human_bytes(row["peak_rss_bytes"]),
                          "-" if row["tasks"] is None else row["tasks"]))


def human_bytes(size):
    for unit, scale in (("GiB", 2**30), ("MiB", 2**20)):
        if size >= scale:
            return f"{size / scale:.{2 if unit == 'GiB' else 1}f} {unit}"
    return f"{size / 1024:.1f} KiB"


def main(argv=None):
    args = parse_args(argv)
    if args.run_one:
        run_one(args.run_one, args)
        return 0
    rows, not_installed = [], False
    for peer in args.peers:
        reason = too_big(peer, args)
        if reason:
            print(f"pi_peers: {peer} skipped: {reason}", file=sys.stderr)
            continue
        row = run_child(peer, args)
        if not row:
            not_installed |= row is None
            continue
        # 1/sqrt(N) is ~1e-3 at N = 1e6, so a miss of 0.01 means a broken estimate, not bad luck.
        if args.n >= 10**6 and abs(row["pi"] - 3.14159) >= 0.01:
            print(f"pi_peers: warning: {peer} estimated pi = {row['pi']:.6f}, "
                  "more than 0.01 from 3.14159", file=sys.stderr)
        rows.append(row)
    if not_installed and sys.executable != DEBIAN_PYTHON:
        print(f"pi_peers: this is {sys.executable}; Debian's python3-* packages are for "
              f"{DEBIAN_PYTHON}", file=sys.stderr)
    if args.format == "json":
        print(json.dumps(rows, indent=2))
    else:
        print_table(rows, args)
    if not rows:
        print("pi_peers: no peer ran", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
