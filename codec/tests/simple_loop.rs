//! The merge loop for "simple" messages (fields that are singular scalars
//! or singular messages, none required: a point, a key and value) against
//! the general loop, as its oracle: the same fields in a message that also
//! has a repeated field, which the simple loop does not take, decode every
//! input alike — values, unknown fields and errors.

use proptest::prelude::*;
use protowire::{DecodeError, Message, UnknownFields};

/// A simple message to nest: `message Point { sint32 x = 1; string s = 2; }`.
#[derive(Clone, Debug, Default, PartialEq, Message)]
#[proto(package = "test")]
struct Point {
    #[proto(1, sint32)]
    x: i32,
    #[proto(2)]
    s: String,
    #[proto(unknown)]
    unknown: UnknownFields,
}

/// Declares the simple message and its twin with one more (repeated) field
/// from one list of fields, so the two cannot drift apart.
macro_rules! twins {
    ($Leaf:ident, $General:ident; $($name:ident: $ty:ty = $number:literal $(, $kind:ident)?;)*) => {
        #[derive(Clone, Debug, Default, PartialEq, Message)]
        #[proto(package = "test")]
        struct $Leaf {
            $(#[proto($number $(, $kind)?)] $name: $ty,)*
            #[proto(unknown)]
            unknown: UnknownFields,
        }

        #[derive(Clone, Debug, Default, PartialEq, Message)]
        #[proto(package = "test")]
        struct $General {
            $(#[proto($number $(, $kind)?)] $name: $ty,)*
            /// Only here so that this message is not simple, and never in
            /// the inputs: the largest field number, whose key takes five
            /// bytes (field 1000 was reached by two random tail bytes,
            /// `c0 3e`, and then named in the general twin's error path only).
            #[proto(536870911)]
            pad: Vec<i32>,
            #[proto(unknown)]
            unknown: UnknownFields,
        }

        impl From<$General> for $Leaf {
            fn from(g: $General) -> $Leaf {
                assert!(g.pad.is_empty());
                $Leaf { $($name: g.$name,)* unknown: g.unknown }
            }
        }
    };
}

twins! {
    Leaf, General;
    int32: i32 = 1;
    int64: i64 = 2;
    uint32: u32 = 3;
    uint64: u64 = 4;
    sint32: i32 = 5, sint32;
    sint64: i64 = 6, sint64;
    boolean: bool = 7;
    fixed32: u32 = 8, fixed32;
    fixed64: u64 = 9, fixed64;
    sfixed32: i32 = 10, sfixed32;
    sfixed64: i64 = 11, sfixed64;
    float: f32 = 12;
    double: f64 = 13;
    string: String = 14;
    bytes: Vec<u8> = 15;
    // Two-byte keys (no key matched in place), optional presence.
    opt_int32: Option<i32> = 16;
    opt_string: Option<String> = 17;
    opt_double: Option<f64> = 30;
    point: Option<Point> = 18;
    boxed: Option<Box<Point>> = 19;
}

// Runs of fields with one-byte keys that take the same merge op one after
// the other, which each arm of the simple loop merges without going back
// to its dispatch.
twins! {
    Runs, RunsGeneral;
    a: i32 = 1;
    b: i32 = 2;
    c: i32 = 3;
    x: f32 = 4;
    y: f32 = 5;
    z: f32 = 6;
    s1: String = 7;
    s2: String = 8;
    p1: Option<Point> = 9;
    p2: Option<Box<Point>> = 10;
    o1: Option<u64> = 11;
    o2: Option<u64> = 12;
    d1: u64 = 13, fixed64;
    d2: u64 = 14, fixed64;
}

#[test]
fn simple_round_trips() {
    let point = Some(Point { x: -3, s: "p".into(), ..Point::default() });
    let leaf = Leaf { int32: -1, string: "x".into(), opt_double: Some(0.5), point, ..Leaf::default() };
    let bytes = leaf.encode_to_vec().unwrap();
    assert_eq!(Leaf::decode(&bytes[..]).unwrap(), leaf);
}

/// One field's key and a payload of its wire type, well formed or not.
fn field() -> impl Strategy<Value = Vec<u8>> {
    let payload = prop::collection::vec(any::<u8>(), 0..12);
    (1u32..=40, 0u8..=7, payload, any::<u64>())
        .prop_map(|(number, wire_type, raw, varint)| encode_field(number, wire_type, &raw, varint))
}

/// As [`field`], with a length-delimited payload that is, half the time,
/// fields itself: a nested message's content, well formed or not.
fn outer_field() -> impl Strategy<Value = Vec<u8>> {
    let payload = prop_oneof![
        prop::collection::vec(any::<u8>(), 0..12),
        prop::collection::vec(field(), 0..4).prop_map(|f| f.concat())
    ];
    (1u32..=40, 0u8..=7, payload, any::<u64>())
        .prop_map(|(number, wire_type, raw, varint)| encode_field(number, wire_type, &raw, varint))
}

fn encode_field(number: u32, wire_type: u8, raw: &[u8], varint: u64) -> Vec<u8> {
    let mut out = Vec::new();
    put_varint(&mut out, u64::from(number) << 3 | u64::from(wire_type));
    match wire_type {
        0 => put_varint(&mut out, varint),
        1 => out.extend(varint.to_le_bytes()),
        2 => {
            put_varint(&mut out, raw.len() as u64);
            out.extend(raw);
        }
        5 => out.extend(&varint.to_le_bytes()[..4]),
        // Groups, end-groups and the two undefined wire types, with
        // whatever follows.
        _ => out.extend(raw),
    }
    out
}

fn put_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push(v as u8 | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

fn input() -> impl Strategy<Value = Vec<u8>> {
    (prop::collection::vec(outer_field(), 0..12), prop::collection::vec(any::<u8>(), 0..3), any::<bool>()).prop_map(
        |(fields, tail, with_tail)| {
            let mut bytes = fields.concat();
            if with_tail {
                bytes.extend(tail);
            }
            bytes
        },
    )
}

fn same_result(bytes: &[u8]) -> Result<(), TestCaseError> {
    same_outcome(Leaf::decode(bytes), General::decode(bytes), |leaf, general| {
        // Floats compared by their bits: NaN payloads must survive too.
        let general = Leaf::from(general);
        prop_assert_eq!(leaf.float.to_bits(), general.float.to_bits());
        prop_assert_eq!(leaf.double.to_bits(), general.double.to_bits());
        prop_assert_eq!(leaf.opt_double.map(f64::to_bits), general.opt_double.map(f64::to_bits));
        let strip = |m: Leaf| Leaf { float: 0.0, double: 0.0, opt_double: None, ..m };
        prop_assert_eq!(strip(leaf), strip(general));
        Ok(())
    })
}

/// As [`same_result`], for the messages of runs: values compared by their
/// encodings, which keep every float's bits.
fn same_runs_result(bytes: &[u8]) -> Result<(), TestCaseError> {
    same_outcome(Runs::decode(bytes), RunsGeneral::decode(bytes), |runs, general| {
        prop_assert_eq!(runs.encode_to_vec().unwrap(), Runs::from(general).encode_to_vec().unwrap());
        Ok(())
    })
}

/// Whether a simple message and its general twin decoded an input alike:
/// both to values that `same_value` finds equal, or both to the same error
/// (kind, offset and field path).
fn same_outcome<S: std::fmt::Debug, G: std::fmt::Debug>(
    simple: Result<S, DecodeError>,
    general: Result<G, DecodeError>,
    same_value: impl FnOnce(S, G) -> Result<(), TestCaseError>,
) -> Result<(), TestCaseError> {
    match (simple, general) {
        (Ok(simple), Ok(general)) => same_value(simple, general)?,
        (Err(simple), Err(general)) => {
            prop_assert_eq!(simple.kind(), general.kind());
            prop_assert_eq!(simple.offset(), general.offset());
            prop_assert_eq!(simple.field_path().collect::<Vec<_>>(), general.field_path().collect::<Vec<_>>());
        }
        (simple, general) => prop_assert!(false, "simple {simple:?}, general {general:?}"),
    }
    Ok(())
}

/// Fields numbered 1 to 15 (one-byte keys), of the wire type of the
/// field they belong to, in runs of ascending numbers: what a run of one
/// op looks like, well formed or not.
fn runs_input() -> impl Strategy<Value = Vec<u8>> {
    let wire_type = |number: u32| match number {
        4..=6 => 5,
        13 | 14 => 1,
        7..=10 => 2,
        _ => 0,
    };
    let run = (1u32..=15, 1usize..=3, prop::collection::vec(any::<u8>(), 0..6), any::<u64>(), 0u8..8).prop_map(
        move |(first, len, raw, varint, flaw)| {
            let mut out = Vec::new();
            for number in (first..=15).take(len) {
                // Now and then a wire type of another field, to leave the run.
                let wire_type = if flaw == 0 { 2 } else { wire_type(number) };
                out.extend(encode_field(number, wire_type, &raw, varint));
            }
            out
        },
    );
    (prop::collection::vec(run, 0..6), prop::collection::vec(any::<u8>(), 0..3))
        .prop_map(|(runs, tail)| [runs.concat(), tail].concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn runs_of_one_op_decode_as_in_the_general_loop(bytes in runs_input()) {
        same_runs_result(&bytes)?;
    }

    #[test]
    fn runs_messages_decode_any_input_as_the_general_loop(bytes in input()) {
        same_runs_result(&bytes)?;
    }

    #[test]
    fn simple_loop_decodes_as_the_general_loop(bytes in input()) {
        same_result(&bytes)?;
    }

    #[test]
    fn merging_into_a_simple_message_matches_too(first in input(), second in input()) {
        // Merging keeps earlier values, in both loops alike.
        let mut leaf = Leaf::default();
        let mut general = General::default();
        let (l1, g1) = (leaf.merge(&first[..]).is_ok(), general.merge(&first[..]).is_ok());
        prop_assert_eq!(l1, g1);
        if l1 {
            let (l2, g2) = (leaf.merge(&second[..]).is_ok(), general.merge(&second[..]).is_ok());
            prop_assert_eq!(l2, g2);
            prop_assert_eq!(leaf.encode_to_vec().unwrap(), general.encode_to_vec().unwrap());
        }
    }
}

#[test]
fn bytes_next_to_the_expected_key_decode_alike() {
    // After `bytes` (15) the expected field is 16, whose key takes two
    // bytes: 0xff there is no key matched in place but field 31 with wire
    // type 7. Then the same after each field, with each byte that could be
    // taken for a one-byte key.
    let mut cases = vec![vec![0x7a, 0, 0xff, 0x01], vec![0x7a, 0, 0xff], vec![0x7a, 0, 0x00]];
    for prefix in [&[][..], &[0x08, 1], &[0x7a, 0], &[0x80, 0x01, 1], &[0x8a, 0x01, 0]] {
        for byte in 0..=u8::MAX {
            for next in [&[][..], &[1], &[0x80, 1, 2, 3, 4, 5, 6, 7, 8]] {
                cases.push([prefix, &[byte], next].concat());
            }
        }
    }
    for case in cases {
        same_result(&case).unwrap_or_else(|e| panic!("{case:x?}: {e}"));
    }
}

#[test]
fn unknown_field_in_the_middle_hands_over_and_keeps_everything() {
    // int32 = 5, unknown 20 (varint 7), string = "ab", fixed32 = 9.
    let bytes = [0x08, 5, 0xa0, 0x01, 7, 0x72, 2, b'a', b'b', 0x45, 9, 0, 0, 0];
    let msg = Leaf::decode(&bytes[..]).unwrap();
    assert_eq!((msg.int32, msg.string.as_str(), msg.fixed32), (5, "ab", 9));
    assert_eq!(msg.unknown.as_bytes(), [0xa0, 0x01, 7]);
}

#[test]
fn simple_message_errors_name_the_path() {
    #[derive(Clone, Debug, Default, PartialEq, Message)]
    #[proto(package = "test")]
    struct Outer {
        #[proto(1)]
        leaf: Option<Leaf>,
    }
    // leaf { string: <invalid UTF-8> }
    let bytes = [0x0a, 3, 0x72, 1, 0xff];
    let err = Outer::decode(&bytes[..]).unwrap_err();
    assert_eq!(err.kind(), &protowire::DecodeErrorKind::InvalidUtf8);
    assert_eq!(err.offset(), Some(2));
    assert_eq!(err.field_path().collect::<Vec<_>>(), ["leaf", "string"]);
}

#[test]
fn runs_of_fields_of_one_op_decode_alike() {
    let float = |key: u8, v: f32| [&[key][..], &v.to_le_bytes()].concat();
    let xyz = [float(0x25, 1.0), float(0x2d, -2.5), float(0x35, 3.0)].concat();
    let msg = Runs::decode(&xyz[..]).unwrap();
    assert_eq!((msg.x, msg.y, msg.z), (1.0, -2.5, 3.0));

    // s1 = "a", s2 = "bc", then a = 1, b = -1 (ten bytes), c = 3.
    let strings = [0x3a, 1, b'a', 0x42, 2, b'b', b'c'];
    let ints = [&[0x08, 1, 0x10][..], &[0xff; 9], &[0x01, 0x18, 3]].concat();
    let msg = Runs::decode(&[&strings[..], &ints].concat()[..]).unwrap();
    assert_eq!((msg.s1.as_str(), msg.s2.as_str(), msg.a, msg.b, msg.c), ("a", "bc", 1, -1, 3));

    // A failure in the middle of a run is reported at that field's key,
    // as the general loop reports it.
    let cut = &xyz[..8];
    let err = Runs::decode(cut).unwrap_err();
    assert_eq!((err.offset(), err.field_path().collect::<Vec<_>>()), (Some(5), vec!["y"]));
    let bad_utf8 = [0x3a, 1, b'a', 0x42, 1, 0xff];
    let err = Runs::decode(&bad_utf8[..]).unwrap_err();
    assert_eq!((err.offset(), err.field_path().collect::<Vec<_>>()), (Some(3), vec!["s2"]));
    // p1 { x: 1 }, p2 { x: <truncated> }.
    let messages = [0x4a, 2, 0x08, 2, 0x52, 1, 0x08];
    let err = Runs::decode(&messages[..]).unwrap_err();
    assert_eq!(err.field_path().collect::<Vec<_>>(), ["p2", "x"]);
    for case in [&xyz[..], &ints, &strings, cut, &bad_utf8, &messages, &[&xyz[..10], &ints[..4]].concat()] {
        same_runs_result(case).unwrap_or_else(|e| panic!("{case:x?}: {e}"));
    }
}

/// A repeated group with a one-byte key: its elements are merged one after
/// the other without going back through the loop, as repeated messages
/// are; what follows the run, and a failure inside it, come out as from
/// the loop.
#[test]
fn runs_of_repeated_groups_decode_and_fail_at_their_element() {
    #[derive(Clone, Debug, Default, PartialEq, Message)]
    #[proto(package = "test")]
    struct Grouped {
        #[proto(2, group)]
        points: Vec<Point>,
        #[proto(3, sint32)]
        after: i32,
    }
    // points { x: 1 } points { } points { x: -1 s: "a" } after: 2; a
    // group of field 2 opens with 0x13 and closes with 0x14.
    let bytes = [0x13, 0x08, 2, 0x14, 0x13, 0x14, 0x13, 0x08, 1, 0x12, 1, b'a', 0x14, 0x18, 4];
    let msg = Grouped::decode(&bytes[..]).unwrap();
    let points: Vec<_> = msg.points.iter().map(|p| (p.x, p.s.as_str())).collect();
    assert_eq!((points, msg.after), (vec![(1, ""), (0, ""), (-1, "a")], 2));
    assert_eq!(msg.encode_to_vec().unwrap(), bytes);

    // The second element's string is not UTF-8: reported at its own key.
    let bad = [0x13, 0x08, 2, 0x14, 0x13, 0x12, 1, 0xff, 0x14];
    let err = Grouped::decode(&bad[..]).unwrap_err();
    assert_eq!(err.kind(), &protowire::DecodeErrorKind::InvalidUtf8);
    assert_eq!((err.offset(), err.field_path().collect::<Vec<_>>()), (Some(5), vec!["points", "s"]));
    // The second element is never closed: reported at that element's key.
    let open = [0x13, 0x14, 0x13, 0x08, 2];
    let err = Grouped::decode(&open[..]).unwrap_err();
    assert_eq!((err.offset(), err.field_path().collect::<Vec<_>>()), (Some(2), vec!["points"]));
}

/// A repeated message field: each run of its elements is counted ahead and
/// appended at its defaults in one go, then merged element by element.
/// Runs split by other fields, keys of more than one byte, and failures
/// inside a run come out as if each element were pushed as it came.
#[test]
fn runs_of_repeated_messages_decode_and_fail_at_their_element() {
    #[derive(Clone, Debug, Default, PartialEq, Message)]
    #[proto(package = "test")]
    struct Listed {
        #[proto(2)]
        points: Vec<Point>,
        #[proto(3, sint32)]
        after: i32,
        /// A two-byte key (0x82 0x01).
        #[proto(16)]
        far: Vec<Point>,
    }
    let xs = |points: &[Point]| points.iter().map(|p| (p.x, p.s.clone())).collect::<Vec<_>>();
    // points {x: 1} points {} after: 2 points {x: -1, s: "a"} far {x: 1} far {}
    let bytes =
        [0x12, 2, 0x08, 2, 0x12, 0, 0x18, 4, 0x12, 5, 0x08, 1, 0x12, 1, b'a', 0x82, 0x01, 2, 0x08, 2, 0x82, 0x01, 0];
    let msg = Listed::decode(&bytes[..]).unwrap();
    let expected = vec![(1, String::new()), (0, String::new()), (-1, "a".to_owned())];
    assert_eq!((xs(&msg.points), msg.after), (expected, 2));
    assert_eq!(xs(&msg.far), [(1, String::new()), (0, String::new())]);
    // Written back in field order.
    let sorted =
        [0x12, 2, 0x08, 2, 0x12, 0, 0x12, 5, 0x08, 1, 0x12, 1, b'a', 0x18, 4, 0x82, 0x01, 2, 0x08, 2, 0x82, 0x01, 0];
    assert_eq!(msg.encode_to_vec().unwrap(), sorted);

    // The first element's length runs past the end: reported at its key.
    let err = Listed::decode(&[0x18, 2, 0x12, 5, 0x08][..]).unwrap_err();
    assert_eq!(err.kind(), &protowire::DecodeErrorKind::LengthPastEnd { len: 5, remaining: 1 });
    assert_eq!((err.offset(), err.field_path().collect::<Vec<_>>()), (Some(2), vec!["points"]));

    // The second element's length runs past the end: the run counted
    // ahead is the first alone, and the second is reported at its key.
    let err = Listed::decode(&[0x12, 2, 0x08, 2, 0x12, 9, 0x08][..]).unwrap_err();
    assert_eq!(err.kind(), &protowire::DecodeErrorKind::LengthPastEnd { len: 9, remaining: 1 });
    assert_eq!((err.offset(), err.field_path().collect::<Vec<_>>()), (Some(4), vec!["points"]));

    // The second of three elements is not UTF-8: reported at the string's
    // key; merged into a message that had one element, the field then
    // holds that one, the first, and what the second got before it
    // failed, not the third's default appended ahead of it.
    let bad = [0x12, 2, 0x08, 2, 0x12, 5, 0x08, 4, 0x12, 1, 0xff, 0x12, 0];
    let err = Listed::decode(&bad[..]).unwrap_err();
    assert_eq!(err.kind(), &protowire::DecodeErrorKind::InvalidUtf8);
    assert_eq!((err.offset(), err.field_path().collect::<Vec<_>>()), (Some(8), vec!["points", "s"]));
    // A varint cut short by the end of its element: reported at its key.
    let short = [0x12, 2, 0x08, 2, 0x12, 2, 0x08, 0x80, 0x12, 0];
    let err = Listed::decode(&short[..]).unwrap_err();
    assert_eq!((err.offset(), err.field_path().collect::<Vec<_>>()), (Some(6), vec!["points", "x"]));
    let mut msg = Listed { points: vec![Point { x: 7, ..Point::default() }], ..Listed::default() };
    assert!(msg.merge(&bad[..]).is_err());
    assert_eq!(xs(&msg.points), [(7, String::new()), (1, String::new()), (2, String::new())]);
}
