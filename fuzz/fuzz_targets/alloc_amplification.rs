//! Arbitrary bytes into `TestAllTypesProto3` and `TestAllTypesProto2` with
//! the default options: the peak of live heap bytes stays within
//! `AMPLIFICATION_PER_BYTE` × input length + `AMPLIFICATION_FLAT`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use protowire_tests::counting::Counting;
use protowire_tests::fuzz::alloc_amplification;

#[global_allocator]
static ALLOC: Counting = Counting;

fuzz_target!(|data: &[u8]| alloc_amplification(data));
