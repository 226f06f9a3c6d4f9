#!/usr/bin/python3
"""Bar chart of ns per sample for each mode of `dagarray pi` and each Python peer, or, for the
rows of `dagarray bench workloads --format json` (rows with a "workload"), one group of bars
per workload: each mode's bandwidth as a fraction of the copy's measured in the same run.

Reads JSON arrays of rows as `dagarray pi --format json` and bench/peers/pi_peers.py write
them ({mode, pi, seconds, ns_per_sample, peak_rss_bytes, tasks}) and writes a PNG:
    bench/plot_benchmarks.py cpp.json peers.json -o docs/benchmarks.png \\
        --title "pi by Monte Carlo, N = 1e8, chunk = 1e6 - 2026-11-24, AMD EPYC, 2 cores"
    bench/plot_benchmarks.py workloads.json -o docs/benchmarks-workloads.png
Needs matplotlib (Debian: python3-matplotlib), hence /usr/bin/python3.
"""
import argparse
import datetime
import json
import os
import subprocess
import sys

import matplotlib

matplotlib.use("Agg")  # files only, no display needed
import matplotlib.pyplot as plt  # noqa: E402  (must follow the backend choice)
from matplotlib.patches import Patch  # noqa: E402
from matplotlib.ticker import FuncFormatter  # noqa: E402

# Family -> (legend label, colour map its bars take shades from), in the order bars are drawn.
FAMILIES = {
    "lazy": ("dagarray, lazy task graph", "Blues"),
    "eager": ("dagarray, eager / loop", "Greens"),
    "reference": ("hand-written oneTBB loop", "Greys"),
    "peer": ("Python peers", "Oranges"),
    "other": ("other", "Purples"),
}
PEERS = {"python", "numpy", "dask", "numba", "numba-parallel"}


def family(mode):
    if mode.startswith("lazy") or mode == "sync":  # sync runs the same graph on one thread
        return "lazy"
    if mode in ("eager", "loop"):
        return "eager"
    if mode == "handwritten":
        return "reference"
    return "peer" if mode in PEERS else "other"


def read_rows(paths):
    """Rows of all files in order; a mode met twice is told apart by its file's name."""
    rows, seen = [], set()
    for path in paths:
        try:
            with open(path) as file:
                data = json.load(file)
        except (OSError, json.JSONDecodeError) as error:
            sys.exit(f"plot_benchmarks: {path}: {error}")
        if not isinstance(data, list):
            sys.exit(f"plot_benchmarks: {path}: expected a JSON array of rows")
        for row in data:
            if not isinstance(row, dict) or "mode" not in row or "ns_per_sample" not in row:
                sys.exit(f"plot_benchmarks: {path}: a row without mode or ns_per_sample: {row}")
            if row["ns_per_sample"] is None:  # N = 0: nothing to plot
                print(f"plot_benchmarks: {path}: {row['mode']} has no ns_per_sample; left out",
                      file=sys.stderr)
                continue
            label = row["mode"]
            if label in seen:
                label = f"{label}\n({os.path.splitext(os.path.basename(path))[0]})"
            seen.add(label)
            rows.append({**row, "label": label})
    return rows


