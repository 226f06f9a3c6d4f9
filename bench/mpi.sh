#!/bin/sh
# 1 rank x 2 threads against 2 ranks x 1 thread (ranks x threads = the 2 cores here), run
# alternately so that drift on a shared machine hits both alike. Each run is one mpirun whose
# figures are the medians of 3 computes (the first compute of a process also pays for
# first-touching its memory); prints the medians over the runs and the ratio of pi's compute
# times, 2 ranks over 1, at N = 1e9 (issue 11: within 10%).
# Usage: bench/mpi.sh path/to/dagarray [runs per configuration, default 5]
set -eu
dagarray=${1:?usage: bench/mpi.sh path/to/dagarray [runs]}
runs=${2:-5}
python=/usr/bin/python3  # Debian's, for the arithmetic
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# As root in a container Open MPI wants both; everything stays on the loopback interface.
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 PMIX_MCA_ptl_tcp_if_include=lo
mpirun_flags="--oversubscribe --bind-to none --mca btl self,vader,tcp --mca btl_tcp_if_include lo
  --mca oob_tcp_if_include lo --mca btl_vader_single_copy_mechanism none"

i=1
while [ "$i" -le "$runs" ]; do
  # shellcheck disable=SC2086
  timeout 120 mpirun $mpirun_flags -np 1 "$dagarray" bench mpi --threads 2 --repeat 3 --json \
    > "$out/np1-$i.json"
  # shellcheck disable=SC2086
  timeout 120 mpirun $mpirun_flags -np 2 "$dagarray" bench mpi --threads 1 --repeat 3 --json \
    > "$out/np2-$i.json"
  echo "run $i of $runs done" >&2
  i=$((i + 1))
done

"$python" - "$out" "$runs" <<'PY'
import json, statistics, sys
out, runs = sys.argv[1], int(sys.argv[2])
def load(np):
    return [json.load(open(f"{out}/np{np}-{i}.json")) for i in range(1, runs + 1)]
def med(values):
    return statistics.median(values)
results = {1: load(1), 2: load(2)}
job = {}  # the job's pi compute time: its slowest rank's
for np, docs in results.items():
    print(f"== {np} rank(s) x {2 // np} thread(s), median of {runs} runs ==")
    for workload in ("pi", "rechunk"):
        ranks = len(docs[0][workload]["per_rank"])
        for r in range(ranks):
            rows = [d[workload]["per_rank"][r] for d in docs]
            keys = ["build_seconds", "compute_seconds", "executor_seconds", "task_seconds",
                    "mpi_seconds", "idle_seconds", "tasks", "messages_sent", "messages_received",
                    "bytes_sent", "bytes_received", "peak_live_buffers", "peak_rss_bytes"]
            figures = ", ".join(f"{k} {med([x[k] for x in rows]):.6g}" for k in keys)
            bits = sorted({x["result_bits"] for x in rows})
            print(f"{workload} rank {r}: {figures}, result_bits {' '.join(bits)}")
        if workload == "pi":
            job[np] = med([max(x["compute_seconds"] for x in d["pi"]["per_rank"]) for d in docs])
    for r in range(len(docs[0]["overhead"]["per_rank"])):
        rows = [d["overhead"]["per_rank"][r] for d in docs]
        per_message = [x["us_per_message"] for x in rows if x["us_per_message"] is not None]
        print(f"overhead rank {r}: {med([x['us_per_task'] for x in rows]):.3f} us per task"
              + (f", {med(per_message):.3f} us per message" if per_message else ""))
    pings = [d["ping_pong"] for d in docs if d["ping_pong"]]
    if pings:
        print(f"ping-pong: latency {med([p['latency_us'] for p in pings]):.3f} us, bandwidth "
              f"{med([p['bytes_per_second'] for p in pings]) / 1e9:.3f} GB/s at 64 MiB")
n = results[1][0]["pi"]["n"]
print(f"pi compute at N = {n:.3g}: 1x2 {job[1]:.4f} s, 2x1 {job[2]:.4f} s, "
      f"ratio 2x1 / 1x2 = {job[2] / job[1]:.4f}")
PY
