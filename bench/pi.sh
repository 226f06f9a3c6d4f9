#!/usr/bin/env bash
# The figures of docs/benchmarks.md and its plot. Every mode runs in its own process; times are
# medians; ratios are taken within one run, since the machine is shared.
# Usage: bench/pi.sh [build-dir] [out-dir]   (a Release build; defaults build/ and bench-out/)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dagarray="${1:-build}/tools/dagarray"
out="${2:-bench-out}"
mkdir -p "$out"
machine="$(nproc)-core $(lscpu | sed -n 's/^Model name: *//p')"
echo "# $(date -u +%F) on $machine"
set -x
"$dagarray" bench pi --n 1e8 --chunk 1e6 --repeat 7 --peers --format json >"$out/pi.json"
"$dagarray" bench pi --n 1e8 --chunk 65536 --repeat 7 --modes lazy-unfused,lazy,handwritten \
  --format json >"$out/pi-65536.json"
"$dagarray" bench overhead --format json >"$out/overhead.json"
"$dagarray" bench overhead --tasks 1e6 --format json >"$out/overhead-1m.json"
"$dagarray" bench memory --n 1e9 --chunk 1e6 --format json >"$out/memory.json"
"$dagarray" bench observers --n 1e8 --chunk 1e6 --repeat 9 --format json >"$out/observers.json"
/usr/bin/python3 "$root/bench/plot_benchmarks.py" "$out/pi.json" -o "$out/benchmarks.png" \
  --title "pi by Monte Carlo, N = 1e8, chunk 1e6: ns per sample ($machine, $(date -u +%F))"
