#!/bin/sh
# The 2-D heat equation against NumPy and Dask: `steps` explicit 5-point steps on an n x n
# float64 grid (zeros beyond its edges), each mode in a process of its own (so its peak RSS is
# its own), each reporting the median of its runs. dagarray lazy with map_overlap and with
# slices (the whole chain one compute, and in batches persisted every `batch` steps), dagarray
# eager, NumPy (slices of np.pad) and Dask (map_overlap). Prints the rows, the ratios to NumPy
# and Dask measured in this run, and the checksums, which should agree to rounding.
# Usage: bench/heat.sh path/to/dagarray_bench_heat [repeat, default 5] [n, default 4096]
#        [steps, default 100] [chunk, default n/4] [batch, default 10; 0: no persisted modes]
#        [warmup, default 1]
# shellcheck disable=SC2086  # $size is a list of options, split on purpose
set -eu
bench=${1:?usage: bench/heat.sh path/to/dagarray_bench_heat [repeat] [n] [steps] [chunk] [batch] [warmup]}
repeat=${2:-5}
n=${3:-4096}
steps=${4:-100}
chunk=${5:-$((n / 4))}
batch=${6:-10}
warmup=${7:-1}
python=/usr/bin/python3  # Debian's, with Debian's numpy and dask
peers="$(dirname "$0")/peers/heat_peers.py"
out=$(mktemp)
trap 'rm -f "$out"' EXIT
size="--n $n --steps $steps --chunk $chunk --repeat $repeat --warmup $warmup"

for mode in overlap slices; do
  "$bench" --mode "$mode" $size >> "$out"
  echo "$mode done" >&2
  if [ "$batch" -gt 0 ]; then
    "$bench" --mode "$mode" --persist-every "$batch" $size >> "$out"
    echo "$mode, persisted every $batch steps, done" >&2
  fi
done
"$bench" --mode eager $size >> "$out"
echo "eager done" >&2
for peer in numpy dask; do
  "$python" "$peers" --peer "$peer" $size >> "$out"
  echo "$peer done" >&2
done

"$python" - "$out" <<'PY'
import json, sys
rows = [json.loads(line) for line in open(sys.argv[1])]
numpy = next(r for r in rows if r["mode"] == "numpy")
dask = next(r for r in rows if r["mode"] == "dask")
first = rows[0]
print(f"{first['n']} x {first['n']} float64, {first['steps']} steps, "
      f"median of {first['repeat']}")
print(f"{'mode':<18} {'seconds':>9} {'s/step':>8} {'x numpy':>8} {'x dask':>8} "
      f"{'peak MiB':>9} {'tasks':>6}  checksum (sum; sum of squares)")
for row in rows:
    print(f"{row['mode']:<18} {row['seconds']:>9.3f} {row['seconds'] / row['steps']:>8.4f} "
          f"{row['seconds'] / numpy['seconds']:>8.3f} {row['seconds'] / dask['seconds']:>8.3f} "
          f"{row['peak_rss_bytes'] / 2**20:>9.0f} {row['tasks'] if row['tasks'] else '-':>6}  "
          f"{row['checksum']:.15g}; {row['sum_of_squares']:.15g}")
PY
