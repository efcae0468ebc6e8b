#!/usr/bin/env bash
# Build Google's conformance test runner from protobuf 27.2 (the sources the
# `protobuf-src` crate 2.1.1 ships; the suite with editions tests) and cache
# the binary outside the repository, keyed by version.
#
# Usage:
#   RUNNER=$(tests/conformance/build-runner-v27.sh | tail -n1)
#
# The runner's path is the LAST line of stdout; progress goes to stderr. A run
# with a working cached binary returns at once. The first build compiles
# protobuf, protoc and abseil with cmake + ninja: about 20 minutes on 2 cores.
#
# Environment:
#   PROTOWIRE_CONFORMANCE_CACHE   cache dir (default: $HOME/.cache/protowire-conformance)
#   PROTOWIRE_CONFORMANCE_JOBS    parallel compile jobs (default: nproc)
#   PROTOWIRE_CONFORMANCE_REBUILD=1    ignore the cached binary and rebuild
#
# Requirements: Debian 12 or later; root (or sudo) if cmake, ninja-build,
# g++ or libjsoncpp-dev are missing; cargo.
set -euo pipefail
exec 3>&1 1>&2

readonly VERSION="27.2"
readonly CRATE="protobuf-src-2.1.1+27.1"
readonly PACKAGES=(cmake ninja-build g++ libjsoncpp-dev)

log() { printf 'build-runner-v27: %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

here="$(cd "$(dirname "$0")" && pwd)"
if [[ -z "${HOME:-}" ]]; then
  HOME="$(getent passwd "$(id -u)" | cut -d: -f6)"
fi
cache_root="${PROTOWIRE_CONFORMANCE_CACHE:-$HOME/.cache/protowire-conformance}"
[[ "$cache_root" == /* ]] || cache_root="$PWD/$cache_root"
cache_dir="$cache_root/protobuf-$VERSION"
runner="$cache_dir/conformance_test_runner"

runner_works() {
  [[ -x "$1" ]] || return 1
  local out
  out="$("$1" --help 2>&1 || true)"
  [[ "$out" == *"--maximum_edition"* ]]
}

if [[ "${PROTOWIRE_CONFORMANCE_REBUILD:-0}" != 1 ]] && runner_works "$runner"; then
  log "using cached runner"
  printf '%s\n' "$runner" >&3
  exit 0
fi

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if ((${#missing[@]})); then
  SUDO=()
  if [[ "$(id -u)" -ne 0 ]]; then
    command -v sudo >/dev/null 2>&1 || die "need root (or sudo) to install ${missing[*]}"
    SUDO=(sudo)
  fi
  log "installing: ${missing[*]}"
  "${SUDO[@]}" apt-get update -q
  DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# --- sources: the protobuf-src crate, through cargo ---------------------------
log "fetching $CRATE"
cargo fetch --quiet --manifest-path "$here/protobuf-src/Cargo.toml"
cargo_home="${CARGO_HOME:-$HOME/.cargo}"
crate_file="$(find "$cargo_home/registry/cache" -name "$CRATE.crate" -print -quit)"
[[ -f "$crate_file" ]] || die "cargo fetch did not leave $CRATE.crate under $cargo_home/registry/cache"

work="$(mktemp -d "${TMPDIR:-/tmp}/protowire-conformance-v27.XXXXXX")"
trap 'rm -rf "$work"' EXIT
tar -xzf "$crate_file" -C "$work"
src="$work/$CRATE/protobuf"
grep -q "\"protoc_version\": \"$VERSION\"" "$src/version.json" \
  || die "$CRATE does not ship protobuf $VERSION (see $src/version.json)"

# --- build --------------------------------------------------------------------
jobs="${PROTOWIRE_CONFORMANCE_JOBS:-$(nproc)}"
log "configuring (cmake)"
cmake -S "$src" -B "$work/build" -G Ninja \
  -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_CXX_FLAGS="-w -I/usr/include/jsoncpp" \
  -DCMAKE_C_FLAGS="-w" \
  -Dprotobuf_BUILD_TESTS=OFF \
  -Dprotobuf_BUILD_CONFORMANCE=ON \
  -Dprotobuf_BUILD_LIBUPB=OFF \
  -Dprotobuf_INSTALL=OFF \
  -Dprotobuf_WITH_ZLIB=OFF \
  -Dprotobuf_JSONCPP_PROVIDER=package \
  -Dprotobuf_ABSL_PROVIDER=module >"$work/cmake.log" 2>&1 \
  || { tail -n 40 "$work/cmake.log"; die "cmake failed"; }
log "building conformance_test_runner (-j$jobs; long the first time)"
ninja -C "$work/build" -j "$jobs" conformance_test_runner >"$work/ninja.log" 2>&1 \
  || { tail -n 60 "$work/ninja.log"; die "build failed"; }

built="$(find "$work/build" -name conformance_test_runner -type f -perm -u+x -print -quit)"
runner_works "$built" || die "freshly built runner does not work"

mkdir -p "$cache_dir"
install -m 0755 "$built" "$cache_dir/.conformance_test_runner.$$"
mv -f "$cache_dir/.conformance_test_runner.$$" "$runner"
printf 'protobuf %s from the crate %s\n' "$VERSION" "$CRATE" >"$cache_dir/VERSION"
log "built $runner"
printf '%s\n' "$runner" >&3
