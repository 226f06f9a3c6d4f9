#!/bin/sh
# Matrix products against NumPy and Dask: a @ a of an n x n float64 matrix and the Gram matrix
# x.T @ x of a tall-skinny rows x cols one, each mode in a process of its own (so its peak RSS is
# its own), each reporting the median of its runs. Prints the rows and the ratios to dagarray's
# eager product (one OpenBLAS call on every core: the peak the issue measures against).
# Usage: bench/linalg.sh path/to/dagarray_bench_linalg [repeat, default 5] [n, default 8192]
#        [rows, default 2000000]
set -eu
bench=${1:?usage: bench/linalg.sh path/to/dagarray_bench_linalg [repeat] [n] [rows]}
repeat=${2:-5}
n=${3:-8192}
rows=${4:-2000000}
python=/usr/bin/python3  # Debian's, with Debian's numpy and dask
peers="$(dirname "$0")/peers/linalg_peers.py"
out=$(mktemp)
trap 'rm -f "$out"' EXIT

run() {  # workload, then the size options
  workload=$1
  shift
  for mode in eager lazy; do
    "$bench" --workload "$workload" --mode "$mode" --repeat "$repeat" "$@" >> "$out"
    echo "$workload $mode done" >&2
  done
  for peer in numpy dask; do
    "$python" "$peers" --peer "$peer" --workload "$workload" --repeat "$repeat" "$@" >> "$out"
    echo "$workload $peer done" >&2
  done
}
run square --n "$n" --chunk 4096  # Dask's own chunks for it: 128 MiB blocks
run gram --rows "$rows" --cols 64 --chunk 125000

"$python" - "$out" <<'PY'
import json, sys
rows = [json.loads(line) for line in open(sys.argv[1])]
print(f"{'workload':<8} {'mode':<6} {'seconds':>9} {'GFLOP/s':>8} {'x eager':>8} "
      f"{'peak MiB':>9} {'tasks':>6}  checksum")
for row in rows:
    eager = next(r for r in rows if r["workload"] == row["workload"] and r["mode"] == "eager")
    print(f"{row['workload']:<8} {row['mode']:<6} {row['seconds']:>9.3f} {row['gflops']:>8.1f} "
          f"{row['seconds'] / eager['seconds']:>8.3f} {row['peak_rss_bytes'] / 2**20:>9.0f} "
          f"{row['tasks'] if row['tasks'] is not None else '-':>6}  {row['checksum']:.12g}")
PY
