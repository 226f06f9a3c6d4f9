#!/usr/bin/env bash
# Build oneTBB (Debian's own onetbb source package) with ThreadSanitizer and
# install it into PREFIX, for the TSan CI job.
#
# Usage: .ci/build-tsan-tbb.sh PREFIX
#
# Consumers: cmake -DCMAKE_PREFIX_PATH=PREFIX ... (or -DTBB_DIR=<dir printed>),
# and the TSan binaries must load PREFIX's libtbb at run time (rpath or
# LD_LIBRARY_PATH), not the system /usr/lib/x86_64-linux-gnu/libtbb.so.12.
#
# The machine's apt configuration is not modified: a private deb-src sources
# file, lists dir and cache are used for `apt-get update` / `apt-get source`.
set -euo pipefail

if [[ $# -ne 1 || -z "$1" ]]; then
    echo "usage: $0 INSTALL_PREFIX" >&2
    exit 2
fi

mkdir -p "$1"
PREFIX="$(cd "$1" && pwd)"

find_config() {
    find "$PREFIX" -path '*/cmake/TBB/TBBConfig.cmake' -print -quit 2>/dev/null || true
}

cfg="$(find_config)"
if [[ -n "$cfg" ]]; then
    echo "build-tsan-tbb: cached, found $cfg"
    echo "TBB_DIR=$(dirname "$cfg")"
    exit 0
fi

JOBS="${JOBS:-2}"
WORK="$(mktemp -d "$(dirname "$PREFIX")/.tsan-tbb-build.XXXXXX")"
cleanup() { rm -rf "$WORK"; }
trap cleanup EXIT

if ! command -v dpkg-source >/dev/null 2>&1; then
    apt-get install -y --no-install-recommends dpkg-dev
fi

# --- Private apt configuration (deb-src mirror of the machine's sources) ----
APTDIR="$WORK/apt"
mkdir -p "$APTDIR/sources.list.d" "$APTDIR/lists/partial" \
         "$APTDIR/cache/archives/partial"
: > "$APTDIR/sources.list"

src_files=()
[[ -f /etc/apt/sources.list ]] && src_files+=(/etc/apt/sources.list)
for f in /etc/apt/sources.list.d/*.sources /etc/apt/sources.list.d/*.list; do
    [[ -f "$f" ]] && src_files+=("$f")
done

n=0
for f in "${src_files[@]}"; do
    case "$f" in
        *.sources)
            # deb822: turn every stanza into a deb-src stanza.
            sed -E 's/^Types:.*/Types: deb-src/' "$f" \
                > "$APTDIR/sources.list.d/src$n.sources"
            ;;
        *)
            # one-line format: deb ... -> deb-src ...
            sed -nE 's/^[[:space:]]*deb([[:space:]])/deb-src\1/p' "$f" \
                > "$APTDIR/sources.list.d/src$n.list"
            ;;
    esac
    n=$((n + 1))
done
if [[ $n -eq 0 ]]; then
    # Fallback for a machine with no readable sources: stock Debian 12.
    cat > "$APTDIR/sources.list.d/src0.sources" <<'EOF'
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb-src
URIs: http://deb.debian.org/debian-security
Suites: bookworm-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
fi

APT_OPTS=(
    -o "Dir::Etc::SourceList=$APTDIR/sources.list"
    -o "Dir::Etc::SourceParts=$APTDIR/sources.list.d"
    -o "Dir::State::Lists=$APTDIR/lists"
    -o "Dir::Cache=$APTDIR/cache"
    -o "Dir::Cache::pkgcache="
    -o "Dir::Cache::srcpkgcache="
    -o "APT::Sandbox::User=root"
    -o "Acquire::Languages=none"
    -o "Acquire::IndexTargets::deb::Contents-deb::DefaultEnabled=false"
    -o "Acquire::IndexTargets::deb::DEP-11::DefaultEnabled=false"
)

echo "build-tsan-tbb: apt-get update (private deb-src lists in $APTDIR)"
apt-get "${APT_OPTS[@]}" -q update

# --- Fetch source, matching the installed libtbb-dev if possible -------------
want="$(dpkg-query -W -f='${Version}' libtbb-dev 2>/dev/null || true)"
want="${want:-2021.8.0-2+deb12u1}"

mkdir -p "$WORK/src"
cd "$WORK/src"
if ! apt-get "${APT_OPTS[@]}" -q source --download-only "onetbb=$want"; then
    echo "build-tsan-tbb: WARNING: onetbb=$want not available, taking default" >&2
    apt-get "${APT_OPTS[@]}" -q source --download-only onetbb
fi

dsc="$(ls -1 "$WORK"/src/onetbb_*.dsc | head -n1)"
got="$(sed -nE 's/^Version:[[:space:]]*//p' "$dsc" | head -n1)"
echo "build-tsan-tbb: onetbb source version $got (installed libtbb-dev: $want)"

# apt already verified the files against the signed Release/Sources indices.
dpkg-source --no-check -x "$dsc" "$WORK/src/onetbb"

# --- Configure / build / install --------------------------------------------
cmake -S "$WORK/src/onetbb" -B "$WORK/build" \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_INSTALL_PREFIX="$PREFIX" \
    -DCMAKE_INSTALL_LIBDIR=lib \
    -DCMAKE_CXX_FLAGS=-Wno-tsan \
    -DTBB_SANITIZE=thread \
    -DTBB_STRICT=OFF \
    -DTBB_TEST=OFF \
    -DTBB_EXAMPLES=OFF \
    -DTBB_DOC_EXAMPLES=OFF \
    -DTBBMALLOC_BUILD=OFF \
    -DTBB_ENABLE_IPO=OFF
cmake --build "$WORK/build" -j"$JOBS"
cmake --install "$WORK/build"

cfg="$(find_config)"
if [[ -z "$cfg" ]]; then
    echo "build-tsan-tbb: ERROR: TBBConfig.cmake not found under $PREFIX" >&2
    exit 1
fi
echo "build-tsan-tbb: installed onetbb $got (TSan) to $PREFIX"
echo "build-tsan-tbb: TBBConfig.cmake at $cfg"
echo "TBB_DIR=$(dirname "$cfg")"
echo "Use: cmake -DCMAKE_PREFIX_PATH=$PREFIX (or -DTBB_DIR=$(dirname "$cfg")),"
echo "     and run TSan binaries with $PREFIX/lib in RPATH or LD_LIBRARY_PATH."
