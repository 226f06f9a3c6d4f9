#!/usr/bin/env bash
# rng_quality.sh - run the dieharder battery on dagarray's counter-based random generator.
#
# Builds bench/rng_stream.cpp (a small program that writes one of the library's random streams
# to stdout as raw little-endian words; by default random_bits(stream_key(seed), i) for
# i = 0, 1, 2, ... as 64-bit words) with g++ -O2 -std=c++20 into a temporary directory, and
# pipes its output into dieharder's raw-stdin generator (`dieharder -g 200`), which reads the
# stream as 32-bit words.
#
# Usage: bench/rng_quality.sh [--quick | -d "TESTS"] [--resolve] [-m MODE] [-s SEED] [-o FILE]
#   (default)   `dieharder -g 200 -a`: the whole standard battery (114 result lines). It
#               uses one core (dieharder is single-threaded; rng_stream needs a few percent of
#               another) and took 23 minutes on a 2-core x86-64 machine (docs/random.md).
#   --quick     the subset listed in QUICK_TESTS below, one dieharder run per test: about
#               70 seconds on the same machine. A smoke test after touching the generator,
#               not a substitute for the full run.
#   -d "TESTS"  like --quick, but with these dieharder test numbers (quoted, one argument),
#               e.g. -d "205 207": for re-running the tests a run reported WEAK.
#   --resolve   add `-Y 1`: dieharder re-runs any test that lands in the WEAK band with more
#               p-value samples until it clearly passes or fails (adds time only when a
#               test comes out WEAK).
#   -m MODE     the stream to test, as rng_stream's MODE (default bits): bits, far, seeds,
#               normal, or "integers LO HI" (quoted, one argument). See bench/rng_stream.cpp.
#   -s SEED     seed passed to rng_stream (default 42).
#   -o FILE     write the report to FILE (default: stdout). The report is dieharder's own
#               output preceded by a few '#' lines saying how it was produced.
#
# Requires: g++ with C++20, dieharder (Debian/Ubuntu: apt-get install -y dieharder).
set -euo pipefail

# The --quick subset: everything in the -a battery except the tests that dominate its run time
# (17 GCD, 200 RGB bit distribution, 201 RGB minimum distance, 203 RGB lagged sums) and
# Diehard's OPSO/OQSO/DNA/sums (5, 6, 7, 14), which dieharder itself rates Suspect or Do Not Use.
#   Diehard: 0 birthdays, 1 OPERM5, 2 32x32 rank, 3 6x8 rank, 4 bitstream, 8/9 count-the-1s
#            (stream/byte), 10 parking lot, 11/12 minimum distance (2d/3d), 13 squeeze,
#            15 runs, 16 craps;
#   STS:     100 monobit, 101 runs, 102 serial;
#   RGB/DAB: 202 permutations, 204 KS test, 205 byte distribution, 206 DCT,
#            207/208 fill tree, 209 monobit 2.
QUICK_TESTS=(0 1 2 3 4 8 9 10 11 12 13 15 16 100 101 102 202 204 205 206 207 208 209)

usage() { awk 'NR == 1 { next } /^#/ { sub(/^# ?/, ""); print; next } { exit }' "$0"; }

quick=0
resolve=0
seed=42
mode=bits
out=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --quick) quick=1 ;;
    -d) quick=1; read -r -a QUICK_TESTS <<<"${2:?-d needs test numbers}"; shift ;;
    --resolve) resolve=1 ;;
    -m) mode="${2:?-m needs a mode}"; shift ;;
    -s) seed="${2:?-s needs a seed}"; shift ;;
    -o) out="${2:?-o needs a file name}"; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "rng_quality.sh: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
  esac
  shift
done

command -v dieharder >/dev/null || { echo "dieharder not found (apt-get install -y dieharder)" >&2; exit 1; }

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

"${CXX:-g++}" -O2 -std=c++20 -I"$root/array/include" -I"$root/core/include" \
  "$root/bench/rng_stream.cpp" -o "$tmp/rng_stream"

extra=()
if [[ $resolve -eq 1 ]]; then extra+=(-Y 1); fi

# One dieharder run on a fresh stream (always starting at index 0).
# shellcheck disable=SC2086  # $mode is deliberately split: "integers LO HI" is three words.
dh() { "$tmp/rng_stream" $mode "$seed" | stdbuf -oL dieharder -g 200 "$@"; }

runall() {
  local started t0=$SECONDS args d
  started="$(date -u '+%Y-%m-%d %H:%M:%S UTC')"
  if [[ $quick -eq 1 ]]; then args="-d {${QUICK_TESTS[*]}}"; else args="-a"; fi
  if [[ $resolve -eq 1 ]]; then args+=" -Y 1"; fi
  if [[ $mode == bits ]]; then
    echo "# dagarray counter_rng: random_bits(stream_key($seed), i) for i = 0, 1, 2, ..."
  else
    echo "# dagarray counter_rng: rng_stream's '$mode' stream, seed $seed (see bench/rng_stream.cpp)"
  fi
  echo "# command: rng_stream $mode $seed | dieharder -g 200 $args"
  echo "# host: $(uname -srm), $(nproc) cores; started $started"
  if [[ $quick -eq 1 ]]; then
    # dieharder takes one -d per run: run each test on its own stream, keep the first header.
    dh -d "${QUICK_TESTS[0]}" "${extra[@]}"
    for d in "${QUICK_TESTS[@]:1}"; do
      dh -d "$d" "${extra[@]}" \
        | grep -v -e '^#' -e '^ *test_name *|' -e '^ *rng_name *|' -e '^stdin_input_raw|'
    done
  else
    dh -a "${extra[@]}"
  fi
  echo "# finished $(date -u '+%Y-%m-%d %H:%M:%S UTC'), wall time $(( SECONDS - t0 )) s"
}

if [[ -n "$out" ]]; then
  runall >"$out"
else
  runall
fi
