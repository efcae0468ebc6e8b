#!/usr/bin/env bash
# Compile-time gate: how long rustc takes on code generated from a corpus of
# .proto files, protowire-codegen vs prost-build 0.14.
#
#   benches/compile-time/measure.sh CORPUS_DIR [RUNS]
#
# CORPUS_DIR is an include root holding the .proto files (imports resolve
# against it; google/protobuf/* come from each generator's well-known types
# and are never generated). Every other .proto under it is compiled.
#
# Two small crates are generated in a temporary directory (nothing is written
# into the repository): one with protowire-codegen (path dependencies on this
# checkout), one with prost-build, prost and prost-types 0.14. Each gets its
# own target directory. After a first full build, each is rebuilt RUNS times
# (default 3) after `touch src/lib.rs`, interleaved protowire, prost,
# protowire, ... so machine load falls on both alike; then the same with
# `cargo check`.
#
# prost's encode and decode are generic over the buffer, so a crate of prost
# types compiles little of them: the crates that call them do. protowire's
# table-driven code is compiled where the types are. So each crate also has a
# feature `use-all` adding one function that decodes and re-encodes every
# message of the corpus (as a program using them all would), timed the same
# way (`cargo build --release --features use-all`).
#
# Then, for each crate, a program running `use_all` on stdin is built with
# fat LTO, and its `.text` over that of a program that only reads stdin is
# the code a program using every message of the corpus pays for.
#
# Prints a markdown table of medians. Needs `protoc` (for prost-build;
# PROTOC or the PATH), binutils' `size` and the crate registry, nothing else.
set -euo pipefail

