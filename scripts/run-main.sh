#!/usr/bin/env bash
# The main job: set up, build Release, and compare every way of estimating π: a plain loop,
# eager arrays, the lazy graph as built and fused (one thread and oneTBB), a hand-written
# fused loop, and the lesson's Python peers (NumPy, Dask, Numba) at the same N and chunking.
# Extra arguments go to `dagarray bench pi` (see `build/tools/dagarray bench pi --help`).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"

# Debian's python3 with the peers' packages, for --peers.
dagarray_install_packages python3 python3-numpy python3-dask python3-numba
dagarray_build build -DDAGARRAY_BUILD_TESTS=OFF
"$DAGARRAY_ROOT/build/tools/dagarray" bench pi --n 1e8 --chunk 1e6 --peers "$@"
