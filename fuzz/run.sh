#!/usr/bin/env bash
# Builds the libFuzzer targets with clang 14 under AddressSanitizer + UndefinedBehaviorSanitizer
# (in build-fuzz/) and runs each for SECONDS seconds (default 30) from its seed corpus in
# fuzz/corpus/<target>/, new inputs going to a scratch folder. A crash, a leak, an input that
# runs over 10 s or a failed check (abort) fails the run, and the input that did it is kept in
# build-fuzz/artifacts/ for a regression test. Each target's last line gives its executions,
# executions per second and coverage. With FUZZ_KEEP=1 the inputs a run found that reach new
# coverage are merged into the seed corpus (libFuzzer's -merge=1 keeps only those), so that the
# corpus in the repository, and with it CI's short runs, start where the longest run got to.
#   [FUZZ_KEEP=1] bash fuzz/run.sh [SECONDS] [TARGET...]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
seconds="${1:-30}"
shift || true
targets=("$@")
((${#targets[@]})) || targets=(graph_json npy_header integer_option request_checks server_exchange)

cmake -S "$root" -B "$root/build-fuzz" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_COMPILER=clang++-14 -DCMAKE_C_COMPILER=clang-14 -DDAGARRAY_FUZZ=ON \
  -DDAGARRAY_SANITIZE=address,undefined -DDAGARRAY_BUILD_TESTS=OFF \
  -DDAGARRAY_BUILD_EXAMPLES=OFF -DDAGARRAY_BUILD_TOOLS=OFF -DDAGARRAY_BUILD_VIEWER=OFF \
  -DDAGARRAY_WITH_MPI=OFF -DDAGARRAY_WITH_HDF5=OFF -DDAGARRAY_WERROR=ON >/dev/null
cmake --build "$root/build-fuzz" -j "${DAGARRAY_JOBS:-$(nproc)}" \
  --target "${targets[@]/#/fuzz_}"

mkdir -p "$root/build-fuzz/artifacts"
for target in "${targets[@]}"; do
  scratch="$(mktemp -d)"
  echo "== fuzz_$target, ${seconds} s"
  # halt_on_error: UBSan's reports end the run like ASan's, so they are found, not just printed.
  UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 ASAN_OPTIONS=detect_leaks=1 \
    "$root/build-fuzz/fuzz/fuzz_$target" -max_total_time="$seconds" -timeout=10 \
    -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$root/build-fuzz/artifacts/$target-" \
    "$scratch" "$root/fuzz/corpus/$target" 2>"$scratch.log" || {
    tail -n 60 "$scratch.log"
    echo "fuzz_$target failed; the input is in build-fuzz/artifacts/"
    exit 1
  }
  grep -E "^stat::(number_of_executed_units|average_exec_per_sec|peak_rss_mb)" "$scratch.log"
  grep -E "cov: [0-9]+" "$scratch.log" | tail -n 1
  if [[ "${FUZZ_KEEP:-0}" == 1 ]]; then
    before=$(ls "$root/fuzz/corpus/$target" | wc -l)
    "$root/build-fuzz/fuzz/fuzz_$target" -merge=1 -timeout=10 -rss_limit_mb=2048 \
      "$root/fuzz/corpus/$target" "$scratch" 2>/dev/null
    echo "corpus: $before -> $(ls "$root/fuzz/corpus/$target" | wc -l) inputs"
  fi
  rm -rf "$scratch" "$scratch.log"
done
