//! The text format (`protowire::text`) on derived types: exact printed
//! output, the input forms protoc's parser accepts, and clear errors.

mod common;

use common::{AllScalars, Inner, Outer, chain};
use protowire::{Message, UnknownFields, text};

#[test]
fn prints_one_field_per_line_nested_in_braces() {
    let msg = Outer {
        inner: Some(Inner { id: 7, name: "n\"1\u{e9}".into(), ..Inner::default() }),
        items: vec![1, -2],
        tags: vec!["a".into()],
        delta: Some(-5),
        ..Outer::default()
    };
    let printed = text::to_string(&msg).unwrap();
    assert_eq!(printed, "inner {\n  id: 7\n  name: \"n\\\"1\u{e9}\"\n}\nitems: 1\nitems: -2\ntags: \"a\"\ndelta: -5\n");
    assert_eq!(text::from_str::<Outer>(&printed).unwrap(), msg);
    let single = text::to_string_with(&msg, &text::PrintOptions::new().single_line(true)).unwrap();
    assert_eq!(single, "inner { id: 7 name: \"n\\\"1\u{e9}\" } items: 1 items: -2 tags: \"a\" delta: -5");
    assert_eq!(text::from_str::<Outer>(&single).unwrap(), msg);
}

#[test]
fn scalars_of_every_kind_round_trip() {
    let msg = AllScalars {
        int32: i32::MIN,
        int64: i64::MIN,
        uint32: u32::MAX,
        uint64: u64::MAX,
        sint32: -1,
        sint64: i64::MAX,
        bool: true,
        fixed32: 1,
        fixed64: 2,
        sfixed32: -3,
        sfixed64: -4,
        float: 0.1,
        double: -1e300,
        opt_double: Some(f64::INFINITY),
        opt_int32: Some(0),
        packed_float: vec![f32::NEG_INFINITY, 1.5],
        string: "tab\there".into(),
        bytes: vec![0, 0xff, b'a'],
        ..AllScalars::default()
    };
    let printed = text::to_string(&msg).unwrap();
    assert!(printed.contains("float: 0.1\n"), "{printed}");
    assert!(printed.contains("opt_double: inf\n"), "{printed}");
    assert!(printed.contains("opt_int32: 0\n"), "optional fields print when set, even at 0: {printed}");
    assert!(printed.contains("bytes: \"\\000\\377a\"\n"), "{printed}");
    assert!(!printed.contains("fixed32: 0"), "implicit fields at 0 are left out: {printed}");
    assert_eq!(text::from_str::<AllScalars>(&printed).unwrap(), msg);
}

#[test]
fn accepts_what_protoc_accepts() {
    let parsed: Outer = text::from_str(
        "# a comment\n inner < id: 0x10; name: 'a' \"b\" '\\101\\x42\\u00e9' >, items: [1, 010, -3] \
         tags: [] child { delta: -1 } words: 4",
    )
    .unwrap();
    assert_eq!(parsed.inner.as_ref().unwrap().id, 16);
    assert_eq!(parsed.inner.as_ref().unwrap().name, "abAB\u{e9}");
    assert_eq!(parsed.items, [1, 8, -3]);
    assert!(parsed.tags.is_empty());
    assert_eq!(parsed.child.as_ref().unwrap().delta, Some(-1));
    assert_eq!(parsed.words, [4]);
    let floats: AllScalars = text::from_str("float: 1.5f double: -INF opt_float: 2 opt_double: nan bool: t").unwrap();
    assert_eq!((floats.float, floats.double, floats.opt_float), (1.5, f64::NEG_INFINITY, Some(2.0)));
    assert!(floats.opt_double.unwrap().is_nan());
    assert!(floats.bool);
}

#[test]
fn errors_name_the_place_and_the_field() {
    let cases: [(&str, &str, &str); 7] = [
        ("nope: 1", "", "has no field `nope`"),
        ("delta: 1 delta: 2", "", "given twice"),
        ("inner { id: -1 }", "inner.id", "out of range"),
        ("inner { name: \"\\xff\" }", "inner.name", "not UTF-8"),
        ("items: 1.5", "items", "not an integer"),
        ("inner { id: 1", "inner", "expected `}`"),
        ("delta 1", "delta", "expected `:`"),
    ];
    for (input, path, message) in cases {
        let err = text::from_str::<Outer>(input).unwrap_err();
        assert_eq!(err.path(), path, "{input}: {err}");
        assert!(err.message().contains(message), "{input}: {err}");
        assert!(err.offset().is_some_and(|at| at <= input.len()), "{input}: {err}");
    }
    assert!(text::from_str::<Outer>("inner { name: \"\\ud83d\\ude00\" }").is_err(), "surrogate escapes");
}

#[test]
fn nesting_is_bounded_both_ways() {
    let deep = "child { ".repeat(101) + &"} ".repeat(101);
    assert!(text::from_str::<Outer>(&deep).unwrap_err().message().contains("recursion limit"));
    let ok = "child { ".repeat(100) + "items: 1 " + &"} ".repeat(100);
    assert_eq!(text::from_str::<Outer>(&ok).unwrap(), chain(100));
}

#[test]
fn unknown_fields_print_on_request() {
    let mut unknown = UnknownFields::default();
    unknown.push_varint(100, 5);
    let msg = Inner { id: 1, unknown, ..Inner::default() };
    assert_eq!(text::to_string(&msg).unwrap(), "id: 1\n");
    let options = text::PrintOptions::new().print_unknown_fields(true);
    assert_eq!(text::to_string_with(&msg, &options).unwrap(), "id: 1\n100: 5\n");
    // A length-delimited unknown field holding fields prints as a message
    // (`id` is required, stored without an `Option`: always printed).
    let nested = Outer { inner: Some(Inner { id: 3, ..Inner::default() }), ..Outer::default() };
    let bytes = nested.encode_to_vec().unwrap();
    let as_inner = Inner::decode_partial(&bytes[..]).unwrap();
    assert_eq!(text::to_string_with(&as_inner, &options).unwrap(), "id: 0\n1 {\n  1: 3\n}\n");
}

/// A `string` kept unchecked as bytes prints as text when it is UTF-8 and
/// as escaped bytes when it is not; a `bytes` field is escaped bytes even
/// when its bytes are UTF-8.
#[test]
fn unchecked_strings_print_as_text_only_when_utf8() {
    #[derive(Clone, Debug, Default, PartialEq, Message)]
    #[proto(package = "textcase")]
    struct Raw {
        #[proto(1, unchecked_string)]
        name: Vec<u8>,
        #[proto(2)]
        data: Vec<u8>,
    }
    let text_like = Raw { name: "é".as_bytes().to_vec(), data: "é".as_bytes().to_vec() };
    assert_eq!(text::to_string(&text_like).unwrap(), "name: \"\u{e9}\"\ndata: \"\\303\\251\"\n");
    let not_utf8 = Raw { name: vec![0xff, b'a'], data: vec![] };
    assert_eq!(text::to_string(&not_utf8).unwrap(), "name: \"\\377a\"\n");
}
