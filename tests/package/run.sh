#!/usr/bin/env bash
# The Debian packages, installed as a user installs them: cpack makes dagarray and dagarray-dev
# from a Release build folder, dpkg installs them into /usr, then the installed `dagarray info`,
# `dagarray pi`, the man page and a find_package(dagarray COMPONENTS dashboard) consumer run
# from there. The packages are removed at the end, pass or fail. Root only (dpkg).
#   bash tests/package/run.sh BUILD_DIR
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
build="$(cd "$1" && pwd)"
work="$(mktemp -d)"
cleanup() {
  dpkg -r dagarray-dev dagarray >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

(cd "$build" && cpack -G DEB -B "$work/debs" >/dev/null)
runtime=("$work"/debs/dagarray_*.deb)
dev=("$work"/debs/dagarray-dev_*.deb)
for deb in "${runtime[0]}" "${dev[0]}"; do
  echo "$(basename "$deb"): $(dpkg-deb -f "$deb" Depends)"
done
# dpkg, not apt: a dependency the packages forgot to declare, or declared wrongly, fails here.
dpkg -i "${runtime[0]}" "${dev[0]}" >/dev/null

/usr/bin/dagarray --version
/usr/bin/dagarray info
/usr/bin/dagarray pi --n 1e6 --modes eager,lazy --repeat 1 --no-progress
zcat /usr/share/man/man1/dagarray.1.gz | grep -q 'DAGARRAY_ISA' || {
  echo "the installed man page lacks its ENVIRONMENT section" >&2
  exit 1
}
# The consumer finds the package in /usr, as a user's project does: no prefix given.
cmake -S "$root/tests/install/dashboard" -B "$work/consumer" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$work/consumer" >/dev/null
"$work/consumer/consumer"
echo "packages: installed, run and removed"
