#!/usr/bin/env bash
# The main job: set up, build Release, and compare the π estimate done as a plain loop,
# eagerly, lazily on the oneTBB scheduler and lazily on the sync scheduler.
# Extra arguments go to `dagarray pi` (see `build/tools/dagarray pi --help`).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"

dagarray_install_packages
dagarray_build build -DDAGARRAY_BUILD_TESTS=OFF
"$DAGARRAY_ROOT/build/tools/dagarray" pi --n 1e8 --chunk 1e6 "$@"
