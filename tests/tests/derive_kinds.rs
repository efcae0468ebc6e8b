//! Every kind in every cardinality through the derive, as property tests:
//! decode(encode(x)) equals x, re-encodes to the same bytes, and
//! `encoded_len` is exact.

use std::collections::BTreeMap;

use proptest::prelude::*;
use proptest_derive::Arbitrary;
use protowire::{Enumeration, Message, Oneof, UnknownFields};

#[derive(Enumeration, Arbitrary, Clone, Copy, Debug, PartialEq, Eq)]
#[proto(name = "kinds.Open")]
#[repr(i32)]
pub enum Open {
    Zero = 0,
    One = 1,
    Negative = -5,
}

#[derive(Message, Arbitrary, Clone, PartialEq, Default, Debug)]
#[proto(package = "kinds")]
pub struct Implicit {
    #[proto(1)]
    pub int32: i32,
    #[proto(2)]
    pub int64: i64,
    #[proto(3)]
    pub uint32: u32,
    #[proto(4)]
    pub uint64: u64,
    #[proto(5, sint32)]
    pub sint32: i32,
    #[proto(6, sint64)]
    pub sint64: i64,
    #[proto(7, fixed32)]
    pub fixed32: u32,
    #[proto(8, fixed64)]
    pub fixed64: u64,
    #[proto(9, sfixed32)]
    pub sfixed32: i32,
    #[proto(10, sfixed64)]
    pub sfixed64: i64,
    #[proto(11)]
    pub float: f32,
    #[proto(12)]
    pub double: f64,
    #[proto(13)]
    pub boolean: bool,
    #[proto(14)]
    pub string: String,
    #[proto(15)]
    pub bytes: Vec<u8>,
    #[proto(16, enumeration = "Open")]
    pub open: i32,
}

#[derive(Message, Arbitrary, Clone, PartialEq, Default, Debug)]
#[proto(package = "kinds")]
pub struct Optional {
    #[proto(1)]
    pub int32: Option<i32>,
    #[proto(2)]
    pub int64: Option<i64>,
    #[proto(3)]
    pub uint32: Option<u32>,
    #[proto(4)]
    pub uint64: Option<u64>,
    #[proto(5, sint32)]
    pub sint32: Option<i32>,
    #[proto(6, sint64)]
    pub sint64: Option<i64>,
    #[proto(7, fixed32)]
    pub fixed32: Option<u32>,
    #[proto(8, fixed64)]
    pub fixed64: Option<u64>,
    #[proto(9, sfixed32)]
    pub sfixed32: Option<i32>,
    #[proto(10, sfixed64)]
    pub sfixed64: Option<i64>,
    #[proto(11)]
    pub float: Option<f32>,
    #[proto(12)]
    pub double: Option<f64>,
    #[proto(13)]
    pub boolean: Option<bool>,
    #[proto(14)]
    pub string: Option<String>,
    #[proto(15)]
    #[proptest(strategy = "proptest::option::of(any::<Vec<u8>>().prop_map(bytes::Bytes::from))")]
    pub bytes: Option<bytes::Bytes>,
    #[proto(16, enumeration = "Open")]
    pub open: Option<i32>,
    #[proto(17)]
    #[proptest(strategy = "proptest::option::of(any::<Implicit>())")]
    pub message: Option<Implicit>,
}

#[derive(Message, Arbitrary, Clone, PartialEq, Default, Debug)]
#[proto(package = "kinds")]
pub struct Packed {
    #[proto(1)]
    pub int32: Vec<i32>,
    #[proto(2)]
    pub int64: Vec<i64>,
    #[proto(3)]
    pub uint32: Vec<u32>,
    #[proto(4)]
    pub uint64: Vec<u64>,
    #[proto(5, sint32)]
    pub sint32: Vec<i32>,
    #[proto(6, sint64)]
    pub sint64: Vec<i64>,
    #[proto(7, fixed32)]
    pub fixed32: Vec<u32>,
    #[proto(8, fixed64)]
    pub fixed64: Vec<u64>,
    #[proto(9, sfixed32)]
    pub sfixed32: Vec<i32>,
    #[proto(10, sfixed64)]
    pub sfixed64: Vec<i64>,
    #[proto(11)]
    pub float: Vec<f32>,
    #[proto(12)]
    pub double: Vec<f64>,
    #[proto(13)]
    pub boolean: Vec<bool>,
    #[proto(16, enumeration = "Open")]
    pub open: Vec<i32>,
}

