//! Google's benchmark datasets through generated code: every payload decodes,
//! and re-encodes to the bytes C++ protobuf (protoc) writes for it.

use std::path::PathBuf;

use protowire::Message;
use protowire_tests::benchmarks::{self, BenchmarkDataset};

fn dataset(file: &str) -> BenchmarkDataset {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../datasets").join(file);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    BenchmarkDataset::decode(&bytes[..]).unwrap()
}

/// Re-encodes every payload; they must come back byte for byte.
fn round_trip<M: Message + PartialEq + std::fmt::Debug>(data: &BenchmarkDataset) -> Vec<Vec<u8>> {
    assert!(!data.payload.is_empty());
    data.payload
        .iter()
        .map(|payload| {
            let msg = M::decode(&payload[..]).unwrap();
            assert!(msg.check_initialized().is_ok());
            let again = msg.encode_to_vec().unwrap();
            assert_eq!(msg.encoded_len(), again.len());
            assert_eq!(M::decode(&again[..]).unwrap(), msg);
            again
        })
        .collect()
}

#[test]
fn google_message1_proto2_is_byte_exact() {
    let data = dataset("dataset.google_message1_proto2.pb");
    assert_eq!(data.message_name, "benchmarks.proto2.GoogleMessage1");
    let encoded = round_trip::<benchmarks::proto2::GoogleMessage1>(&data);
    assert_eq!(encoded, data.payload);
}

#[test]
fn google_message2_is_byte_exact() {
    let data = dataset("dataset.google_message2.pb");
    assert_eq!(data.message_name, "benchmarks.proto2.GoogleMessage2");
    let encoded = round_trip::<benchmarks::proto2::GoogleMessage2>(&data);
    assert_eq!(encoded, data.payload);
}

/// The proto3 payload holds some fields explicitly set to their default
/// value; proto3's implicit presence does not write those back (C++ drops
/// them too), so it is compared with what protoc writes for it.
#[test]
fn google_message1_proto3_matches_protoc() {
    let data = dataset("dataset.google_message1_proto3.pb");
    assert_eq!(data.message_name, "benchmarks.proto3.GoogleMessage1");
    let encoded = round_trip::<benchmarks::proto3::GoogleMessage1>(&data);
    for (ours, payload) in encoded.iter().zip(&data.payload) {
        assert!(ours.len() < payload.len(), "the defaults were dropped");
        let reference = protoc_reencode("benchmarks.proto3.GoogleMessage1", payload);
        assert_eq!(ours, &reference);
    }
}

/// `protoc --decode | protoc --encode`: C++'s re-encoding of `payload`.
fn protoc_reencode(message: &str, payload: &[u8]) -> Vec<u8> {
    let protos = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../protos/benchmarks");
    let run = |mode: &str, input: &[u8]| {
        let args = [
            format!("--proto_path={}", protos.display()),
            format!("--{mode}={message}"),
            "benchmark_message1_proto3.proto".into(),
        ];
        protowire_tests::run_protoc(&args, input)
    };
    run("encode", &run("decode", payload))
}