if [[ $# -lt 1 || $# -gt 2 ]]; then
    echo "usage: $0 CORPUS_DIR [RUNS]" >&2
    exit 2
fi
corpus=$(cd "$1" && pwd)
runs=${2:-3}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
protoc_bin=${PROTOC:-$(command -v protoc || true)}
if [[ -z "$protoc_bin" ]]; then
    echo "protoc not found (set PROTOC): prost-build needs it" >&2
    exit 1
fi
work=$(mktemp -d -t pw-compile-time.XXXXXX)
if [[ -z "${KEEP:-}" ]]; then
    trap 'rm -rf "$work"' EXIT
else
    echo "keeping $work" >&2
fi

# --- the corpus -------------------------------------------------------------
(cd "$corpus" && find . -name '*.proto' ! -path './google/protobuf/*' | sed 's|^\./||' | LC_ALL=C sort) >"$work/files"
nfiles=$(wc -l <"$work/files")
if [[ $nfiles -eq 0 ]]; then
    echo "no .proto files under $corpus" >&2
    exit 1
fi
# One package per file (`package a.b;`), "_" for none.
while read -r f; do
    p=$(sed -n 's/^[[:space:]]*package[[:space:]]\{1,\}\([A-Za-z0-9_.]*\)[[:space:]]*;.*/\1/p' "$corpus/$f" | head -n1)
    echo "${p:-_}"
done <"$work/files" | LC_ALL=C sort -u >"$work/packages"
npackages=$(wc -l <"$work/packages")

# Files list as a Rust array of string literals.
files_rs=$(sed 's/.*/        "&",/' "$work/files")

# lib.rs: one module per package segment, nested (C-locale order puts `a.b`
# right before `a.b.c`), each including its package's generated file.
# Package segments are assumed snake_case already (as in Google's protos);
# keywords are escaped as both generators escape them.
module_tree() { # $1 = pw | prost
    awk -v mode="$1" '
    function ident(s) {
        if (s ~ /^(abstract|as|async|await|become|box|break|const|continue|do|dyn|else|enum|extern|false|final|fn|for|gen|if|impl|in|let|loop|macro|match|mod|move|mut|override|priv|pub|ref|return|static|struct|trait|true|try|type|typeof|unsafe|unsized|use|virtual|where|while|yield)$/) return "r#" s
        if (s ~ /^(self|Self|super|crate)$/) return s "_"
        return s
    }
    function pad(n,   s) { s = ""; while (n-- > 0) s = s "    "; return s }
    function include(p) {
        if (mode == "pw") return "protowire::include_proto!(\"" p "\");"
        # prost-build names its files after the escaped module path
        # (`google.r#type.rs`).
        f = p
        if (p != "_") { f = ""; for (j = 1; j <= n; j++) f = f (j > 1 ? "." : "") ident(seg[j]) }
        return "include!(concat!(env!(\"OUT_DIR\"), \"/" f ".rs\"));"
    }
    {
        pkg = $0
        if (pkg == "_") { n = 0 } else { n = split(pkg, seg, ".") }
        c = 0
        while (c < depth && c < n && stack[c + 1] == seg[c + 1]) c++
        while (depth > c) { depth--; print pad(depth) "}" }
        for (i = c + 1; i <= n; i++) { print pad(i - 1) "pub mod " ident(seg[i]) " {"; stack[i] = seg[i]; depth = i }
        print pad(depth) include(pkg)
    }
    END { while (depth > 0) { depth--; print pad(depth) "}" } }
    ' "$work/packages"
}

# --- the two crates ---------------------------------------------------------
mkdir -p "$work/pw/src" "$work/prost/src"

# The code-size probe of each crate: a program that reads a message from
# stdin and runs `use_all` on it, built with fat LTO into one codegen unit
# (as the repository's size probe), and a baseline program that reads stdin
# and does nothing else. Behind a feature of their own, so that the timed
# builds link neither.
probe_targets() {
    cat <<'TOML'

[[bin]]
name = "probe"
path = "src/probe.rs"
required-features = ["probe"]

[[bin]]
name = "baseline"
path = "src/baseline.rs"
required-features = ["probe"]

[profile.probe]
inherits = "release"
lto = "fat"
codegen-units = 1
TOML
}
write_probes() { # $1 = pw | prost, $2 = the crate's name in Rust
    cat >"$work/$1/src/probe.rs" <<EOF
use std::io::Read;

fn main() {
    let mut input = Vec::new();
    std::io::stdin().read_to_end(&mut input).expect("reading stdin");
    println!("{}", $2::use_all(&input));
}
EOF
    cat >"$work/$1/src/baseline.rs" <<'EOF'
use std::io::Read;

fn main() {
    let mut input = Vec::new();
    std::io::stdin().read_to_end(&mut input).expect("reading stdin");
    println!("{}", input.len());
}
EOF
}
write_probes pw ctime_pw
write_probes prost ctime_prost

cat >"$work/pw/Cargo.toml" <<EOF
[package]
name = "ctime-pw"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
protowire = { path = "$root/codec" }

[build-dependencies]
protowire-codegen = { path = "$root/codegen" }

[features]
use-all = []
probe = ["use-all"]
$(probe_targets)

[workspace]
EOF
cat >"$work/pw/build.rs" <<EOF
fn main() -> Result<(), Box<dyn std::error::Error>> {
    println!("cargo:rerun-if-changed=build.rs");
    let files = [
$files_rs
    ];
    let files: Vec<String> = files.iter().map(|f| format!("{}/{}", "$corpus", f)).collect();
    protowire_codegen::Config::new().compile(&files, &["$corpus"])?;
    Ok(())
}
EOF
{
    echo '#![allow(warnings, missing_docs, clippy::all)]'
    module_tree pw
    echo '#[cfg(feature = "use-all")]'
    echo 'include!("use_all.rs");'
} >"$work/pw/src/lib.rs"

cat >"$work/prost/Cargo.toml" <<EOF
[package]
name = "ctime-prost"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
prost = "0.14"
prost-types = "0.14"

[build-dependencies]
prost-build = "0.14"

[features]
use-all = []
probe = ["use-all"]
$(probe_targets)

[workspace]
EOF
cat >"$work/prost/build.rs" <<EOF
fn main() -> std::io::Result<()> {
    // Without any rerun-if line, cargo would rerun the build script (and
    // protoc) whenever a file of the package changes, src/lib.rs included.
    println!("cargo:rerun-if-changed=build.rs");
    let files = [
$files_rs
    ];
    let files: Vec<String> = files.iter().map(|f| format!("{}/{}", "$corpus", f)).collect();
    prost_build::compile_protos(&files, &["$corpus"])
}
EOF
{
    echo '#![allow(warnings, missing_docs, clippy::all)]'
    module_tree prost
    echo '#[cfg(feature = "use-all")]'
    echo 'include!("use_all.rs");'
} >"$work/prost/src/lib.rs"

# Same dependency versions as the repository where it has them.
cp "$root/Cargo.lock" "$work/pw/Cargo.lock"

# protowire-codegen parses with protox unless PROTOC is set: keep it unset
# for protowire (its default) and set for prost-build, so neither build
# script's rerun-if-env-changed fires between runs.
cargo_pw() { (cd "$work/pw" && env -u PROTOC CARGO_TARGET_DIR="$work/pw/target" cargo "$@"); }
cargo_prost() { (cd "$work/prost" && PROTOC="$protoc_bin" CARGO_TARGET_DIR="$work/prost/target" cargo "$@"); }

run_logged() { # name, log, command...
    local name=$1 log=$2
    shift 2
    if ! "$@" >"$log" 2>&1; then
        echo "$name failed; last lines of $log:" >&2
        tail -n 40 "$log" >&2
        exit 1
    fi
}

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
median() { tr ' ' '\n' | grep -v '^$' | LC_ALL=C sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.2f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

echo "corpus: $nfiles files, $npackages packages; $runs runs each; work dir $work" >&2

# First full builds (dependencies, build scripts), not timed for the table.
for kind in pw prost; do
    start=$(now)
    run_logged "$kind release build" "$work/$kind.build.log" "cargo_$kind" build --release
    echo "$kind: first release build $(elapsed "$start" "$(now)") s" >&2
    run_logged "$kind check" "$work/$kind.check.log" "cargo_$kind" check
done

rlib() { ls -1 "$work/$1/target/release/deps/lib$2"-*.rlib | head -n1; }
size_of() { stat -c %s "$1"; }
gen_lines() { cat "$work/$1"/target/release/build/"$2"-*/out/*.rs | wc -l; }
# Sizes of the plain builds (before the use-all ones add a second rlib).
pw_r=$(size_of "$(rlib pw ctime_pw)")
pr_r=$(size_of "$(rlib prost ctime_prost)")
pw_l=$(gen_lines pw ctime-pw)
pr_l=$(gen_lines prost ctime-prost)

# Every message struct of the generated code, as a Rust path (prettyplease
# output: nested modules are `pub mod x {` ... `}` at one indentation). The
# two generators name messages and modules alike.
messages() {
    for f in "$work"/pw/target/release/build/ctime-pw-*/out/*.rs; do
        awk -v file="$(basename "$f" .rs)" '
        function ident(s) {
            if (s ~ /^(abstract|as|async|await|become|box|break|const|continue|do|dyn|else|enum|extern|false|final|fn|for|gen|if|impl|in|let|loop|macro|match|mod|move|mut|override|priv|pub|ref|return|static|struct|trait|true|try|type|typeof|unsafe|unsized|use|virtual|where|while|yield)$/) return "r#" s
            if (s ~ /^(self|Self|super|crate)$/) return s "_"
            return s
        }
        BEGIN {
            base = "crate"
            if (file != "_") { n = split(file, seg, "."); for (i = 1; i <= n; i++) base = base "::" ident(seg[i]) }
        }
        {
            match($0, /^ */); ind = RLENGTH
            rest = substr($0, ind + 1)
            if (rest ~ /^pub mod [A-Za-z0-9_#]+ \{$/) { split(rest, w, " "); depth++; mind[depth] = ind; mname[depth] = w[3]; next }
            if (rest == "}" && depth > 0 && mind[depth] == ind) { depth--; next }
            if (rest ~ /^pub struct [A-Za-z0-9_#]+/) {
                split(rest, w, /[ {;(<]+/); p = base
                # Hidden types (extension holders) have no prost twin.
                if (w[3] ~ /^__/) next
                for (i = 1; i <= depth; i++) p = p "::" mname[i]
                print p "::" w[3]
            }
        }' "$f"
    done
}
messages >"$work/messages"
nmessages=$(wc -l <"$work/messages")
{
    echo 'pub fn use_all(b: &[u8]) -> usize {'
    echo '    let mut n = 0;'
    sed 's/.*/    n += <& as ::protowire::Message>::decode(b).ok().and_then(|m| ::protowire::Message::encode_to_vec(\&m).ok()).map_or(0, |v| v.len());/' "$work/messages"
    echo '    n'
    echo '}'
} >"$work/pw/src/use_all.rs"
{
    echo 'pub fn use_all(b: &[u8]) -> usize {'
    echo '    let mut n = 0;'
    sed 's/.*/    n += <& as ::prost::Message>::decode(b).map_or(0, |m| ::prost::Message::encode_to_vec(\&m).len());/' "$work/messages"
    echo '    n'
    echo '}'
} >"$work/prost/src/use_all.rs"
for kind in pw prost; do
    run_logged "$kind release build --features use-all" "$work/$kind.use-all.log" "cargo_$kind" build --release --features use-all
done

# Code size: the probe's `.text` over the baseline's, both fat LTO.
text_size() { size -A "$1" | awk '$1 == ".text" { print $2 }'; }
declare -A text=()
for kind in pw prost; do
    run_logged "$kind probe build" "$work/$kind.probe.log" "cargo_$kind" build --profile probe --features probe --bins
    probe=$(text_size "$work/$kind/target/probe/probe")
    base=$(text_size "$work/$kind/target/probe/baseline")
    text[$kind]=$((probe - base))
done

timed() { # kind, cargo args...
    local kind=$1 start end
    shift
    touch "$work/$kind/src/lib.rs"
    start=$(now)
    run_logged "$kind $*" "$work/$kind.timed.log" "cargo_$kind" "$@"
    end=$(now)
    elapsed "$start" "$end"
}

declare -A times=()
for mode in build use check; do
    case $mode in
        build) args=(build --release) ;;
        use) args=(build --release --features use-all) ;;
        check) args=(check) ;;
    esac
    for ((i = 1; i <= runs; i++)); do
        for kind in pw prost; do
            t=$(timed "$kind" "${args[@]}")
            times[$kind.$mode]+=" $t"
            echo "$kind cargo ${args[*]} #$i: $t s" >&2
        done
    done
done


pw_b=$(median <<<"${times[pw.build]}")
pr_b=$(median <<<"${times[prost.build]}")
pw_u=$(median <<<"${times[pw.use]}")
pr_u=$(median <<<"${times[prost.use]}")
pw_c=$(median <<<"${times[pw.check]}")
pr_c=$(median <<<"${times[prost.check]}")

echo
echo "Corpus: $nfiles .proto files in $npackages packages. Median of $runs runs after \`touch src/lib.rs\` (wall seconds), interleaved."
echo
echo "| measure | protowire | prost 0.14 | protowire / prost |"
echo "|---|---:|---:|---:|"
echo "| \`cargo build --release\` (s) | $pw_b | $pr_b | $(ratio "$pw_b" "$pr_b")× |"
echo "| \`cargo build --release --features use-all\` (s): also decode + encode each of the $nmessages messages | $pw_u | $pr_u | $(ratio "$pw_u" "$pr_u")× |"
echo "| \`cargo check\` (s) | $pw_c | $pr_c | $(ratio "$pw_c" "$pr_c")× |"
echo "| code size: \`.text\` of a program decoding and encoding each message, over a program that only reads stdin (KiB; fat LTO, one codegen unit) | $((text[pw] / 1024)) | $((text[prost] / 1024)) | $(ratio "${text[pw]}" "${text[prost]}")× |"
echo "| release .rlib (KiB) | $((pw_r / 1024)) | $((pr_r / 1024)) | $(ratio "$pw_r" "$pr_r")× |"
echo "| generated .rs (lines) | $pw_l | $pr_l | $(ratio "$pw_l" "$pr_l")× |"
echo
echo "All runs (s): release pw:${times[pw.build]}; prost:${times[prost.build]}; use-all pw:${times[pw.use]}; prost:${times[prost.use]}; check pw:${times[pw.check]}; prost:${times[prost.check]}"
