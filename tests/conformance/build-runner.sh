#!/usr/bin/env bash
# Build Google's C++ protobuf conformance test runner (conformance_test_runner)
# from Debian's `protobuf` source package (3.21.12, matching bookworm's
# libprotobuf-dev) and cache the binary outside the repository.
#
# Usage:
#   RUNNER=$(tests/conformance/build-runner.sh)
#   "$RUNNER" --failure_list tests/conformance/failure_list.txt path/to/testee
#
# The absolute path of the runner binary is printed as the LAST line of stdout;
# all progress output goes to stderr. A second run with a working cached
# binary returns immediately without touching apt.
#
# Environment:
#   PROTOWIRE_CONFORMANCE_CACHE   cache dir (default: $HOME/.cache/protowire-conformance)
#   PROTOWIRE_CONFORMANCE_JOBS    parallel compile jobs (default: nproc, max 4)
#   PROTOWIRE_CONFORMANCE_KEEP_TMP=1   keep the temporary build dir (debugging)
#   PROTOWIRE_CONFORMANCE_REBUILD=1    ignore the cached binary and rebuild
#
# Requirements: Debian 12 (bookworm), root (or sudo), access to Debian mirrors.
set -euo pipefail

# Everything except the final path goes to stderr; fd 3 is the real stdout.
exec 3>&1 1>&2

readonly PROTOBUF_UPSTREAM_VERSION="3.21.12"
readonly PACKAGES=(protobuf-compiler libprotobuf-dev g++ dpkg-dev)

