#!/usr/bin/env bash
# Builds and runs every test: the unit tests under AddressSanitizer + UndefinedBehaviorSanitizer,
# the scheduler and observer tests under ThreadSanitizer, each fuzz target for 30 s (libFuzzer,
# clang 14), then the whole Release suite (unit tests, CLI, examples, and the viewer and
# dashboard in Debian's headless Chromium), with the Debian packages installed and tried.
# ThreadSanitizer runs against a oneTBB built for it from Debian's source package: Debian's
# libtbb is not, and TSan then reports false races in every task. The sanitizer builds leave
# the viewer out: it is JavaScript, which they cannot check, and its browser tests run once,
# in Release. Warnings are errors in every build here (DAGARRAY_WERROR), as they are not for users.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"

# chromium for the viewer's browser tests; graphviz's dot checks the DOT export; Debian's
# python3 and the peers' packages for `dagarray bench pi --peers`; Open MPI for dagarray::mpi's
# tests under mpirun (loopback only).
dagarray_install_packages dpkg-dev chromium graphviz python3 python3-numpy python3-dask \
  python3-numba libopenmpi-dev openmpi-bin libhdf5-dev python3-h5py clang-14 libclang-rt-14-dev
cd "$DAGARRAY_ROOT"

echo "== AddressSanitizer + UndefinedBehaviorSanitizer"
dagarray_build build-asan -DCMAKE_BUILD_TYPE=Debug -DDAGARRAY_SANITIZE=address,undefined \
  -DDAGARRAY_BUILD_EXAMPLES=OFF -DDAGARRAY_BUILD_VIEWER=OFF -DDAGARRAY_WERROR=ON
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
  ctest --test-dir build-asan --output-on-failure -j "$DAGARRAY_JOBS"

echo "== ThreadSanitizer (scheduler, observers)"
bash .ci/build-tsan-tbb.sh "$DAGARRAY_ROOT/build-tsan/tbb"
cmake -S . -B build-tsan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DDAGARRAY_SANITIZE=thread \
  -DCMAKE_PREFIX_PATH="$DAGARRAY_ROOT/build-tsan/tbb" -DDAGARRAY_BUILD_EXAMPLES=OFF \
  -DDAGARRAY_BUILD_TOOLS=OFF -DDAGARRAY_WERROR=ON >/dev/null
cmake --build build-tsan -j "$DAGARRAY_JOBS" --target dagarray_scheduler_tests
TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1 build-tsan/tests/dagarray_scheduler_tests

echo "== Fuzzing (libFuzzer, ASan+UBSan, 30 s per target)"
bash fuzz/run.sh 30

echo "== Release"
dagarray_build build -DDAGARRAY_WERROR=ON

echo "== Debian packages (cpack, dpkg -i, the installed tool and a consumer, dpkg -r)"
bash tests/package/run.sh build

# Last, so that its summary is the closing line.
ctest --test-dir build --output-on-failure -j "$DAGARRAY_JOBS"
