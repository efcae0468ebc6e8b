//! Arbitrary bytes as JSON and as binary into `TestAllTypesProto2` (its
//! extensions registered): the JSON round trips of the `json` target.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| protowire_tests::fuzz::json_proto2_round_trips(data));
