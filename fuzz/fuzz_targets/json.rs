//! Arbitrary bytes as JSON into `TestAllTypesProto3`: no panics; a parsed
//! message prints and parses back to the same message. The same bytes as
//! the binary encoding: if the message has a JSON form, it reads back.
#![no_main]

use libfuzzer_sys::fuzz_target;
use protowire_tests::fuzz::json_round_trips;
use protowire_tests::protobuf_test_messages::proto3::TestAllTypesProto3;

fuzz_target!(|data: &[u8]| json_round_trips::<TestAllTypesProto3>(data));
