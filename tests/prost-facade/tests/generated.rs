//! prost-build's output compiled for prost and for the facade
//! (`prost_path("::protowire::prost")`): the same input decodes to the same
//! values and encodes to the same bytes, on Google's benchmark datasets and
//! on conformance messages with every field set.

#![allow(clippy::all, missing_docs, dead_code)]

use std::fmt::Debug;
use std::path::PathBuf;

use protowire::{Cardinality, Kind, MessageType};

mod prost_side {
    include!(concat!(env!("OUT_DIR"), "/prost/mod.rs"));
}
mod facade {
    include!(concat!(env!("OUT_DIR"), "/facade/mod.rs"));
}

/// Decodes `input` with prost (`P`) and the facade (`F`); both must encode
/// the same bytes, the facade must read prost's bytes back to them, and
/// (when `debug`) both must print the same `Debug`. Returns the encoding.
fn same<P, F>(input: &[u8], debug: bool) -> Vec<u8>
where
    P: prost::Message + Default + Debug,
    F: protowire::prost::Message + Default + Debug,
{
    let theirs = P::decode(input).expect("prost decodes");
    let theirs_bytes = prost::Message::encode_to_vec(&theirs);
    let ours = <F as protowire::prost::Message>::decode(input).expect("the facade decodes");
    let ours_bytes = protowire::prost::Message::encode_to_vec(&ours);
    assert_eq!(ours_bytes, theirs_bytes, "encodings differ");
    assert_eq!(protowire::prost::Message::encoded_len(&ours), ours_bytes.len());
    let again = <F as protowire::prost::Message>::decode(&theirs_bytes[..]).expect("the facade decodes prost's bytes");
    assert_eq!(protowire::prost::Message::encode_to_vec(&again), theirs_bytes);
    if debug {
        assert_eq!(format!("{ours:?}"), format!("{theirs:?}"));
    }
    theirs_bytes
}

fn dataset(file: &str) -> prost_side::benchmarks::BenchmarkDataset {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../datasets").join(file);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    prost::Message::decode(&bytes[..]).unwrap()
}

#[test]
fn google_message1_proto2() {
    let data = dataset("dataset.google_message1_proto2.pb");
    assert!(!data.payload.is_empty());
    for payload in &data.payload {
        let out = same::<prost_side::benchmarks::proto2::GoogleMessage1, facade::benchmarks::proto2::GoogleMessage1>(
            payload, true,
        );
        assert_eq!(&out, payload);
    }
}

#[test]
fn google_message1_proto3() {
    let data = dataset("dataset.google_message1_proto3.pb");
    assert!(!data.payload.is_empty());
    for payload in &data.payload {
        same::<prost_side::benchmarks::proto3::GoogleMessage1, facade::benchmarks::proto3::GoogleMessage1>(
            payload, true,
        );
    }
}

#[test]
fn google_message2() {
    let data = dataset("dataset.google_message2.pb");
    assert!(!data.payload.is_empty());
    for payload in &data.payload {
        let out = same::<prost_side::benchmarks::proto2::GoogleMessage2, facade::benchmarks::proto2::GoogleMessage2>(
            payload, true,
        );
        assert_eq!(&out, payload);
    }
}

#[test]
fn the_dataset_container_itself() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../datasets/dataset.google_message2.pb");
    let bytes = std::fs::read(path).unwrap();
    let out = same::<prost_side::benchmarks::BenchmarkDataset, facade::benchmarks::BenchmarkDataset>(&bytes, true);
    assert_eq!(out, bytes);
}

// ---- Every field kind set: input written from the facade's own table ----

