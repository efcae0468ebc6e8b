//! Decoding's peak heap use against its input's length, under the default
//! options: the checked-in fuzz corpus and inputs crafted to amplify (empty
//! repeated messages, empty map entries, boxed recursion) all stay within
//! `fuzz::AMPLIFICATION_PER_BYTE` × length + `fuzz::AMPLIFICATION_FLAT`.

use std::path::Path;

use protowire::{DecodeErrorKind, DecodeOptions, Limit, Message};
use protowire_tests::counting::{Counting, peak_during};
use protowire_tests::fuzz::{self, AMPLIFICATION_FLAT, AMPLIFICATION_PER_BYTE};
use protowire_tests::protobuf_test_messages::proto3::TestAllTypesProto3;

#[global_allocator]
static ALLOC: Counting = Counting;

/// `count` copies of one field with an empty length-delimited value.
fn empty_fields(key: &[u8], count: usize) -> Vec<u8> {
    let one = [key, &[0]].concat();
    one.repeat(count)
}

/// `depth` nested `recursive_message` (field 27) levels.
fn recursion(depth: usize) -> Vec<u8> {
    let mut msg = Vec::new();
    for _ in 0..depth {
        let mut len = [0u8; 10];
        let n = protowire::wire::encode_varint(msg.len() as u64, &mut len);
        let mut outer = vec![0xda, 0x01];
        outer.extend_from_slice(&len[..n]);
        outer.extend(msg);
        msg = outer;
    }
    msg
}

/// `count` `repeated_nested_message` (48) elements, each holding an empty
/// `corecursive` (2): a boxed `TestAllTypesProto3` per five input bytes.
fn nested_boxes(count: usize) -> Vec<u8> {
    [0x82, 0x03, 0x02, 0x12, 0x00].repeat(count)
}

#[test]
fn the_measurement_sees_allocations() {
    let peak = peak_during(|| drop(vec![0u8; 10_000])).unwrap();
    assert!(peak >= 10_000, "{peak}");
}

#[test]
fn corpus_stays_within_the_bound() {
    for target in ["decode_proto3", "decode_proto2", "differential_prost"] {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz-corpus").join(target);
        assert!(fuzz::replay_corpus(&dir, fuzz::alloc_amplification) > 0);
    }
}

#[test]
fn crafted_inputs_stay_within_the_bound() {
    let inputs = [
        // repeated_nested_message (48), repeated_foreign_message (49)
        empty_fields(&[0x82, 0x03], 1 << 16),
        empty_fields(&[0x8a, 0x03], 1 << 16),
        // map_string_nested_message (71): empty entries
        empty_fields(&[0xba, 0x04], 1 << 16),
        // map_int32_int32 (56)
        empty_fields(&[0xc2, 0x03], 1 << 16),
        recursion(100),
        nested_boxes(1 << 14),
    ];
    for input in &inputs {
        fuzz::alloc_amplification(input);
    }
}

#[test]
fn a_deep_chain_of_large_messages_decodes_with_the_defaults() {
    // A hundred boxed `TestAllTypesProto3`s (kilobytes each) in a few hundred
    // bytes: within the default budget's flat part (found by the fuzzers
    // under a smaller one: prost's encoding of a 25-level chain).
    let input = recursion(100);
    assert!(size_of::<TestAllTypesProto3>() * 100 > 64 * input.len() + (64 << 10));
    let decoded = TestAllTypesProto3::decode(&input[..]).unwrap();
    assert_eq!(decoded.encode_to_vec().unwrap(), input);
}

#[test]
fn without_the_budget_the_same_input_amplifies() {
    // Boxed messages five bytes apart: what the default budget stops is real.
    let input = nested_boxes(1 << 15);
    let bound = AMPLIFICATION_PER_BYTE * input.len() + AMPLIFICATION_FLAT;
    let unlimited = DecodeOptions::new().max_element_memory(Some(usize::MAX));
    let _ = TestAllTypesProto3::decode(&[][..]);
    let mut decoded = None;
    let peak = peak_during(|| decoded = Some(TestAllTypesProto3::decode_with_options(&input[..], &unlimited))).unwrap();
    assert_eq!(decoded.unwrap().unwrap().repeated_nested_message.len(), 1 << 15);
    assert!(peak > bound, "{peak} bytes for {} input bytes (bound {bound})", input.len());
    let err = TestAllTypesProto3::decode(&input[..]).unwrap_err();
    assert!(matches!(err.kind(), DecodeErrorKind::LimitExceeded { limit: Limit::ElementMemory, .. }), "{err}");
}