log() { printf 'build-runner: %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# --- cache location -----------------------------------------------------------
if [[ -z "${HOME:-}" ]]; then
  HOME="$(getent passwd "$(id -u)" | cut -d: -f6)"
fi
cache_root="${PROTOWIRE_CONFORMANCE_CACHE:-$HOME/.cache/protowire-conformance}"
[[ "$cache_root" == /* ]] || cache_root="$PWD/$cache_root"
cache_dir="$cache_root/protobuf-$PROTOBUF_UPSTREAM_VERSION"
runner="$cache_dir/conformance_test_runner"

runner_works() {
  [[ -x "$1" ]] || return 1
  local out
  # The runner has no --help; an unknown option prints usage and exits 1.
  out="$("$1" --help 2>&1 || true)"
  [[ "$out" == *"Usage: conformance-test-runner"* ]]
}

if [[ "${PROTOWIRE_CONFORMANCE_REBUILD:-0}" != 1 ]] && runner_works "$runner"; then
  log "using cached runner"
  printf '%s\n' "$runner" >&3
  exit 0
fi
if [[ -e "$runner" ]]; then
  log "cached runner at $runner is missing or broken; rebuilding"
fi

# --- privileges / apt helpers -------------------------------------------------
SUDO=()
if [[ "$(id -u)" -ne 0 ]]; then
  command -v sudo >/dev/null 2>&1 || die "need root (or sudo) to install packages / edit apt sources"
  SUDO=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive

apt_updated=0
apt_update() {
  log "apt-get update"
  "${SUDO[@]}" apt-get update -q
  apt_updated=1
}

# Enable deb-src for the existing deb822 sources (idempotent): only lines that
# are exactly "Types: deb" are rewritten to "Types: deb deb-src".
ensure_deb_src() {
  local changed=0 f
  shopt -s nullglob
  for f in /etc/apt/sources.list.d/*.sources; do
    if grep -qE '^Types:[[:space:]]*deb[[:space:]]*$' "$f"; then
      log "enabling deb-src in $f"
      "${SUDO[@]}" sed -i -E 's/^Types:[[:space:]]*deb[[:space:]]*$/Types: deb deb-src/' "$f"
      changed=1
    fi
  done
  shopt -u nullglob
  # Fallback for legacy one-line sources.list: mirror each "deb" line as
  # "deb-src" unless deb-src lines are already present.
  if [[ -f /etc/apt/sources.list ]] \
    && grep -qE '^[[:space:]]*deb[[:space:]]' /etc/apt/sources.list \
    && ! grep -qE '^[[:space:]]*deb-src[[:space:]]' /etc/apt/sources.list; then
    log "adding deb-src lines to /etc/apt/sources.list"
    sed -nE 's/^[[:space:]]*deb([[:space:]])/deb-src\1/p' /etc/apt/sources.list \
      | "${SUDO[@]}" tee -a /etc/apt/sources.list >/dev/null
    changed=1
  fi
  return $((1 - changed)) # 0 (true) if something changed
}

# --- packages -----------------------------------------------------------------
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if ((${#missing[@]})); then
  ensure_deb_src || true
  apt_update
  log "installing: ${missing[*]}"
  "${SUDO[@]}" apt-get install -y --no-install-recommends "${missing[@]}"
fi

libver="$(dpkg-query -W -f='${Version}' libprotobuf-dev)"
case "$libver" in
  "$PROTOBUF_UPSTREAM_VERSION"-*) ;;
  *) die "libprotobuf-dev is $libver, expected $PROTOBUF_UPSTREAM_VERSION-* (Debian 12 bookworm)" ;;
esac
protoc_ver="$(protoc --version)"
[[ "$protoc_ver" == *" $PROTOBUF_UPSTREAM_VERSION" ]] \
  || die "protoc reports '$protoc_ver', expected $PROTOBUF_UPSTREAM_VERSION"

# --- fetch source -------------------------------------------------------------
if ensure_deb_src && [[ $apt_updated == 0 ]]; then
  apt_update
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/protowire-conformance-build.XXXXXX")"
cleanup() {
  if [[ "${PROTOWIRE_CONFORMANCE_KEEP_TMP:-0}" == 1 ]]; then
    log "keeping build dir $work"
  else
    rm -rf "$work"
  fi
}
trap cleanup EXIT

fetch_source() {
  # Prefer the exact source version of the installed library.
  (cd "$work" && apt-get source -q --download-only "protobuf=$libver") \
    || (cd "$work" && apt-get source -q --download-only protobuf)
}
log "fetching source package protobuf ($libver)"
if ! fetch_source; then
  [[ $apt_updated == 1 ]] && die "apt-get source protobuf failed"
  apt_update
  fetch_source || die "apt-get source protobuf failed"
fi
dsc=("$work"/protobuf_"$PROTOBUF_UPSTREAM_VERSION"-*.dsc)
[[ -f "${dsc[0]}" ]] || die "no protobuf_$PROTOBUF_UPSTREAM_VERSION-*.dsc downloaded (got: $(ls "$work"))"
log "unpacking $(basename "${dsc[0]}")"
dpkg-source -q -x "${dsc[0]}" "$work/src" >/dev/null

top="$work/src"
conf="$top/conformance"
gen="$work/gen"
obj="$work/obj"
mkdir -p "$gen" "$obj"

for f in conformance.proto conformance_test.cc conformance_test_main.cc \
  conformance_test_runner.cc binary_json_conformance_suite.cc \
  text_format_conformance_suite.cc third_party/jsoncpp/jsoncpp.cpp \
  third_party/jsoncpp/json.h; do
  [[ -f "$conf/$f" ]] || die "expected $conf/$f in source tree"
done

# --- generate -----------------------------------------------------------------
log "protoc: generating C++"
protoc -I"$conf" --cpp_out="$gen" "$conf/conformance.proto"
protoc -I"$top/src" --cpp_out="$gen" \
  "$top/src/google/protobuf/test_messages_proto2.proto" \
  "$top/src/google/protobuf/test_messages_proto3.proto"

# --- compile ------------------------------------------------------------------
njobs="${PROTOWIRE_CONFORMANCE_JOBS:-$(nproc)}"
((njobs > 4)) && njobs=4
((njobs < 1)) && njobs=1

sources=(
  "$gen/conformance.pb.cc"
  "$gen/google/protobuf/test_messages_proto2.pb.cc"
  "$gen/google/protobuf/test_messages_proto3.pb.cc"
  "$conf/conformance_test.cc"
  "$conf/conformance_test_main.cc"
  "$conf/conformance_test_runner.cc"
  "$conf/binary_json_conformance_suite.cc"
  "$conf/text_format_conformance_suite.cc"
  "$conf/third_party/jsoncpp/jsoncpp.cpp"
)
# Generated code first so it wins over anything in the tree; the conformance
# dir for "third_party/jsoncpp/json.h"; src/ for remaining protobuf headers
# (identical to the installed libprotobuf-dev of the same version).
export CXX="${CXX:-g++}"
export CONF_CXXFLAGS="-O2 -std=c++14 -w -I$gen -I$conf -I$top/src"
export OBJ_DIR="$obj"
log "compiling ${#sources[@]} files with $CXX (-j$njobs)"
printf '%s\0' "${sources[@]}" | xargs -0 -n1 -P"$njobs" bash -c '
  set -euo pipefail
  src="$1"; o="$OBJ_DIR/$(basename "${src%.*}").o"
  echo "  CXX $(basename "$src")" >&2
  # shellcheck disable=SC2086
  $CXX $CONF_CXXFLAGS -c "$src" -o "$o"
' _ || die "compilation failed"

log "linking"
"$CXX" -o "$work/conformance_test_runner" "$obj"/*.o -lprotobuf -pthread

runner_works "$work/conformance_test_runner" || die "freshly built runner does not work"

# --- install into cache (atomically) ------------------------------------------
mkdir -p "$cache_dir"
tmp_bin="$cache_dir/.conformance_test_runner.$$"
install -m 0755 "$work/conformance_test_runner" "$tmp_bin"
mv -f "$tmp_bin" "$runner"
printf 'protobuf source %s (libprotobuf-dev %s)\n' \
  "$(basename "${dsc[0]}" .dsc | sed 's/^protobuf_//')" "$libver" >"$cache_dir/VERSION"

log "built $runner"
printf '%s\n' "$runner" >&3
