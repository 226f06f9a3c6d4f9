#!/usr/bin/env bash
# The figures in docs/benchmarks.md: `dagarray pi` at N = 1e8 with chunks of 1e6 and of 65,536
# (each mode in its own process, median of 7 runs), and the lazy run at N = 1e9 for peak memory.
# Usage: bench/pi.sh [build-dir]   (a Release build; default build/)
set -euo pipefail
dagarray="${1:-build}/tools/dagarray"
echo "# $(date -u +%F) on $(nproc) cores: $(lscpu | sed -n 's/^Model name: *//p')"
set -x
"$dagarray" pi --n 1e8 --chunk 1e6 --repeat 7 --modes loop,eager,lazy,sync,handwritten
"$dagarray" pi --n 1e8 --chunk 65536 --repeat 7 --modes lazy,sync,handwritten
"$dagarray" pi --n 1e9 --chunk 1e6 --repeat 3 --modes lazy,sync,handwritten
