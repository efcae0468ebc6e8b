//! The runtime over hand-built tables: exact bytes, round trips, unknown
//! fields, required fields, and every kind of bad input.

mod common;

use common::{Inner, Outer, chain};
use protowire::{DecodeErrorKind, DecodeOptions, EncodeErrorKind, Message, UnknownValue};

fn sample() -> Outer {
    Outer {
        inner: Some(Inner { id: 150, name: "hi".into(), ..Inner::default() }),
        items: vec![1, -1, 300],
        tags: vec!["a".into(), String::new()],
        child: Some(Box::new(Outer { delta: Some(-2), ..Outer::default() })),
        delta: Some(0),
        words: vec![7, 8],
        ..Outer::default()
    }
}

#[test]
fn encodes_the_exact_bytes() {
    let bytes = sample().encode_to_vec().unwrap();
    #[rustfmt::skip]
    let expected: Vec<u8> = [
        &[0x0a, 7, 0x08, 0x96, 0x01, 0x12, 2, b'h', b'i'][..],      // inner
        &[0x12, 13, 1, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01, 0xac, 0x02], // items, packed
        &[0x1a, 1, b'a', 0x1a, 0],                                   // tags
        &[0x22, 2, 0x28, 3],                                         // child { delta: -2 }
        &[0x28, 0],                                                  // delta: Some(0) is written
        &[0x35, 7, 0, 0, 0, 0x35, 8, 0, 0, 0],                       // words, unpacked
    ]
    .concat();
    assert_eq!(bytes, expected);
    assert_eq!(sample().encoded_len(), expected.len());
}

#[test]
fn round_trips() {
    let msg = sample();
    let bytes = msg.encode_to_vec().unwrap();
    assert_eq!(Outer::decode(&bytes[..]).unwrap(), msg);
}

#[test]
fn packed_and_unpacked_are_both_accepted() {
    // items unpacked (wire type 0), words packed (wire type 2).
    let bytes = [0x10, 5, 0x10, 6, 0x32, 8, 1, 0, 0, 0, 2, 0, 0, 0];
    let msg = Outer::decode(&bytes[..]).unwrap();
    assert_eq!(msg.items, [5, 6]);
    assert_eq!(msg.words, [1, 2]);
    assert!(msg.unknown.is_empty());
}

#[test]
fn merge_semantics() {
    // Singular scalar: last wins. Message: merges. Repeated: appends.
    let first = Outer {
        inner: Some(Inner { id: 1, name: "first".into(), ..Inner::default() }),
        delta: Some(1),
        items: vec![1],
        ..Outer::default()
    };
    let second =
        Outer { inner: Some(Inner { id: 2, ..Inner::default() }), delta: Some(2), items: vec![2], ..Outer::default() };
    let mut bytes = first.encode_to_vec().unwrap();
    bytes.extend(second.encode_to_vec().unwrap());
    let merged = Outer::decode(&bytes[..]).unwrap();
    assert_eq!(merged.delta, Some(2));
    assert_eq!(merged.items, [1, 2]);
    let inner = merged.inner.unwrap();
    assert_eq!((inner.id, inner.name.as_str()), (2, "first"));
}

#[test]
fn unknown_fields_round_trip_byte_exact() {
    // Known field 2 (packed items), then unknown 9 (varint), 10 (bytes),
    // 11 (group), 12 (fixed64), 13 (fixed32).
    #[rustfmt::skip]
    let bytes: Vec<u8> = vec![
        0x12, 1, 7,
        0x48, 0x96, 0x01,
        0x52, 3, b'x', b'y', b'z',
        0x5b, 0x08, 0x01, 0x5c,
        0x61, 1, 2, 3, 4, 5, 6, 7, 8,
        0x6d, 1, 2, 3, 4,
    ];
    let msg = Outer::decode(&bytes[..]).unwrap();
    assert_eq!(msg.items, [7]);
    let unknown: Vec<_> = msg.unknown.iter().collect();
    assert_eq!(
        unknown,
        [
            (9, UnknownValue::Varint(150)),
            (10, UnknownValue::LengthDelimited(b"xyz")),
            (11, UnknownValue::Group(&[0x08, 0x01])),
            (12, UnknownValue::Fixed64(0x0807_0605_0403_0201)),
            (13, UnknownValue::Fixed32(0x0403_0201)),
        ]
    );
    assert_eq!(msg.encode_to_vec().unwrap(), bytes);
}

