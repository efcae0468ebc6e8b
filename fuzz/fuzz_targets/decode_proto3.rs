//! Arbitrary bytes into `TestAllTypesProto3`; if they decode, the round trip
//! holds (equal messages, identical encodings, exact `encoded_len`).
#![no_main]

use libfuzzer_sys::fuzz_target;
use protowire_tests::fuzz::decode_round_trip;
use protowire_tests::protobuf_test_messages::proto3::TestAllTypesProto3;

fuzz_target!(|data: &[u8]| decode_round_trip::<TestAllTypesProto3>(data));
