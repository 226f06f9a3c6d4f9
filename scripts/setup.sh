#!/usr/bin/env bash
# Installs what dagarray needs from Debian's packages (only what is missing) and builds the
# Release configuration in build/. Sourced by run-main.sh and run-tests.sh. Node.js and npm
# bundle the browser graph viewer (the build runs `npm ci` in viewer/ for its npm packages);
# any node and npm already on PATH will do, else Debian's are installed.
set -euo pipefail

DAGARRAY_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DAGARRAY_JOBS="${DAGARRAY_JOBS:-$(nproc)}"

dagarray_install_packages() {
  local wanted=(g++ cmake make libtbb-dev libboost-dev nlohmann-json3-dev catch2 libcli11-dev
    libopenblas-dev help2man "$@")
  command -v node >/dev/null || wanted+=(nodejs)
  command -v npm >/dev/null || wanted+=(npm)
  local missing=()
  for package in "${wanted[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" ||
      missing+=("$package")
  done
  if ((${#missing[@]})); then
    echo "setup: installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

# dagarray_build DIR [cmake options...]: configure and build one build folder.
dagarray_build() {
  local dir="$1"
  shift
  cmake -S "$DAGARRAY_ROOT" -B "$DAGARRAY_ROOT/$dir" -DCMAKE_BUILD_TYPE=Release "$@" >/dev/null
  cmake --build "$DAGARRAY_ROOT/$dir" -j "$DAGARRAY_JOBS"
}
