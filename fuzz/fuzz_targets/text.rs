//! Arbitrary bytes as text format and as binary into `TestAllTypesProto2`
//! (its extensions registered): no panics; parsed text prints and parses
//! back to the same message; binary through text is a fixed point.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| protowire_tests::fuzz::text_round_trips(data));
