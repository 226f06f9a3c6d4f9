#!/usr/bin/env bash
# For development: builds the libraries and ONE test file (with Catch2's runner) and runs it,
# without compiling the rest of the suite. Extra arguments go to the test program (Catch2's
# test-name patterns and options).
#
#   bash scripts/test-one.sh tests/test_reductions.cpp            # every case in the file
#   BUILD=build-mine bash scripts/test-one.sh tests/test_x.cpp "[tag]"
#
# BUILD (default build-dev) is its own build folder, so several people can use it at once;
# OPT (default -O1) is the test file's optimisation level.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
test_file="$(realpath "$1")"
shift
build="$root/${BUILD:-build-dev}"
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DDAGARRAY_BUILD_TESTS=OFF \
  -DDAGARRAY_BUILD_TOOLS=OFF -DDAGARRAY_BUILD_EXAMPLES=OFF >/dev/null
cmake --build "$build" --target dagarray -j "${DAGARRAY_JOBS:-2}" >/dev/null
flags=(-std=c++20 "${OPT:--O1}" -g -Wall -Wextra -Wshadow -Werror -march=native
  -I"$root/core/include" -I"$root/scheduler/include" -I"$root/array/include" -I"$root/tests"
  -DDAGARRAY_SOURCE_DIR="\"$root\"")
main="$build/catch_main.o"
[[ -f "$main" ]] || g++ -std=c++20 -O1 -c "$root/tests/main.cpp" -o "$main"
exe="$build/$(basename "$test_file" .cpp)"
g++ "${flags[@]}" "$test_file" "$main" -o "$exe" "$build/libdagarray.a" \
  "$build/libdagarray_scheduler.a" "$build/libdagarray_core.a" -ltbb -ltbbmalloc -pthread
"$exe" "$@"