#[test]
fn unknown_runs_between_known_fields_are_kept_in_order() {
    // Unknown 9 and 10 between known fields 2 and 3, unknown 11 at the end.
    #[rustfmt::skip]
    let bytes: Vec<u8> = vec![
        0x12, 1, 7,
        0x48, 0x01, 0x52, 1, b'x',
        0x1a, 1, b'a',
        0x58, 0x02,
    ];
    let msg = Outer::decode(&bytes[..]).unwrap();
    assert_eq!((msg.items.as_slice(), msg.tags.as_slice()), (&[7][..], &["a".to_string()][..]));
    assert_eq!(msg.unknown.as_bytes(), [0x48, 0x01, 0x52, 1, b'x', 0x58, 0x02]);
}

/// `message Wide { uint32 a = 16; uint32 b = 17; }`: no field has a
/// one-byte key, so the merge loop's expected key is its "none" value.
#[derive(Clone, Debug, Default, PartialEq, Message)]
#[proto(package = "test")]
struct Wide {
    #[proto(16)]
    a: u32,
    #[proto(17)]
    b: u32,
    #[proto(unknown)]
    unknown: protowire::UnknownFields,
}

#[test]
fn bytes_no_one_byte_key_has_are_still_read_as_keys() {
    let kind = |bytes: &[u8]| Wide::decode(bytes).unwrap_err().kind().clone();
    assert_eq!(kind(&[0x00]), DecodeErrorKind::InvalidFieldNumber(0));
    assert!(matches!(kind(&[0xff]), DecodeErrorKind::Truncated { .. }), "{:?}", kind(&[0xff]));
    // 0xff 0x01: key 255, field 31 with wire type 7.
    assert_eq!(kind(&[0xff, 0x01]), DecodeErrorKind::InvalidWireType(7));
    let msg = Wide::decode(&[0x80, 0x01, 5, 0x88, 0x01, 6][..]).unwrap();
    assert_eq!((msg.a, msg.b), (5, 6));
    assert!(msg.unknown.is_empty());
}

#[test]
fn wrong_wire_type_for_known_field_is_kept_as_unknown() {
    // Field 5 (delta, a varint) arriving as fixed32.
    let bytes = [0x2d, 1, 0, 0, 0];
    let msg = Outer::decode(&bytes[..]).unwrap();
    assert_eq!(msg.delta, None);
    assert_eq!(msg.unknown.as_bytes(), bytes);
    assert_eq!(msg.encode_to_vec().unwrap(), bytes);
}

#[test]
fn missing_required_field_names_its_path() {
    // Outer { child: Outer { inner: Inner { name: "x" } } }: Inner.id missing.
    let bytes = [0x22, 5, 0x0a, 3, 0x12, 1, b'x'];
    let err = Outer::decode(&bytes[..]).unwrap_err();
    assert_eq!(err.kind(), &DecodeErrorKind::MissingRequired);
    assert_eq!(err.path(), "test.Outer.child.inner.id");
    assert_eq!(
        err.to_string(),
        "failed to decode protobuf message at `test.Outer.child.inner.id`: required field is missing"
    );
    let partial = Outer::decode_partial(&bytes[..]).unwrap();
    assert_eq!(partial.child.unwrap().inner.unwrap().name, "x");
}

#[test]
fn required_field_set_by_an_earlier_merge_counts() {
    let mut msg = Inner::decode(&[0x08, 1][..]).unwrap();
    msg.merge(&[0x12, 1, b'y'][..]).unwrap();
    assert_eq!((msg.id, msg.name.as_str()), (1, "y"));
}

#[test]
fn encode_checks_required_fields_of_option_typed_required() {
    // Inner.id is a plain u64, so always present; the check walks into
    // messages without error.
    let msg = Outer {
        child: Some(Box::new(Outer { inner: Some(Inner::default()), ..Outer::default() })),
        ..Outer::default()
    };
    assert!(msg.check_initialized().is_ok());
    assert_eq!(msg.encode_to_vec().unwrap(), msg.encode_partial_to_vec().unwrap());
}

#[test]
fn truncated_input_is_an_error_not_a_panic() {
    let bytes = sample().encode_to_vec().unwrap();
    for cut in 1..bytes.len() {
        // Some prefixes end exactly between fields and decode fine; none may panic.
        let _ = Outer::decode_partial(&bytes[..cut]);
    }
    let err = Outer::decode(&bytes[..2]).unwrap_err();
    assert_eq!(err.kind(), &DecodeErrorKind::LengthPastEnd { len: 7, remaining: 0 });
    assert_eq!(err.path(), "test.Outer.inner");
    let err = Outer::decode(&[0x28][..]).unwrap_err();
    assert_eq!(err.kind(), &DecodeErrorKind::Truncated { reading: "a varint" });
    assert_eq!(err.path(), "test.Outer.delta");
}

#[test]
fn overlong_varint_is_an_error() {
    let bytes = [0x28, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01];
    assert_eq!(Outer::decode(&bytes[..]).unwrap_err().kind(), &DecodeErrorKind::VarintTooLong);
}

