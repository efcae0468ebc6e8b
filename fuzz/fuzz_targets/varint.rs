//! The wire primitives (varints, keys, zigzag, fixed, lengths, skipping)
//! against naive reference versions.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| protowire_tests::fuzz::wire_against_naive(data));
