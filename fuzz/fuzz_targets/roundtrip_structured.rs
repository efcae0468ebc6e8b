//! Messages built with `arbitrary` (`shop.Order`s or `TestAllTypesProto3`s):
//! encode → decode → equal, and length-delimited framing of several in one
//! buffer.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| protowire_tests::fuzz::roundtrip_structured(data));