#[test]
fn length_past_end_allocates_nothing_big() {
    // 5 bytes claiming a 2 GiB string: rejected by the length check before
    // any allocation (the allocation-counting test binary checks the bytes).
    let bytes = [0x1a, 0x80, 0x80, 0x80, 0x80, 0x08];
    let err = Outer::decode(&bytes[..]).unwrap_err();
    assert_eq!(err.kind(), &DecodeErrorKind::LengthPastEnd { len: 1 << 31, remaining: 0 });
    assert_eq!(err.path(), "test.Outer.tags");
}

#[test]
fn recursion_limit_is_100_by_default() {
    let ok = chain(100).encode_to_vec().unwrap();
    assert_eq!(Outer::decode(&ok[..]).unwrap(), chain(100));
    let too_deep = chain(101).encode_to_vec().unwrap();
    let err = Outer::decode(&too_deep[..]).unwrap_err();
    assert_eq!(err.kind(), &DecodeErrorKind::RecursionLimit);
    let options = DecodeOptions::new().recursion_limit(101);
    assert_eq!(Outer::decode_with_options(&too_deep[..], &options).unwrap(), chain(101));
}

#[test]
fn invalid_utf8_is_rejected() {
    let err = Outer::decode(&[0x1a, 2, 0xc3, 0x28][..]).unwrap_err();
    assert_eq!(err.kind(), &DecodeErrorKind::InvalidUtf8);
    assert_eq!(err.path(), "test.Outer.tags");
}

#[test]
fn stray_end_group_is_an_error() {
    let err = Outer::decode(&[0x0c][..]).unwrap_err();
    assert_eq!(err.kind(), &DecodeErrorKind::UnexpectedEndGroup(1));
}

#[test]
fn length_delimited_framing() {
    let a = sample();
    let b = Outer { delta: Some(5), ..Outer::default() };
    let mut stream = a.encode_length_delimited_to_vec().unwrap();
    b.encode_length_delimited(&mut stream).unwrap();
    let mut rest = &stream[..];
    assert_eq!(Outer::decode_length_delimited(&mut rest).unwrap(), a);
    assert_eq!(Outer::decode_length_delimited(&mut rest).unwrap(), b);
    assert!(rest.is_empty());
}

#[test]
fn incomplete_frames_consume_nothing() {
    let frame = sample().encode_length_delimited_to_vec().unwrap();
    // Every cut, inside the prefix or the body, is `Incomplete` and leaves
    // the input as it was; the whole frame then decodes.
    for cut in 0..frame.len() {
        let mut rest = &frame[..cut];
        let err = Outer::decode_length_delimited(&mut rest).unwrap_err();
        let needed = (cut > 0).then_some(frame.len() as u64);
        assert_eq!(err.kind(), &DecodeErrorKind::Incomplete { needed, available: cut }, "cut at {cut}");
        assert_eq!(rest.len(), cut, "cut at {cut}: input consumed");
        assert!(err.to_string().contains("incomplete"), "{err}");
    }
    // Fragmented input: the prefix split across chunks is peeked too.
    use protowire::bytes::Buf;
    let (head, tail) = frame.split_at(1);
    let mut chained = head.chain(&tail[..tail.len() - 1]);
    assert!(matches!(
        Outer::decode_length_delimited(&mut chained).unwrap_err().kind(),
        DecodeErrorKind::Incomplete { .. }
    ));
    assert_eq!(chained.remaining(), frame.len() - 1);
    // A long prefix cut short.
    let mut rest = &[0x80u8, 0x80][..];
    let err = Outer::decode_length_delimited(&mut rest).unwrap_err();
    assert_eq!(err.kind(), &DecodeErrorKind::Incomplete { needed: None, available: 2 });
    assert_eq!(rest.len(), 2);
    // Corrupt, not incomplete: an overlong prefix.
    let mut rest = &[0xffu8; 11][..];
    assert_eq!(Outer::decode_length_delimited(&mut rest).unwrap_err().kind(), &DecodeErrorKind::VarintTooLong);
}

#[test]
fn fragmented_buffers_decode_like_contiguous_ones() {
    use protowire::bytes::Buf;
    let bytes = sample().encode_length_delimited_to_vec().unwrap();
    let (head, tail) = bytes.split_at(1);
    let chained = head.chain(tail);
    assert_eq!(Outer::decode_length_delimited(chained).unwrap(), sample());
    let body = sample().encode_to_vec().unwrap();
    let (head, tail) = body.split_at(5);
    assert_eq!(Outer::decode(head.chain(tail)).unwrap(), sample());
}

