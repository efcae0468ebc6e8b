//! Replays the checked-in fuzz corpus (`tests/fuzz-corpus/<target>/`: seeds,
//! inputs worth keeping, and every minimized crash) through the same checks
//! the fuzz targets run, so `cargo test` catches regressions without
//! cargo-fuzz or a nightly toolchain.
//!
//! `differential_prost` needs prost's generated types, which only the fuzz
//! crate builds; here its corpus runs through protowire's own round trip.
//! The full differential replay is
//! `cargo fuzz run differential_prost tests/fuzz-corpus/differential_prost -- -runs=0`
//! (see fuzz/README.md).

use std::path::{Path, PathBuf};

use protowire_tests::fuzz;
use protowire_tests::protobuf_test_messages::proto2::TestAllTypesProto2;
use protowire_tests::protobuf_test_messages::proto3::TestAllTypesProto3;

fn corpus(target: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz-corpus").join(target)
}

fn replay(target: &str, check: fn(&[u8])) {
    let ran = fuzz::replay_corpus(&corpus(target), check);
    assert!(ran > 0, "no corpus for {target}");
}

#[test]
fn decode_proto3() {
    replay("decode_proto3", fuzz::decode_round_trip::<TestAllTypesProto3>);
}

#[test]
fn decode_proto2() {
    replay("decode_proto2", fuzz::decode_round_trip::<TestAllTypesProto2>);
}

#[test]
fn roundtrip_structured() {
    replay("roundtrip_structured", fuzz::roundtrip_structured);
}

#[test]
fn differential_prost_protowire_side() {
    replay("differential_prost", fuzz::decode_round_trip::<TestAllTypesProto3>);
}

#[test]
fn varint() {
    replay("varint", fuzz::wire_against_naive);
}

#[test]
fn required() {
    replay("required", fuzz::required);
}

#[test]
fn json_proto2() {
    replay("json_proto2", fuzz::json_proto2_round_trips);
}

#[test]
fn text() {
    replay("text", fuzz::text_round_trips);
}

#[test]
fn descriptor_pool() {
    replay("descriptor_pool", fuzz::descriptor_pool);
}

#[test]
fn dynamic() {
    protowire_tests::protobuf_test_messages::proto2::register_types();
    protowire_tests::protobuf_test_messages::proto3::register_types();
    replay("dynamic", |data| {
        use protowire_tests::protobuf_test_messages::{proto2, proto3};
        fuzz::dynamic_against_generated::<proto3::TestAllTypesProto3>(data);
        fuzz::dynamic_against_generated::<proto2::TestAllTypesProto2>(data);
    });
}

#[test]
fn json() {
    replay("json", fuzz::json_round_trips::<TestAllTypesProto3>);
}
