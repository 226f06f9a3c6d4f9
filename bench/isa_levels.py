#!/usr/bin/python3
"""Lazy pi at every kernel level of several builds of the dagarray tool, side by side.

    /usr/bin/python3 bench/isa_levels.py [--runs 5] [--n 1e8] [--modes lazy,lazy-sync] \\
        native=build/tools/dagarray portable=build-portable/tools/dagarray ...

Each NAME=TOOL is one build. Every run times each (build, level, mode) once, in a shuffled
order, so that the machine's load falls on all of them alike; each figure is the median over
the runs (the tool's own --repeat 1 wall time of that mode in a child process). Levels come
from `TOOL info --json` (a build from before dispatch has none: it is run as it is). Prints a
Markdown table with each figure's ratio to the first build's best level.
"""
import argparse
import json
import os
import random
import statistics
import subprocess


def levels_of(tool):
    try:
        out = subprocess.run([tool, "info", "--json"], capture_output=True, text=True, check=True)
    except subprocess.CalledProcessError:
        return [None]  # no `info`: a build from before the dispatch
    return json.loads(out.stdout)["kernels"]["available"]


def seconds(tool, level, mode, n):
    env = dict(os.environ)
    if level is not None:
        env["DAGARRAY_ISA"] = level
    out = subprocess.run([tool, "pi", "--modes", mode, "--n", n, "--repeat", "1", "--format",
                          "json", "--no-progress"], capture_output=True, text=True, check=True,
                         env=env)
    return json.loads(out.stdout)[0]["seconds"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--n", default="1e8")
    parser.add_argument("--modes", default="lazy,lazy-sync")
    parser.add_argument("builds", nargs="+", help="NAME=TOOL")
    args = parser.parse_args()
    builds = [b.split("=", 1) for b in args.builds]
    cases = [(name, tool, level, mode) for name, tool in builds for level in levels_of(tool)
             for mode in args.modes.split(",")]
    times = {case: [] for case in cases}
    for _ in range(args.runs):
        random.shuffle(cases)
        for case in cases:
            name, tool, level, mode = case
            times[case].append(seconds(tool, level, mode, args.n))
    medians = {case: statistics.median(t) for case, t in times.items()}
    print(f"| build | level | mode | seconds (median of {args.runs}) | ns/sample | vs first |")
    print("|---|---|---|---:|---:|---:|")
    order = [name for name, _ in builds]
    for mode in args.modes.split(","):
        rows = sorted((c for c in medians if c[3] == mode),
                      key=lambda c: (order.index(c[0]), str(c[2])))
        reference = min(medians[c] for c in rows if c[0] == order[0])
        for case in rows:
            name, _, level, _ = case
            m = medians[case]
            print(f"| {name} | {level or '(as built)'} | {mode} | {m:.4f} | "
                  f"{m / float(args.n) * 1e9:.2f} | {m / reference:.2f} |")

if __name__ == "__main__":
    main()
