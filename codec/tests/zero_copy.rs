//! `bytes::Bytes` fields decoded from a `Bytes` input share its memory.

use std::collections::BTreeMap;

use bytes::Bytes;
use protowire::Message;

#[derive(Clone, Debug, Default, PartialEq, Message)]
#[proto(package = "zc")]
struct Blob {
    #[proto(1)]
    data: Bytes,
    #[proto(2)]
    parts: Vec<Bytes>,
    #[proto(3)]
    inner: Option<Inner>,
}

#[derive(Clone, Debug, Default, PartialEq, Message)]
#[proto(package = "zc")]
struct Inner {
    #[proto(1, map = "string, bytes")]
    by_name: BTreeMap<String, Bytes>,
    #[proto(2)]
    copied: Vec<u8>,
}

fn within(outer: &Bytes, part: &Bytes) -> bool {
    outer.as_ptr_range().contains(&part.as_ptr()) && part.as_ptr_range().end <= outer.as_ptr_range().end
}

fn sample() -> Blob {
    Blob {
        data: Bytes::from_static(b"a blob of bytes"),
        parts: vec![Bytes::from_static(b"one"), Bytes::from_static(b"two")],
        inner: Some(Inner {
            by_name: BTreeMap::from([("k".to_owned(), Bytes::from_static(b"value"))]),
            copied: b"owned".to_vec(),
        }),
    }
}

#[test]
fn fields_slice_a_bytes_input() {
    let input = Bytes::from(sample().encode_to_vec().unwrap());
    let decoded = Blob::decode(input.clone()).unwrap();
    assert_eq!(decoded, sample());
    assert!(within(&input, &decoded.data));
    assert!(decoded.parts.iter().all(|p| within(&input, p)));
    assert!(within(&input, &decoded.inner.as_ref().unwrap().by_name["k"]));
}

#[test]
fn a_slice_input_is_copied_once_and_shared() {
    let encoded = sample().encode_to_vec().unwrap();
    let decoded = Blob::decode(&encoded[..]).unwrap();
    assert_eq!(decoded, sample());
    // Not the caller's slice: a copy of the input that the fields share.
    assert!(!encoded.as_ptr_range().contains(&decoded.data.as_ptr()));
    let (a, b) = (decoded.parts[0].as_ptr() as usize, decoded.parts[1].as_ptr() as usize);
    assert_eq!(b - a, 5, "two parts five bytes apart in one buffer (3 bytes, key, length)");
}

#[test]
fn length_delimited_frames_share_too() {
    let mut stream = Vec::new();
    sample().encode_length_delimited(&mut stream).unwrap();
    sample().encode_length_delimited(&mut stream).unwrap();
    let mut input = Bytes::from(stream);
    let whole = input.clone();
    let first = Blob::decode_length_delimited(&mut input).unwrap();
    let second = Blob::decode_length_delimited(&mut input).unwrap();
    assert!(input.is_empty());
    assert_eq!((first.clone(), second.clone()), (sample(), sample()));
    assert!(within(&whole, &first.data) && within(&whole, &second.data));
}

/// Strings as `ByteString`: slices of a `Bytes` input, checked as UTF-8.
#[derive(Clone, Debug, Default, PartialEq, Message)]
#[proto(package = "zc")]
struct Names {
    #[proto(1)]
    first: protowire::ByteString,
    #[proto(2)]
    others: Vec<protowire::ByteString>,
    #[proto(3, map = "string, string")]
    labels: BTreeMap<protowire::ByteString, protowire::ByteString>,
    #[proto(4)]
    maybe: Option<protowire::ByteString>,
}

#[test]
fn byte_strings_slice_the_input_and_check_utf8() {
    let names = Names {
        first: "Ada".into(),
        others: vec!["Grace".into(), "Émilie".into()],
        labels: BTreeMap::from([("k".into(), "v".into())]),
        maybe: Some("".into()),
    };
    let encoded = Bytes::from(names.encode_to_vec().unwrap());
    let decoded = Names::decode(encoded.clone()).unwrap();
    assert_eq!(decoded, names);
    assert!(within(&encoded, decoded.first.as_bytes()));
    assert!(within(&encoded, decoded.others[1].as_bytes()));
    assert_eq!(&*decoded.others[1], "Émilie");
    // The same bytes as a `String` field would take: interchangeable on the wire.
    #[derive(Clone, Debug, Default, PartialEq, Message)]
    #[proto(package = "zc")]
    struct Owned {
        #[proto(1)]
        first: String,
    }
    assert_eq!(Owned::decode(&encoded[..]).unwrap().first, "Ada");
    // Invalid UTF-8 is rejected, as for `String`.
    let err = Names::decode(Bytes::from_static(&[0x0a, 0x01, 0xff])).unwrap_err();
    assert_eq!(err.kind(), &protowire::DecodeErrorKind::InvalidUtf8);
    assert_eq!(
        protowire::json::to_string(&decoded).unwrap(),
        r#"{"first":"Ada","others":["Grace","Émilie"],"labels":{"k":"v"},"maybe":""}"#
    );
}
