//! What `compile` prints for cargo when run from a build script: every
//! `cargo:rerun-if-changed` path must exist, or cargo reruns the build
//! script (and rebuilds the crate) on every build.
//!
//! `compile` prints only under cargo (`OUT_DIR` set), and the working
//! directory matters for relative paths, so the test runs `compile` in a
//! child process (this test binary again, running the ignored test
//! `child_compiles`) with the environment and directory a build script has.

use std::path::{Path, PathBuf};
use std::process::Command;

use protowire_codegen::Config;

/// Set in the child: which parser to use.
const CHILD: &str = "PROTOWIRE_CODEGEN_BUILD_SCRIPT_CHILD";

fn protos() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/protos")
}

/// Runs the child with parser `parser` in `tests/protos`, and returns the
/// paths it printed for `cargo:rerun-if-changed`, resolved against that
/// directory.
fn rerun_paths(parser: &str) -> Vec<PathBuf> {
    let out_dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("build_script_{parser}"));
    // Cargo creates `OUT_DIR` before running a build script.
    std::fs::create_dir_all(&out_dir).unwrap();
    let output = Command::new(std::env::current_exe().unwrap())
        .args(["--ignored", "--exact", "child_compiles", "--nocapture", "--test-threads=1"])
        .current_dir(protos())
        .env(CHILD, parser)
        .env("OUT_DIR", &out_dir)
        .env_remove("PROTOC")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "child failed:\n{stdout}\n{}", String::from_utf8_lossy(&output.stderr));
    assert!(out_dir.join("rerun.rs").is_file(), "nothing generated:\n{stdout}");
    stdout.lines().filter_map(|l| l.strip_prefix("cargo:rerun-if-changed=")).map(|p| protos().join(p)).collect()
}

fn check(parser: &str) {
    let paths = rerun_paths(parser);
    for path in &paths {
        assert!(path.is_file(), "{parser}: cargo:rerun-if-changed={} does not exist", path.display());
    }
    for expected in ["rerun/tricky.proto", "rerun/dep.proto"] {
        let expected = protos().join(expected);
        assert!(
            paths.iter().any(|p| p.canonicalize().unwrap() == expected.canonicalize().unwrap()),
            "{parser}: {} not watched; watched {paths:?}",
            expected.display()
        );
    }
    let mut unique = paths.clone();
    unique.dedup();
    assert_eq!(unique.len(), paths.len(), "{parser}: a path printed twice: {paths:?}");
}

#[test]
fn rerun_paths_exist_with_protox() {
    check("protox");
}

#[test]
fn rerun_paths_exist_with_protoc() {
    // The vendored protoc (PROTOC is removed from the child's environment).
    check("protoc");
}

#[test]
#[ignore = "the child process of the tests above"]
fn child_compiles() {
    let parser = std::env::var(CHILD).expect("run by rerun_paths_exist_* only");
    Config::new().protoc(parser == "protoc").compile(&["tricky.proto"], &["rerun"]).unwrap();
}