#[derive(Message, Arbitrary, Clone, PartialEq, Default, Debug)]
#[proto(package = "kinds")]
pub struct Unpacked {
    #[proto(1, packed = false)]
    pub int32: Vec<i32>,
    #[proto(2, packed = false)]
    pub int64: Vec<i64>,
    #[proto(3, packed = false)]
    pub uint32: Vec<u32>,
    #[proto(4, packed = false)]
    pub uint64: Vec<u64>,
    #[proto(5, sint32, packed = false)]
    pub sint32: Vec<i32>,
    #[proto(6, sint64, packed = false)]
    pub sint64: Vec<i64>,
    #[proto(7, fixed32, packed = false)]
    pub fixed32: Vec<u32>,
    #[proto(8, fixed64, packed = false)]
    pub fixed64: Vec<u64>,
    #[proto(9, sfixed32, packed = false)]
    pub sfixed32: Vec<i32>,
    #[proto(10, sfixed64, packed = false)]
    pub sfixed64: Vec<i64>,
    #[proto(11, packed = false)]
    pub float: Vec<f32>,
    #[proto(12, packed = false)]
    pub double: Vec<f64>,
    #[proto(13, packed = false)]
    pub boolean: Vec<bool>,
    #[proto(14)]
    pub string: Vec<String>,
    #[proto(15)]
    pub bytes: Vec<Vec<u8>>,
    #[proto(16, enumeration = "Open", packed = false)]
    pub open: Vec<i32>,
    #[proto(17)]
    #[proptest(strategy = "proptest::collection::vec(any::<Implicit>(), 0..3)")]
    pub message: Vec<Implicit>,
}

#[derive(Oneof, Arbitrary, Clone, PartialEq, Debug)]
pub enum Choice {
    #[proto(20)]
    Text(String),
    #[proto(21, sint64)]
    Signed(i64),
    #[proto(22)]
    Nested(Implicit),
    #[proto(23, enumeration = "Open")]
    Open(i32),
    #[proto(24)]
    Boxed(Box<Implicit>),
}

#[derive(Message, Arbitrary, Clone, PartialEq, Default, Debug)]
#[proto(package = "kinds")]
pub struct Everything {
    #[proto(1)]
    #[proptest(strategy = "proptest::option::of(any::<Implicit>())")]
    pub implicit: Option<Implicit>,
    #[proto(2)]
    #[proptest(strategy = "proptest::option::of(any::<Optional>())")]
    pub optional: Option<Optional>,
    #[proto(3)]
    #[proptest(strategy = "proptest::option::of(any::<Packed>())")]
    pub packed: Option<Packed>,
    #[proto(4)]
    #[proptest(strategy = "proptest::option::of(any::<Unpacked>())")]
    pub unpacked: Option<Unpacked>,
    #[proto(5, map = "sint32, string")]
    pub by_sint: BTreeMap<i32, String>,
    #[proto(6, map = "string, bytes")]
    pub by_name: BTreeMap<String, Vec<u8>>,
    #[proto(7, map = "fixed64, enumeration(Open)")]
    pub enums: BTreeMap<u64, i32>,
    #[proto(8)]
    #[proptest(strategy = "proptest::collection::btree_map(any::<bool>(), any::<Implicit>(), 0..3)")]
    pub messages: BTreeMap<bool, Implicit>,
    #[proto(oneof = "20, 21, 22, 23, 24")]
    pub choice: Option<Choice>,
    #[proto(30, group)]
    #[proptest(strategy = "proptest::option::of(any::<Implicit>())")]
    pub group: Option<Implicit>,
    #[proto(31, group)]
    #[proptest(strategy = "proptest::collection::vec(any::<Implicit>(), 0..3)")]
    pub groups: Vec<Implicit>,
    #[proto(unknown)]
    #[proptest(value = "UnknownFields::new()")]
    pub unknown: UnknownFields,
}