def machine():
    """'AMD EPYC, 2 cores' from lscpu, or what Python knows without it."""
    model = None
    try:
        for line in subprocess.run(["lscpu"], capture_output=True, text=True).stdout.splitlines():
            if line.startswith("Model name:"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{model or 'unknown CPU'}, {os.cpu_count()} cores"


def default_title(rows):
    # N is not in the rows, but seconds / ns_per_sample gives it back.
    sizes = {round(r["seconds"] * 1e9 / r["ns_per_sample"]) for r in rows if r["ns_per_sample"]}
    size = f", N = {count_text(sizes.pop())}" if len(sizes) == 1 else ""
    return f"π by Monte Carlo{size} — {datetime.date.today()}, {machine()}"


def count_text(n):
    """1e8 for powers of ten, as the command lines write them; 123,456 otherwise."""
    if n < 1000:
        return str(n)
    text = f"{n:.0e}".replace("e+0", "e").replace("e+", "e")
    return text if float(text) == n else f"{n:,}"


def human_bytes(size):
    for unit, scale in (("GiB", 2**30), ("MiB", 2**20), ("KiB", 2**10)):
        if size >= scale:
            return f"{size / scale:.{1 if size < 100 * scale else 0}f} {unit}"
    return f"{size} B"


def value_text(ns):
    return f"{ns:.2f}" if ns < 10 else f"{ns:.1f}" if ns < 100 else f"{ns:.0f}"


def plot(rows, output, title, show_memory):
    order = list(FAMILIES)
    rows = sorted(rows, key=lambda r: order.index(family(r["mode"])))  # stable: input order kept
    colours = []
    for name in order:
        members = [r for r in rows if family(r["mode"]) == name]
        cmap = plt.get_cmap(FAMILIES[name][1])
        for i, _ in enumerate(members):  # shades from mid to dark, so that none is near white
            colours.append(cmap(0.75 if len(members) == 1 else 0.5 + 0.4 * i / (len(members) - 1)))

    plt.rcParams.update({"font.size": 11, "axes.titlesize": 13, "axes.labelsize": 12})
    # Wide enough per bar for its longest label line (~0.07 in per character at 10 pt), so that
    # labels stay level and apart.
    longest = max(len(line) for r in rows for line in r["label"].splitlines())
    per_bar = max(1.0, 0.068 * longest + 0.1)
    fig, ax = plt.subplots(figsize=(max(7.0, per_bar * len(rows) + 2.0), 5.5), dpi=150)
    values = [r["ns_per_sample"] for r in rows]
    x = range(len(rows))
    bars = ax.bar(x, values, color=colours, width=0.7, edgecolor="black", linewidth=0.4, zorder=2)
    ax.set_yscale("log")
    ax.yaxis.set_major_formatter(FuncFormatter(lambda y, _: f"{y:g}"))  # 0.1, 1, 10: not 10^-1
    # 2 and 5 between the decades too, or a chart within one decade has a single label.
    ax.yaxis.set_minor_formatter(FuncFormatter(
        lambda y, _: f"{y:g}" if f"{y:.0e}"[0] in "25" else ""))
    ax.tick_params(axis="y", which="minor", labelsize=9, labelcolor="0.35")
    # Room above the tallest bar for its label and below the shortest for the log scale.
    ax.set_ylim(min(values) / 2.5, max(values) * 2)
    for bar, value in zip(bars, values):
        ax.annotate(value_text(value), (bar.get_x() + bar.get_width() / 2, value),
                    xytext=(0, 3), textcoords="offset points", ha="center", va="bottom",
                    fontsize=10)
    labels = [r["label"] for r in rows]
    if show_memory:
        labels = [f"{r['label']}\n{human_bytes(r['peak_rss_bytes'])}"
                  if r.get("peak_rss_bytes") is not None else r["label"] for r in rows]
    ax.set_xticks(list(x), labels, fontsize=10)
    ax.set_ylabel("ns per sample (log scale, lower is better)")
    if show_memory:
        ax.set_xlabel("mode (peak memory)")
    ax.set_title(title, pad=34, wrap=True)  # the legend sits between the title and the bars
    ax.yaxis.grid(True, which="major", color="0.85", zorder=0)
    ax.yaxis.grid(True, which="minor", color="0.94", zorder=0)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    present = [name for name in order if any(family(r["mode"]) == name for r in rows)]
    ax.legend(handles=[Patch(facecolor=plt.get_cmap(FAMILIES[n][1])(0.75), edgecolor="black",
                             linewidth=0.4, label=FAMILIES[n][0]) for n in present],
              loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=len(present), frameon=False,
              fontsize=10, handlelength=1.2, columnspacing=1.5)
    fig.tight_layout()
    fig.savefig(output)
    plt.close(fig)


def read_workload_rows(paths):
    """The rows of `bench workloads` files, or None when the files hold other rows."""
    rows = []
    for path in paths:
        try:
            with open(path) as file:
                data = json.load(file)
        except (OSError, json.JSONDecodeError) as error:
            sys.exit(f"plot_benchmarks: {path}: {error}")
        if not isinstance(data, list) or not data or "workload" not in data[0]:
            return None
        rows += data
    return rows


def plot_workloads(rows, output, title):
    """Grouped bars: per workload, each mode's bandwidth over the copy's (higher is better),
    with its time written on it; the dashed line is half the copy's, the issue's target."""
    workloads = list(dict.fromkeys(r["workload"] for r in rows))
    modes = list(dict.fromkeys(r["mode"] for r in rows))
    width = 0.8 / len(modes)
    plt.rcParams.update({"font.size": 11, "axes.titlesize": 13, "axes.labelsize": 12})
    fig, ax = plt.subplots(figsize=(max(8.0, 2.2 * len(workloads) * len(modes) / 3), 5.5),
                           dpi=150)
    for m, mode in enumerate(modes):
        fam = family(mode)
        colour = plt.get_cmap(FAMILIES[fam][1])(0.45 + 0.45 * m / max(1, len(modes) - 1))
        for w, workload in enumerate(workloads):
            row = next((r for r in rows if r["workload"] == workload and r["mode"] == mode), None)
            if row is None:
                continue
            x = w + (m - (len(modes) - 1) / 2) * width
            value = row["ratio_to_copy"]
            ax.bar(x, value, width * 0.92, color=colour, edgecolor="black", linewidth=0.4,
                   zorder=2, label=mode if w == 0 else None)
            ax.annotate(f"{row['seconds']:.2f} s", (x, value), xytext=(0, 3),
                        textcoords="offset points", ha="center", va="bottom", fontsize=8,
                        rotation=90)
    ax.axhline(0.5, color="0.3", linestyle="--", linewidth=0.8, zorder=1)
    ax.set_xticks(range(len(workloads)), workloads)
    ax.set_ylabel("bandwidth / copy bandwidth (higher is better)")
    copy = rows[0].get("copy_bytes_per_second")
    ax.set_title(title + (f"\ncopy: {copy / 1e9:.1f} GB/s" if copy else ""))
    ax.set_ylim(0, max(0.6, max(r["ratio_to_copy"] for r in rows) * 1.35))
    ax.yaxis.grid(True, color="0.88", zorder=0)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.legend(frameon=False, fontsize=9, ncol=len(modes), loc="upper center")
    fig.tight_layout()
    fig.savefig(output)
    plt.close(fig)


def main(argv=None):
    parser = argparse.ArgumentParser(description="Plot ns per sample of dagarray pi rows.")
    parser.add_argument("rows", nargs="+", help="JSON files of rows (dagarray pi, pi_peers.py)")
    parser.add_argument("-o", "--output", required=True, help="PNG to write")
    parser.add_argument("--title", help="default: pi by Monte Carlo, N, today, lscpu model, cores")
    parser.add_argument("--no-memory", action="store_true",
                        help="leave peak memory out of the bar labels")
    args = parser.parse_args(argv)
    workload_rows = read_workload_rows(args.rows)
    if workload_rows:
        title = args.title or f"dagarray bench workloads — {datetime.date.today()}, {machine()}"
        plot_workloads(workload_rows, args.output, title)
        print(f"plot_benchmarks: wrote {args.output} ({len(workload_rows)} bars)",
              file=sys.stderr)
        return 0
    rows = read_rows(args.rows)
    if not rows:
        sys.exit("plot_benchmarks: no rows to plot")
    plot(rows, args.output, args.title or default_title(rows), not args.no_memory)
    print(f"plot_benchmarks: wrote {args.output} ({len(rows)} bars)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
