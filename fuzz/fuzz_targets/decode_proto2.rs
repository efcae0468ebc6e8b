//! Arbitrary bytes into `TestAllTypesProto2` (groups, closed enums,
//! extensions ranges kept as unknown fields); if they decode, the round trip
//! holds.
#![no_main]

use libfuzzer_sys::fuzz_target;
use protowire_tests::fuzz::decode_round_trip;
use protowire_tests::protobuf_test_messages::proto2::TestAllTypesProto2;

fuzz_target!(|data: &[u8]| decode_round_trip::<TestAllTypesProto2>(data));