/// decode(encode(x)) is x (compared through `Debug`, which treats NaN as
/// equal to itself) and re-encodes to the same bytes.
fn check_round_trip<M: Message + std::fmt::Debug>(msg: &M) -> Result<(), TestCaseError> {
    let bytes = msg.encode_to_vec().unwrap();
    prop_assert_eq!(bytes.len(), msg.encoded_len());
    let decoded = M::decode(&bytes[..]).unwrap();
    prop_assert_eq!(format!("{decoded:?}"), format!("{msg:?}"));
    prop_assert_eq!(decoded.encode_to_vec().unwrap(), bytes);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn implicit_round_trips(msg in any::<Implicit>()) {
        check_round_trip(&msg)?;
    }

    #[test]
    fn optional_round_trips(msg in any::<Optional>()) {
        check_round_trip(&msg)?;
    }

    #[test]
    fn packed_round_trips(msg in any::<Packed>()) {
        check_round_trip(&msg)?;
    }

    #[test]
    fn unpacked_round_trips(msg in any::<Unpacked>()) {
        check_round_trip(&msg)?;
    }

    #[test]
    fn everything_round_trips(msg in any::<Everything>()) {
        check_round_trip(&msg)?;
    }

    /// Packed and unpacked encodings of the same values decode alike.
    #[test]
    fn packed_and_unpacked_decode_alike(msg in any::<Packed>()) {
        let packed = msg.encode_to_vec().unwrap();
        let unpacked = Unpacked::decode(&packed[..]).unwrap();
        let repacked = Packed::decode(&unpacked.encode_to_vec().unwrap()[..]).unwrap();
        prop_assert_eq!(format!("{repacked:?}"), format!("{msg:?}"));
    }
}

#[test]
fn implicit_presence_skips_defaults_but_not_negative_zero() {
    assert!(Implicit::default().encode_to_vec().unwrap().is_empty());
    let msg = Implicit { float: -0.0, ..Implicit::default() };
    assert_eq!(msg.encode_to_vec().unwrap(), [0x5d, 0, 0, 0, 0x80]);
    let nan = Implicit { double: f64::from_bits(0x7ff8_0000_0000_0001), ..Implicit::default() };
    let back = Implicit::decode(&nan.encode_to_vec().unwrap()[..]).unwrap();
    assert_eq!(back.double.to_bits(), 0x7ff8_0000_0000_0001);
}

#[test]
fn negative_int32_takes_ten_bytes() {
    let msg = Implicit { int32: -1, ..Implicit::default() };
    assert_eq!(msg.encode_to_vec().unwrap(), [0x08, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]);
}

/// A bare `map` infers both kinds from the Rust types, as a bare number does.
#[derive(Message, Clone, PartialEq, Default, Debug)]
struct Tally {
    #[proto(1, map)]
    by_word: std::collections::BTreeMap<String, u32>,
    #[proto(2)]
    by_id: std::collections::BTreeMap<i64, String>,
}

#[test]
fn bare_map_word_infers_kinds() {
    let tally = Tally { by_word: [("a".to_owned(), 3)].into(), by_id: [(-1, "x".to_owned())].into() };
    let bytes = tally.encode_to_vec().unwrap();
    // Entry messages: key 1 (string "a"), value 2 (uint32 3); key int64 -1 takes ten bytes.
    assert_eq!(&bytes[..9], [0x0a, 5, 0x0a, 1, b'a', 0x10, 3, 0x12, 14]);
    assert_eq!(Tally::decode(&bytes[..]).unwrap(), tally);
}
