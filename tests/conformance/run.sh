#!/usr/bin/env bash
# Runs Google's protobuf conformance suite (3.21.12) against protowire's
# testee (tests/src/bin/conformance-testee.rs).
#
# Builds (or reuses the cached) C++ runner with build-runner.sh, builds the
# testee in release mode, and runs both suites with the expected-failure
# lists in this directory. Exits non-zero on any unexpected failure, on any
# listed test that passes or does not exist, and on any failing Recommended
# test (--enforce_recommended).
#
# Usage: tests/conformance/run.sh [extra runner options, e.g. --verbose]
#
# The runner's report goes to stderr; its output files (failing_tests.txt,
# succeeding_tests.txt, ...) go to $PROTOWIRE_CONFORMANCE_OUT (default: a
# temporary directory that is removed afterwards).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"

runner="$("$here/build-runner.sh" | tail -n1)"
[[ -x "$runner" ]] || { echo "run.sh: build-runner.sh gave no runner ('$runner')" >&2; exit 1; }

echo "run.sh: building the testee" >&2
cargo build --release -p protowire-tests --bin conformance-testee >&2
target_dir="$(cargo metadata --format-version 1 --no-deps \
  | sed -nE 's/.*"target_directory":"([^"]*)".*/\1/p')"
testee="${target_dir:-$root/target}/release/conformance-testee"
[[ -x "$testee" ]] || { echo "run.sh: no testee at $testee" >&2; exit 1; }

if [[ -n "${PROTOWIRE_CONFORMANCE_OUT:-}" ]]; then
  out="$PROTOWIRE_CONFORMANCE_OUT"
  mkdir -p "$out"
else
  out="$(mktemp -d "${TMPDIR:-/tmp}/protowire-conformance-run.XXXXXX")"
  trap 'rm -rf "$out"' EXIT
fi

log="$out/runner.log"
echo "run.sh: $runner $testee" >&2
set +e
"$runner" \
  --enforce_recommended \
  --failure_list "$here/failing_tests.txt" \
  --text_format_failure_list "$here/text_format_failing_tests.txt" \
  --output_dir "$out" \
  "$@" \
  "$testee" 2> >(tee "$log" >&2)
status=$?
set -e
wait # for tee

echo "--- conformance summary" >&2
grep -E '^CONFORMANCE SUITE' "$log" >&2 || true
suites="$(grep -cE '^CONFORMANCE SUITE PASSED' "$log" || true)"
if [[ $status -ne 0 || "$suites" != 2 ]]; then
  echo "run.sh: conformance suite FAILED (runner exit status $status, $suites of 2 suites passed)" >&2
  exit 1
fi
echo "run.sh: conformance suite passed" >&2
