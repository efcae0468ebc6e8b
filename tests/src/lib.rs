//! Shared helpers and message types for protowire's integration tests, the
//! conformance testee and the fuzz targets.
//!
//! The `.proto`-generated modules come from `build.rs` (protowire-codegen
//! over the files in `protos/`).

pub mod counting;
pub mod fuzz;
pub mod shop;

/// The conformance testee protocol (`conformance.proto`).
#[allow(missing_docs, clippy::all)]
pub mod conformance {
    protowire::include_proto!("conformance");
}

/// The conformance suite's test messages.
#[allow(missing_docs, clippy::all)]
pub mod protobuf_test_messages {
    /// `protobuf_test_messages.proto2`: `TestAllTypesProto2` and friends.
    pub mod proto2 {
        protowire::include_proto!("protobuf_test_messages.proto2");
    }
    /// `protobuf_test_messages.proto3`: `TestAllTypesProto3` and friends.
    pub mod proto3 {
        protowire::include_proto!("protobuf_test_messages.proto3");
    }
    /// Edition 2023: `TestAllTypesEdition2023`, and the proto2 and proto3
    /// test messages rewritten as editions files.
    pub mod editions {
        protowire::include_proto!("protobuf_test_messages.editions");
        /// `test_messages_proto2_editions.proto`.
        pub mod proto2 {
            protowire::include_proto!("protobuf_test_messages.editions.proto2");
        }
        /// `test_messages_proto3_editions.proto`.
        pub mod proto3 {
            protowire::include_proto!("protobuf_test_messages.editions.proto3");
        }
    }
}

/// Custom options (`tests/protos/options/custom_options.proto`).
#[allow(missing_docs, clippy::all)]
pub mod custom {
    protowire::include_proto!("custom");
}

/// Google's benchmark messages and the `BenchmarkDataset` container.
#[allow(missing_docs, clippy::all)]
pub mod benchmarks {
    protowire::include_proto!("benchmarks");
    /// `GoogleMessage1` (proto2) and `GoogleMessage2`.
    pub mod proto2 {
        protowire::include_proto!("benchmarks.proto2");
    }
    /// `GoogleMessage1` (proto3).
    pub mod proto3 {
        protowire::include_proto!("benchmarks.proto3");
    }
}

/// The protoc the tests run: `PROTOC`, else the one the
/// `protoc-bin-vendored` crate ships (so that the tests need nothing
/// installed).
///
/// # Panics
///
/// If `PROTOC` is unset and the crate has no protoc for this platform.
pub fn protoc_path() -> std::path::PathBuf {
    match std::env::var_os("PROTOC") {
        Some(path) => path.into(),
        None => protoc_bin_vendored::protoc_bin_path().expect("protoc-bin-vendored has no protoc for this platform"),
    }
}

/// Runs [`protoc_path`] with `args`, feeding it `stdin`, and returns its
/// stdout.
///
/// # Panics
///
/// If protoc cannot be run, or exits with an error.
pub fn run_protoc(args: &[String], stdin: &[u8]) -> Vec<u8> {
    use std::io::Write;
    use std::process::{Command, Stdio};

    let protoc = protoc_path();
    let mut child = Command::new(&protoc)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", protoc.display()));
    child.stdin.take().expect("piped stdin").write_all(stdin).expect("protoc's stdin");
    let output = child.wait_with_output().expect("protoc's output");
    assert!(output.status.success(), "protoc {args:?} failed: {}", String::from_utf8_lossy(&output.stderr));
    output.stdout
}
