#!/usr/bin/env bash
# Runs the runtime's, the derive's and the integration tests under
# AddressSanitizer (and LeakSanitizer) on the stable toolchain, as the fuzz
# setup does: RUSTC_BOOTSTRAP=1 unlocks -Zsanitizer. Its own target
# directory, so the normal build is not invalidated.
#
# Usage: tests/asan.sh [extra cargo test arguments]
set -euo pipefail
cd "$(dirname "$0")/.."
host="$(rustc -vV | sed -n 's/^host: //p')"
export RUSTC_BOOTSTRAP=1
export RUSTFLAGS="-Zsanitizer=address"
export RUSTDOCFLAGS="-Zsanitizer=address"
export CARGO_TARGET_DIR="${PROTOWIRE_ASAN_TARGET:-$PWD/target/asan}"
# The trybuild UI test is skipped: it checks compiler messages, which
# RUSTC_BOOTSTRAP changes (proc-macro2 then joins spans across tokens).
cargo test -p protowire -p protowire-derive -p protowire-tests --target "$host" --lib --tests --no-fail-fast "$@" \
  -- --exact --skip ui
