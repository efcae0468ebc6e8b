//! Map fields: entries as the spec defines them, and entries that carry
//! anything else (another field, a wrong wire type, an undeclared closed enum
//! value) kept whole among the parent's unknown fields, as upb keeps them.

mod common;

use std::collections::{BTreeMap, HashMap};

use common::Inner;
use protowire::{Enumeration, Message, UnknownFields};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Enumeration)]
#[proto(package = "test", closed)]
#[repr(i32)]
enum Color {
    Red = 0,
    Green = 1,
}

#[derive(Clone, Debug, Default, PartialEq, Message)]
#[proto(package = "test")]
struct Maps {
    #[proto(1)]
    counts: HashMap<String, i32>,
    #[proto(2, map = "sint32, message")]
    inners: BTreeMap<i32, Inner>,
    #[proto(3, map = "uint32, enumeration(Color)")]
    colors: BTreeMap<u32, i32>,
    #[proto(unknown)]
    unknown: UnknownFields,
}

/// One entry of map field `field`: key `0x08 key` (varint key 1) and the raw
/// bytes given for the rest.
fn entry(field: u8, body: &[u8]) -> Vec<u8> {
    let mut out = vec![(field << 3) | 2, body.len() as u8];
    out.extend_from_slice(body);
    out
}

#[test]
fn entries_decode_with_defaults_and_last_key_wins() {
    let mut input = entry(1, &[0x0a, 1, b'a', 0x10, 5]);
    input.extend(entry(1, &[0x10, 7])); // no key: ""
    input.extend(entry(1, &[0x0a, 1, b'b'])); // no value: 0
    input.extend(entry(1, &[0x0a, 1, b'a', 0x10, 9])); // "a" again: replaced
    let msg = Maps::decode(&input[..]).unwrap();
    let expected: HashMap<String, i32> = [("a".into(), 9), (String::new(), 7), ("b".into(), 0)].into();
    assert_eq!(msg.counts, expected);
    assert!(msg.unknown.is_empty());
}

#[test]
fn ordered_maps_encode_in_key_order_with_both_parts() {
    let mut msg = Maps::default();
    msg.inners.insert(3, Inner { id: 1, ..Inner::default() });
    msg.inners.insert(-1, Inner { id: 2, ..Inner::default() });
    let bytes = msg.encode_to_vec().unwrap();
    // Key -1 (zigzag 1) first; each value is a full message, its required id set.
    assert_eq!(bytes, [0x12, 6, 0x08, 1, 0x12, 2, 0x08, 2, 0x12, 6, 0x08, 6, 0x12, 2, 0x08, 1]);
    assert_eq!(msg.encoded_len(), bytes.len());
    assert_eq!(Maps::decode(&bytes[..]).unwrap(), msg);
}

#[test]
fn a_message_value_given_twice_in_one_entry_merges() {
    // Value field 2 twice: {id: 4} then {name: "x"}; the entry's value is both.
    let input = entry(2, &[0x08, 2, 0x12, 2, 0x08, 4, 0x12, 3, 0x12, 1, b'x']);
    let msg = Maps::decode(&input[..]).unwrap();
    assert_eq!(msg.inners[&1], Inner { id: 4, name: "x".into(), ..Inner::default() });
}

#[test]
fn an_entry_with_another_field_is_kept_whole() {
    // Key, value, and a field 3 the entry type does not have.
    let input = entry(1, &[0x0a, 1, b'k', 0x10, 5, 0x18, 1]);
    let msg = Maps::decode(&input[..]).unwrap();
    assert!(msg.counts.is_empty());
    assert_eq!(msg.unknown.as_bytes(), &input[..]);
    assert_eq!(msg.encode_to_vec().unwrap(), input);
}

#[test]
fn an_entry_with_a_wrong_wire_type_is_kept_whole() {
    // The value (an int32) arrives as fixed32.
    let input = entry(1, &[0x0a, 1, b'k', 0x15, 5, 0, 0, 0]);
    let msg = Maps::decode(&input[..]).unwrap();
    assert!(msg.counts.is_empty());
    assert_eq!(msg.unknown.as_bytes(), &input[..]);
}

#[test]
fn an_undeclared_closed_enum_value_keeps_the_entry_whole() {
    let mut input = entry(3, &[0x08, 1, 0x10, 1]); // Green
    let odd = entry(3, &[0x08, 2, 0x10, 7]); // 7 is not a Color
    input.extend_from_slice(&odd);
    let msg = Maps::decode(&input[..]).unwrap();
    assert_eq!(msg.colors, BTreeMap::from([(1, Color::Green as i32)]));
    assert_eq!(msg.unknown.as_bytes(), &odd[..]);
    assert_eq!(msg.encode_to_vec().unwrap(), input);
}

#[test]
fn a_malformed_value_is_an_error_even_in_an_entry_kept_whole() {
    // An extra field first, then a message value whose varint is cut short:
    // the entry would be kept as unknown, but its value must still parse
    // (found by the differential fuzzer against prost).
    let input = entry(2, &[0x4a, 1, b'b', 0x12, 2, 0x08, 0x81]);
    assert!(Maps::decode(&input[..]).is_err());
}

#[test]
fn a_malformed_entry_is_an_error_not_an_unknown_field() {
    // The extra field's length runs past the entry.
    let input = entry(1, &[0x0a, 1, b'k', 0x1a, 9]);
    assert!(Maps::decode(&input[..]).is_err());
}

#[test]
fn a_missing_required_field_in_a_map_value_is_named() {
    // A value without Inner's required id.
    let input = entry(2, &[0x08, 2, 0x12, 0]);
    let err = Maps::decode(&input[..]).unwrap_err();
    assert_eq!(err.path(), "test.Maps.inners.id");
    assert!(Maps::decode_partial(&input[..]).is_ok());
}
