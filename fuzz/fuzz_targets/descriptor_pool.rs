//! Arbitrary bytes as a `FileDescriptorSet` into a `DescriptorPool`: no
//! panics, and every descriptor of a pool that loads answers every
//! accessor.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| protowire_tests::fuzz::descriptor_pool(data));
