//! proto2 messages with required fields: full and partial decode agree, and
//! encode/decode check required fields consistently.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| protowire_tests::fuzz::required(data));
