//! The same bytes decoded by protowire and by prost (prost-build over the
//! same `test_messages_proto3.proto`): both accept or both reject, and the
//! values agree (see fuzz/README.md for the documented differences).
#![no_main]

use libfuzzer_sys::fuzz_target;
use protowire_tests::protobuf_test_messages::proto3::TestAllTypesProto3;

/// prost's types for `protobuf_test_messages.proto3`.
#[allow(clippy::all, missing_docs, dead_code)]
mod prost_types_proto3 {
    include!(concat!(env!("OUT_DIR"), "/protobuf_test_messages.proto3.rs"));
}

fuzz_target!(|data: &[u8]| {
    protowire_tests::fuzz::differential_prost::<TestAllTypesProto3, prost_types_proto3::TestAllTypesProto3>(data);
});
