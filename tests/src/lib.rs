//! Shared helpers and message types for protowire's integration tests, the
//! conformance testee and the fuzz targets.
//!
//! The `.proto`-generated modules come from `build.rs` (protowire-codegen
//! over the files in `protos/`).

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