#[test]
fn encode_into_a_small_buffer_fails_cleanly() {
    let msg = sample();
    let mut small = [0u8; 4];
    let err = msg.encode(&mut &mut small[..]).unwrap_err();
    assert_eq!(err.kind(), &EncodeErrorKind::BufferTooSmall { required: msg.encoded_len(), remaining: 4 });
    assert_eq!(small, [0; 4]);
}

#[test]
fn registry_finds_types_by_name() {
    let ty = Outer::message_type();
    assert_eq!(ty.full_name(), "test.Outer");
    let names: Vec<_> = ty.fields().iter().map(|f| (f.number, f.name)).collect();
    assert_eq!(names, [(1, "inner"), (2, "items"), (3, "tags"), (4, "child"), (5, "delta"), (6, "words")]);
    // Outer's first use registered Inner too, through the field that refers to it.
    let inner = protowire::registry::find_by_name("test.Inner").expect("registered");
    let decoded = inner.decode(&[0x08, 5]).unwrap();
    assert_eq!(decoded.downcast_ref::<Inner>().unwrap().id, 5);
    assert_eq!(decoded.encode_dyn().unwrap(), [0x08, 5]);
    assert!(protowire::registry::find_by_name(".test.Outer").is_some());
    assert!(protowire::registry::find_by_name("test.Nope").is_none());
}

/// A oneof whose members other fields come between (`pick`: 1, 3 and 5,
/// with 2 and 4 plain fields) and one whose members follow each other
/// (`also`: 6 to 8, a message among them).
#[derive(Clone, Debug, Default, PartialEq, protowire::Message)]
#[proto(package = "test")]
struct Interleaved {
    #[proto(oneof = "1, 3, 5")]
    pick: Option<Pick>,
    #[proto(2)]
    two: u32,
    #[proto(4)]
    four: String,
    #[proto(oneof = "6, 7, 8")]
    also: Option<Also>,
}

#[derive(Clone, Debug, PartialEq, protowire::Oneof)]
enum Pick {
    #[proto(1)]
    One(u32),
    #[proto(3)]
    Three(String),
    #[proto(5)]
    Five(i64),
}

#[derive(Clone, Debug, PartialEq, protowire::Oneof)]
enum Also {
    #[proto(6)]
    Six(bool),
    #[proto(7)]
    Seven(Needs),
    #[proto(8)]
    Eight(u64),
}

/// `message Needs { required uint64 id = 1; }`, stored as an `Option`.
#[derive(Clone, Debug, Default, PartialEq, protowire::Message)]
#[proto(package = "test")]
struct Needs {
    #[proto(1, required)]
    id: Option<u64>,
}

/// Each oneof's member set is written where its number puts it among the
/// other fields, and sized alike, whichever member of either oneof it is.
#[test]
fn oneof_members_are_written_in_number_order() {
    let base = Interleaved { two: 2, four: "4".into(), ..Interleaved::default() };
    // The members set, and the fields the message encodes to, in order.
    type Case = (Option<Pick>, Option<Also>, &'static [&'static [u8]]);
    let cases: [Case; 6] = [
        (None, None, &[&[0x10, 2], &[0x22, 1, b'4']]),
        (Some(Pick::One(1)), None, &[&[0x08, 1], &[0x10, 2], &[0x22, 1, b'4']]),
        (
            Some(Pick::Three("3".into())),
            Some(Also::Six(true)),
            &[&[0x10, 2], &[0x1a, 1, b'3'], &[0x22, 1, b'4'], &[0x30, 1]],
        ),
        (
            Some(Pick::Five(-1)),
            None,
            &[&[0x10, 2], &[0x22, 1, b'4'], &[0x28, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]],
        ),
        (None, Some(Also::Seven(Needs { id: Some(7) })), &[&[0x10, 2], &[0x22, 1, b'4'], &[0x3a, 2, 0x08, 7]]),
        (Some(Pick::One(0)), Some(Also::Eight(8)), &[&[0x08, 0], &[0x10, 2], &[0x22, 1, b'4'], &[0x40, 8]]),
    ];
    for (pick, also, parts) in cases {
        let msg = Interleaved { pick, also, ..base.clone() };
        let expected = parts.concat();
        assert_eq!(msg.encode_to_vec().unwrap(), expected, "{msg:?}");
        assert_eq!(msg.encoded_len(), expected.len(), "{msg:?}");
        assert_eq!(Interleaved::decode(&expected[..]).unwrap(), msg);
    }
    // A required field unset in a message member is still found.
    let missing = Interleaved { also: Some(Also::Seven(Needs::default())), ..base };
    assert_eq!(missing.encode_to_vec().unwrap_err().kind(), &EncodeErrorKind::MissingRequired);
}
