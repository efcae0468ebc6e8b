#!/usr/bin/env bash
# Runs Google's protobuf conformance suites against protowire's testee
# (tests/src/bin/conformance-testee.rs): the 3.21.12 runner, then the 27.2
# runner with `--maximum_edition 2023` (editions tests included); then both
# again with PROTOWIRE_TESTEE_DYNAMIC=1, the testee answering through
# DynamicMessage only, against the same expected-failure lists.
#
# Builds (or reuses the cached) C++ runners with build-runner.sh and
# build-runner-v27.sh, builds the testee in release mode, and runs each
# runner's binary/JSON and text-format suites with the expected-failure lists
# in this directory (`*_v27.txt` for 27.2). Exits non-zero on any unexpected
# failure, on any listed test that passes or does not exist, and on any
# failing Recommended test (--enforce_recommended).
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
runner_v27="$("$here/build-runner-v27.sh" | tail -n1)"
[[ -x "$runner_v27" ]] || { echo "run.sh: build-runner-v27.sh gave no runner ('$runner_v27')" >&2; exit 1; }

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

# run NAME RUNNER FAILURE_LIST TEXT_FAILURE_LIST [runner options]: one
# runner's two suites; both must pass.
run() {
  local name="$1" runner="$2" failures="$3" text_failures="$4"
  shift 4
  local dir="$out/$name" status suites
  mkdir -p "$dir"
  echo "run.sh: $name: $runner $testee" >&2
  set +e
  "$runner" \
    --enforce_recommended \
    --failure_list "$here/$failures" \
    --text_format_failure_list "$here/$text_failures" \
    --output_dir "$dir" \
    "$@" \
    "$testee" 2> >(tee "$dir/runner.log" >&2)
  status=$?
  set -e
  wait # for tee
  echo "--- conformance summary ($name)" >&2
  grep -E '^CONFORMANCE SUITE' "$dir/runner.log" >&2 || true
  suites="$(grep -cE '^CONFORMANCE SUITE PASSED' "$dir/runner.log" || true)"
  if [[ $status -ne 0 || "$suites" != 2 ]]; then
    echo "run.sh: $name conformance suite FAILED (runner exit status $status, $suites of 2 suites passed)" >&2
    return 1
  fi
}

failed=0
for mode in generated dynamic; do
  if [[ $mode == dynamic ]]; then export PROTOWIRE_TESTEE_DYNAMIC=1; fi
  run "protobuf-3.21.12-$mode" "$runner" failing_tests.txt text_format_failing_tests.txt "$@" || failed=1
  run "protobuf-27.2-$mode" "$runner_v27" failing_tests_v27.txt text_format_failing_tests_v27.txt \
    --maximum_edition 2023 "$@" || failed=1
done
if [[ $failed -ne 0 ]]; then
  exit 1
fi
echo "run.sh: conformance suites passed" >&2