fn varint(mut v: u64, out: &mut Vec<u8>) {
    while v >= 0x80 {
        out.push(v as u8 | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

fn key(number: u32, wire: u32, out: &mut Vec<u8>) {
    varint(u64::from(number) << 3 | u64::from(wire), out);
}

fn delimited(number: u32, body: &[u8], out: &mut Vec<u8>) {
    key(number, 2, out);
    varint(body.len() as u64, out);
    out.extend_from_slice(body);
}

/// The `i`-th value of a scalar kind, never the default, without its key;
/// the wire type it takes.
fn scalar(kind: Kind, i: u64, out: &mut Vec<u8>) -> u32 {
    match kind {
        Kind::Int32 | Kind::Int64 => varint(if i == 0 { -7i64 as u64 } else { 300 + i }, out),
        Kind::UInt32 | Kind::UInt64 => varint(150 + i, out),
        Kind::SInt32 | Kind::SInt64 => varint(5 + 2 * i, out), // zigzag: -3, -4, ...
        Kind::Bool => varint(1, out),
        Kind::Enum => varint(1, out), // declared in every enum of these protos
        Kind::Fixed32 | Kind::SFixed32 => {
            out.extend_from_slice(&(0xfedc_ba98u32.wrapping_add(i as u32)).to_le_bytes());
            return 5;
        }
        Kind::Float => {
            out.extend_from_slice(&(1.5f32 + i as f32).to_le_bytes());
            return 5;
        }
        Kind::Fixed64 | Kind::SFixed64 => {
            out.extend_from_slice(&(0xfedc_ba98_7654_3210u64.wrapping_add(i)).to_le_bytes());
            return 1;
        }
        Kind::Double => {
            out.extend_from_slice(&(-2.25f64 - i as f64).to_le_bytes());
            return 1;
        }
        Kind::String => {
            let s = format!("héllo {i}");
            varint(s.len() as u64, out);
            out.extend_from_slice(s.as_bytes());
            return 2;
        }
        Kind::Bytes => {
            let b = [0u8, 1, 0xff, i as u8];
            varint(b.len() as u64, out);
            out.extend_from_slice(&b);
            return 2;
        }
        other => panic!("not a scalar: {other:?}"),
    }
    0
}

/// A map's key kind: these protos name map fields `map_<key>_<value>`; the
/// well-known `Struct.fields` has string keys.
fn map_key_kind(name: &str) -> Kind {
    let key = name.strip_prefix("map_").and_then(|rest| rest.split('_').next()).unwrap_or("string");
    match key {
        "int32" => Kind::Int32,
        "int64" => Kind::Int64,
        "uint32" => Kind::UInt32,
        "uint64" => Kind::UInt64,
        "sint32" => Kind::SInt32,
        "sint64" => Kind::SInt64,
        "fixed32" => Kind::Fixed32,
        "fixed64" => Kind::Fixed64,
        "sfixed32" => Kind::SFixed32,
        "sfixed64" => Kind::SFixed64,
        "bool" => Kind::Bool,
        _ => Kind::String,
    }
}

/// One value of a field (its key included), the `i`-th.
fn value(number: u32, kind: Kind, child: Option<MessageType>, i: u64, depth: u32, out: &mut Vec<u8>) {
    match kind {
        Kind::Message => {
            let mut body = Vec::new();
            fill(child.expect("a message field has a type"), depth + 1, &mut body);
            delimited(number, &body, out);
        }
        Kind::Group => {
            key(number, 3, out);
            fill(child.expect("a group field has a type"), depth + 1, out);
            key(number, 4, out);
        }
        kind => {
            let mut body = Vec::new();
            let wire = scalar(kind, i, &mut body);
            key(number, wire, out);
            out.extend_from_slice(&body);
        }
    }
}

/// Every field of `ty` set: repeated and map fields with two values, every
/// oneof member in turn (the last wins), messages nested two deep.
fn fill(ty: MessageType, depth: u32, out: &mut Vec<u8>) {
    for field in ty.fields() {
        let nested = matches!(field.kind, Kind::Message | Kind::Group);
        if nested && depth >= 2 {
            continue;
        }
        let child = field.message_type();
        match field.cardinality {
            Cardinality::Map => {
                let key_kind = map_key_kind(field.name);
                for i in 0..2 {
                    let mut entry = Vec::new();
                    let mut k = Vec::new();
                    let wire = scalar(key_kind, i, &mut k);
                    key(1, wire, &mut entry);
                    entry.extend_from_slice(&k);
                    value(2, field.kind, child, i, depth, &mut entry);
                    delimited(field.number, &entry, out);
                }
            }
            Cardinality::Packed => {
                let mut body = Vec::new();
                for i in 0..2 {
                    scalar(field.kind, i, &mut body);
                }
                delimited(field.number, &body, out);
            }
            Cardinality::Repeated => {
                for i in 0..2 {
                    value(field.number, field.kind, child, i, depth, out);
                }
            }
            _ => value(field.number, field.kind, child, 0, depth, out),
        }
    }
}

fn every_field<F: protowire::Message>() -> Vec<u8> {
    let mut out = Vec::new();
    fill(F::message_type(), 0, &mut out);
    assert!(out.len() > 500, "{} bytes", out.len());
    out
}

#[test]
fn test_all_types_proto3_every_field() {
    type F = facade::protobuf_test_messages::proto3::TestAllTypesProto3;
    type P = prost_side::protobuf_test_messages::proto3::TestAllTypesProto3;
    let input = every_field::<F>();
    let out = same::<P, F>(&input, false);
    // Every field survived: nothing was dropped as unknown on either side.
    let ours = <F as protowire::prost::Message>::decode(&input[..]).unwrap();
    assert_eq!(ours.repeated_nested_enum, [1, 1]);
    assert_eq!(ours.map_string_nested_enum.len(), 2);
    assert_eq!(ours.optional_nested_message.as_ref().map(|m| m.a), Some(-7));
    assert!(ours.optional_struct.as_ref().is_some_and(|s| !s.fields.is_empty()));
    assert!(out.len() > input.len() / 2);
}

#[test]
fn test_all_types_proto2_every_field() {
    type F = facade::protobuf_test_messages::proto2::TestAllTypesProto2;
    type P = prost_side::protobuf_test_messages::proto2::TestAllTypesProto2;
    let input = every_field::<F>();
    same::<P, F>(&input, true);
    let ours = <F as protowire::prost::Message>::decode(&input[..]).unwrap();
    assert_eq!(ours.data.as_ref().and_then(|d| d.group_int32), Some(-7));
    assert_eq!(ours.packed_sint64, [-3, -4]);
    assert_eq!(ours.unpacked_double, [-2.25, -3.25]);
}

#[test]
fn test_all_types_proto2_defaults_match() {
    type F = facade::protobuf_test_messages::proto2::TestAllTypesProto2;
    type P = prost_side::protobuf_test_messages::proto2::TestAllTypesProto2;
    let (ours, theirs) = (F::default(), P::default());
    assert_eq!(format!("{ours:?}"), format!("{theirs:?}"));
    // The getters of `optional` fields with `[default = ...]`.
    assert_eq!(ours.default_int32(), theirs.default_int32());
    assert_eq!(ours.default_int64(), -9123456789123456789);
    assert_eq!(ours.default_uint64(), 10123456789123456789);
    assert_eq!(ours.default_float(), 9e9);
    assert_eq!(ours.default_double(), 7e22);
    assert!(ours.default_bool());
    assert_eq!(ours.default_string(), "Rosebud");
    assert_eq!(ours.default_bytes(), b"joshua");
    assert_eq!(ours.optional_nested_enum() as i32, theirs.optional_nested_enum() as i32);
}

#[test]
fn type_names() {
    use protowire::prost::Name;
    type F = facade::protobuf_test_messages::proto3::TestAllTypesProto3;
    assert_eq!(F::full_name(), "protobuf_test_messages.proto3.TestAllTypesProto3");
    assert_eq!(F::type_url(), "/protobuf_test_messages.proto3.TestAllTypesProto3");
    assert_eq!(
        <facade::protobuf_test_messages::proto3::test_all_types_proto3::NestedMessage as Name>::full_name(),
        "protobuf_test_messages.proto3.TestAllTypesProto3.NestedMessage"
    );
}

/// Map entries whose key or value is the default: prost leaves that part
/// out of the entry, and so does the facade.
#[test]
fn map_entries_with_default_keys_and_values() {
    use std::collections::BTreeMap;
    macro_rules! with_defaults {
        ($m:ident) => {{
            use $m::protobuf_test_messages::proto3::{TestAllTypesProto3, test_all_types_proto3::NestedMessage};
            TestAllTypesProto3 {
                map_int32_int32: BTreeMap::from([(0, 0), (1, 0), (0x7f, 5)]),
                map_bool_bool: BTreeMap::from([(false, false), (true, false)]),
                map_int32_double: BTreeMap::from([(0, 0.0), (2, 1.5)]),
                map_string_string: BTreeMap::from([(String::new(), String::new()), ("k".into(), String::new())]),
                map_string_bytes: BTreeMap::from([(String::new(), b"v".to_vec())]),
                map_string_nested_enum: BTreeMap::from([(String::new(), 0), ("e".into(), 2)]),
                map_string_nested_message: BTreeMap::from([
                    (String::new(), NestedMessage::default()),
                    ("m".into(), NestedMessage { a: 3, ..NestedMessage::default() }),
                ]),
                ..TestAllTypesProto3::default()
            }
        }};
    }
    let ours = with_defaults!(facade);
    let theirs = with_defaults!(prost_side);
    let bytes = protowire::prost::Message::encode_to_vec(&ours);
    assert_eq!(bytes, prost::Message::encode_to_vec(&theirs));
    assert_eq!(protowire::prost::Message::encoded_len(&ours), bytes.len());
    // The first map entry, {0: 0}, is an empty entry.
    assert_eq!(&bytes[..2], [0xc2, 0x03]);
    assert_eq!(bytes[2], 0);
    let back =
        <facade::protobuf_test_messages::proto3::TestAllTypesProto3 as protowire::prost::Message>::decode(&bytes[..])
            .unwrap();
    assert_eq!(back, ours);
}

/// `extras.proto`: defaults with escapes, enums whose first value is not
/// zero, required fields with defaults, groups in groups, boxed recursion
/// through a oneof.
#[test]
fn extras_defaults() {
    use facade::extras::{Defaults, Level};
    type P = prost_side::extras::Defaults;
    let (ours, theirs) = (Defaults::default(), P::default());
    assert_eq!(format!("{ours:?}"), format!("{theirs:?}"));
    assert_eq!(ours.quoted(), "a\"b\\c\nd\t\u{1}é");
    assert_eq!(ours.quoted(), theirs.quoted());
    assert_eq!(ours.raw(), b"\x00\xff\"\\x");
    assert_eq!(ours.raw(), theirs.raw());
    assert_eq!(ours.level(), Level::High);
    assert_eq!(ours.first(), Level::Low);
    assert_eq!(ours.negative(), -17);
    assert_eq!(ours.big(), 1e300);
    assert_eq!(ours.small(), -1.5e-10);
    assert!(ours.not_a_number().is_nan());
    assert_eq!(ours.needed, 42);
    assert_eq!(ours.needed_level(), Level::Negative);
    assert_eq!(ours.r#type(), "");
    // Required fields are written even at their defaults, by both.
    let bytes = protowire::prost::Message::encode_to_vec(&ours);
    assert_eq!(bytes, prost::Message::encode_to_vec(&theirs));
    assert_eq!(bytes, [0x48, 42, 0x50, 0xfd, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]);
}

#[test]
fn extras_every_field() {
    type F = facade::extras::Outer;
    type P = prost_side::extras::Outer;
    let input = every_field::<F>();
    same::<P, F>(&input, true);
    let ours = <F as protowire::prost::Message>::decode(&input[..]).unwrap();
    let inner = ours.inner.as_ref().unwrap();
    assert_eq!(inner.deep.len(), 2);
    assert_eq!(ours.many.len(), 2);
    assert!(matches!(ours.choice, Some(facade::extras::outer::Choice::Fn(_))));
    assert_eq!(ours.by_name.len(), 2);
}

mod mutated {
    use proptest::prelude::*;

    use super::{every_field, facade, prost_side};

    /// Decodes with both; when both accept the input, both must encode the
    /// same bytes, once read back by prost: the facade's well-known types
    /// are protowire's, which keep unknown fields (a mutated number inside
    /// a `Struct`) where prost-types' drop them.
    fn agree<P, F>(input: &[u8]) -> Result<(), TestCaseError>
    where
        P: prost::Message + Default,
        F: protowire::prost::Message + Default,
    {
        let theirs = P::decode(input);
        let ours = <F as protowire::prost::Message>::decode(input);
        if let (Ok(theirs), Ok(ours)) = (theirs, ours) {
            let ours = protowire::prost::Message::encode_to_vec(&ours);
            let normalized = P::decode(&ours[..]).map(|m| prost::Message::encode_to_vec(&m));
            prop_assert_eq!(normalized, Ok(prost::Message::encode_to_vec(&theirs)));
        }
        Ok(())
    }

    /// Up to three bytes of the input overwritten, and now and then the
    /// input cut short.
    fn mutate(input: Vec<u8>) -> impl Strategy<Value = Vec<u8>> {
        let len = input.len();
        let keep = prop_oneof![3 => Just(len), 1 => 0..=len];
        (prop::collection::vec((0..len, any::<u8>()), 0..3), keep).prop_map(move |(edits, keep)| {
            let mut bytes = input.clone();
            for (at, byte) in edits {
                bytes[at] = byte;
            }
            bytes.truncate(keep);
            bytes
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

        #[test]
        fn proto3(input in mutate(every_field::<facade::protobuf_test_messages::proto3::TestAllTypesProto3>())) {
            agree::<
                prost_side::protobuf_test_messages::proto3::TestAllTypesProto3,
                facade::protobuf_test_messages::proto3::TestAllTypesProto3,
            >(&input)?;
        }

        #[test]
        fn proto2(input in mutate(every_field::<facade::protobuf_test_messages::proto2::TestAllTypesProto2>())) {
            agree::<
                prost_side::protobuf_test_messages::proto2::TestAllTypesProto2,
                facade::protobuf_test_messages::proto2::TestAllTypesProto2,
            >(&input)?;
        }
    }
}

/// A map entry holding a field besides its key and value: prost ignores
/// the field and keeps the entry, and so does the facade.
#[test]
fn map_entry_with_an_extra_field() {
    type F = facade::protobuf_test_messages::proto3::TestAllTypesProto3;
    type P = prost_side::protobuf_test_messages::proto3::TestAllTypesProto3;
    // map_int32_int32 (56): an entry {1: 7, 2: 9, 3: 5}.
    let input = [0xc2, 0x03, 6, 0x08, 7, 0x10, 9, 0x18, 5];
    let theirs = <P as prost::Message>::decode(&input[..]).unwrap();
    let ours = <F as protowire::prost::Message>::decode(&input[..]).unwrap();
    assert_eq!(theirs.map_int32_int32.get(&7), Some(&9));
    assert_eq!(ours.map_int32_int32, theirs.map_int32_int32);
}
