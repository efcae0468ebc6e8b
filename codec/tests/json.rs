//! The proto3 JSON mapping (`protowire::json`) through derived types: exact
//! printed text for every kind and every option, the input forms the spec
//! accepts, the inputs it rejects (with the error's offset and field path),
//! and round trips through the well-known types.

mod common;

use std::collections::BTreeMap;

use common::Outer;
use protowire::json::{self, ParseOptions, PrintOptions};
use protowire::types::{Any, Duration, FieldMask, Int64Value, ListValue, StringValue, Struct, Timestamp, Value, value};
use protowire::{Enumeration, Message, Oneof};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Enumeration)]
#[proto(package = "jsontest")]
#[repr(i32)]
enum Color {
    Unspecified = 0,
    Red = 1,
    DarkBlue = -2,
}

#[derive(Clone, Debug, PartialEq, Oneof)]
enum Choice {
    #[proto(30)]
    Text(String),
    #[proto(31)]
    Number(i64),
    #[proto(32)]
    Spot(Point),
}

#[derive(Clone, Debug, Default, PartialEq, Message)]
#[proto(package = "jsontest")]
struct Point {
    #[proto(1)]
    x_coord: i32,
    #[proto(2)]
    y_coord: i32,
}

/// Every scalar kind with implicit presence, then lists, a map, an
/// optional, a message and a oneof.
#[derive(Clone, Debug, Default, PartialEq, Message)]
#[proto(package = "jsontest")]
struct Scalars {
    #[proto(1)]
    int32: i32,
    #[proto(2)]
    int64: i64,
    #[proto(3)]
    uint32: u32,
    #[proto(4)]
    uint64: u64,
    #[proto(5, sint32)]
    sint32: i32,
    #[proto(6, sint64)]
    sint64: i64,
    #[proto(7, fixed32)]
    fixed32: u32,
    #[proto(8, fixed64)]
    fixed64: u64,
    #[proto(9, sfixed32)]
    sfixed32: i32,
    #[proto(10, sfixed64)]
    sfixed64: i64,
    #[proto(11)]
    float: f32,
    #[proto(12)]
    double: f64,
    #[proto(13)]
    boolean: bool,
    #[proto(14)]
    string: String,
    #[proto(15)]
    bytes: Vec<u8>,
    #[proto(16, enumeration = "Color")]
    color: i32,
    #[proto(17)]
    repeated_int64: Vec<i64>,
    #[proto(18, enumeration = "Color")]
    repeated_color: Vec<i32>,
    #[proto(19, map = "string, int32")]
    counts: BTreeMap<String, i32>,
    #[proto(20, map = "int64, message")]
    points: BTreeMap<i64, Point>,
    #[proto(21)]
    opt_int32: Option<i32>,
    #[proto(22)]
    point: Option<Point>,
    #[proto(oneof = "30, 31, 32")]
    choice: Option<Choice>,
}

/// A message holding well-known types as fields.
#[derive(Clone, Debug, Default, PartialEq, Message)]
#[proto(package = "jsontest")]
struct Wkts {
    #[proto(1)]
    at: Option<Timestamp>,
    #[proto(2)]
    took: Option<Duration>,
    #[proto(3)]
    any: Option<Any>,
    #[proto(4)]
    attrs: Option<Struct>,
    #[proto(5)]
    value: Option<Value>,
    #[proto(6)]
    list: Option<ListValue>,
    #[proto(7)]
    mask: Option<FieldMask>,
    #[proto(8)]
    count: Option<Int64Value>,
    #[proto(9)]
    name: Option<StringValue>,
}

fn full() -> Scalars {
    Scalars {
        int32: -1,
        int64: i64::MIN,
        uint32: u32::MAX,
        uint64: u64::MAX,
        sint32: -2,
        sint64: -3,
        fixed32: 7,
        fixed64: 8,
        sfixed32: -9,
        sfixed64: -10,
        float: 0.1,
        double: 2.5,
        boolean: true,
        string: "a\"\\\n\u{1}é".into(),
        bytes: vec![0xfb, 0xff],
        color: Color::DarkBlue as i32,
        repeated_int64: vec![1, -1],
        repeated_color: vec![1, 7],
        counts: [("b".to_owned(), 2), ("a".to_owned(), 1)].into(),
        points: [(-5, Point { x_coord: 1, y_coord: 0 })].into(),
        opt_int32: Some(0),
        point: Some(Point::default()),
        choice: Some(Choice::Text(String::new())),
    }
}

const FULL: &str = concat!(
    r#"{"int32":-1,"int64":"-9223372036854775808","uint32":4294967295,"uint64":"18446744073709551615","#,
    r#""sint32":-2,"sint64":"-3","fixed32":7,"fixed64":"8","sfixed32":-9,"sfixed64":"-10","#,
    r#""float":0.1,"double":2.5,"boolean":true,"string":"a\"\\\n\u0001é","bytes":"+/8=","color":"DARK_BLUE","#,
    r#""repeatedInt64":["1","-1"],"repeatedColor":["RED",7],"counts":{"a":1,"b":2},"#,
    r#""points":{"-5":{"xCoord":1}},"optInt32":0,"point":{},"text":""}"#,
);

fn parse_err<M: Message + std::fmt::Debug>(text: &str) -> json::JsonError {
    json::from_str::<M>(text).expect_err(text)
}

// ---------------------------------------------------------------- printing

#[test]
fn every_scalar_kind_prints_in_its_json_form() {
    assert_eq!(json::to_string(&full()).unwrap(), FULL);
}

#[test]
fn the_default_message_prints_as_an_empty_object() {
    assert_eq!(json::to_string(&Scalars::default()).unwrap(), "{}");
}

#[test]
fn non_finite_floats_print_as_strings() {
    for (v, text) in [(f64::NAN, "\"NaN\""), (f64::INFINITY, "\"Infinity\""), (f64::NEG_INFINITY, "\"-Infinity\"")] {
        let msg = Scalars { float: v as f32, double: v, ..Scalars::default() };
        assert_eq!(json::to_string(&msg).unwrap(), format!(r#"{{"float":{text},"double":{text}}}"#));
    }
}

#[test]
fn floats_print_in_the_shortest_form_that_reads_back() {
    let cases: [(f32, f64, &str); 4] = [
        (1.0, 100.0, r#"{"float":1,"double":100}"#),
        (-0.5, 1e21, r#"{"float":-0.5,"double":1e21}"#),
        (1.1754944e-38, 1e-7, r#"{"float":1.1754944e-38,"double":1e-7}"#),
        (1e-8, f64::MAX, r#"{"float":1e-8,"double":1.7976931348623157e308}"#),
    ];
    for (float, double, text) in cases {
        let msg = Scalars { float, double, ..Scalars::default() };
        assert_eq!(json::to_string(&msg).unwrap(), text);
        assert_eq!(json::from_str::<Scalars>(text).unwrap(), msg);
    }
}

#[test]
fn the_largest_float_reads_back() {
    for float in [f32::MAX, f32::MIN] {
        let msg = Scalars { float, ..Scalars::default() };
        let text = json::to_string(&msg).unwrap();
        assert_eq!(text, format!(r#"{{"float":{}}}"#, if float > 0.0 { "3.4028235e38" } else { "-3.4028235e38" }));
        assert_eq!(json::from_str::<Scalars>(&text).unwrap(), msg);
    }
    // Below the halfway point to 2^128, a decimal rounds to f32::MAX.
    assert_eq!(json::from_str::<Scalars>(r#"{"float":"3.40282356e38"}"#).unwrap().float, f32::MAX);
}

#[test]
fn emit_defaults_prints_zero_scalars_and_empty_lists_and_maps() {
    let text = json::to_string_with(&Scalars::default(), &PrintOptions::new().emit_defaults(true)).unwrap();
    // Not the unset optional, the unset message or the unset oneof: they
    // have presence, and are absent.
    let expected = concat!(
        r#"{"int32":0,"int64":"0","uint32":0,"uint64":"0","sint32":0,"sint64":"0","fixed32":0,"fixed64":"0","#,
        r#""sfixed32":0,"sfixed64":"0","float":0,"double":0,"boolean":false,"string":"","bytes":"","#,
        r#""color":"UNSPECIFIED","repeatedInt64":[],"repeatedColor":[],"counts":{},"points":{}}"#,
    );
    assert_eq!(text, expected);
    assert_eq!(json::from_str::<Scalars>(&text).unwrap(), Scalars::default());
}

#[test]
fn enums_as_ints_prints_numbers() {
    let msg = Scalars { color: Color::DarkBlue as i32, repeated_color: vec![0, 1, 7], ..Scalars::default() };
    let text = json::to_string_with(&msg, &PrintOptions::new().enums_as_ints(true)).unwrap();
    assert_eq!(text, r#"{"color":-2,"repeatedColor":[0,1,7]}"#);
    assert_eq!(json::from_str::<Scalars>(&text).unwrap(), msg);
}

#[test]
fn proto_names_prints_the_proto_field_names() {
    let msg = Scalars {
        repeated_int64: vec![3],
        opt_int32: Some(4),
        points: [(1, Point { x_coord: 0, y_coord: 5 })].into(),
        ..Scalars::default()
    };
    let text = json::to_string_with(&msg, &PrintOptions::new().proto_names(true)).unwrap();
    assert_eq!(text, r#"{"repeated_int64":["3"],"points":{"1":{"y_coord":5}},"opt_int32":4}"#);
    assert_eq!(json::from_str::<Scalars>(&text).unwrap(), msg);
}

#[test]
fn indent_prints_one_member_per_line() {
    let msg = Scalars {
        int32: 1,
        repeated_int64: vec![2, 3],
        counts: [("k".to_owned(), 4)].into(),
        point: Some(Point { x_coord: 5, y_coord: 0 }),
        choice: Some(Choice::Spot(Point::default())),
        ..Scalars::default()
    };
    let text = json::to_string_with(&msg, &PrintOptions::new().indent(Some(2))).unwrap();
    let expected = r#"{
  "int32": 1,
  "repeatedInt64": [
    "2",
    "3"
  ],
  "counts": {
    "k": 4
  },
  "point": {
    "xCoord": 5
  },
  "spot": {}
}"#;
    assert_eq!(text, expected);
    assert_eq!(json::to_string_with(&Scalars::default(), &PrintOptions::new().indent(Some(2))).unwrap(), "{}");
}

#[test]
fn to_vec_and_to_writer_print_the_same_text() {
    let options = PrintOptions::new();
    assert_eq!(json::to_vec(&full(), &options).unwrap(), FULL.as_bytes());
    let mut out = Vec::new();
    json::to_writer(&full(), &options, &mut out).unwrap();
    assert_eq!(out, FULL.as_bytes());
}

#[test]
fn dynamic_messages_print_and_merge_like_static_ones() {
    let msg = full();
    assert_eq!(json::to_string_dyn(&msg, &PrintOptions::new()).unwrap(), FULL);
    let mut parsed = Scalars { int32: 5, sint32: 9, ..Scalars::default() };
    json::merge_dyn(&mut parsed, r#"{"int32":6,"repeatedInt64":["1"]}"#, &ParseOptions::new()).unwrap();
    assert_eq!(parsed, Scalars { int32: 6, sint32: 9, repeated_int64: vec![1], ..Scalars::default() });
}

// ----------------------------------------------------------------- parsing

#[test]
fn the_printed_text_parses_back() {
    assert_eq!(json::from_str::<Scalars>(FULL).unwrap(), full());
    assert_eq!(json::from_slice::<Scalars>(FULL.as_bytes()).unwrap(), full());
}

/// Input that is not UTF-8 is refused at the first bad byte, short or long
/// (a long input is checked by SIMD, which must report the same offset).
#[test]
fn input_that_is_not_utf8_is_refused_at_its_offset() {
    for pad in [0usize, 10, 200, 5000] {
        let mut text = format!(r#"{{"string":"{}"#, "é".repeat(pad)).into_bytes();
        let at = text.len();
        text.extend_from_slice(b"\xff\"}");
        let err = json::from_slice::<Scalars>(&text).unwrap_err();
        assert_eq!(err.offset(), Some(at), "after {pad} two-byte characters");
    }
}

#[test]
fn integers_are_accepted_as_numbers_strings_and_exponents() {
    let text = r#"{"int32":"-7","int64":1e2,"uint32":"1E1","uint64":18446744073709551615,
        "sint64":"-5.0","fixed32":2.0e0,"sfixed64":-9223372036854775808}"#;
    let msg = json::from_str::<Scalars>(text).unwrap();
    let expected = Scalars {
        int32: -7,
        int64: 100,
        uint32: 10,
        uint64: u64::MAX,
        sint64: -5,
        fixed32: 2,
        sfixed64: i64::MIN,
        ..Scalars::default()
    };
    assert_eq!(msg, expected);
}

#[test]
fn floats_are_accepted_as_numbers_and_strings() {
    let msg = json::from_str::<Scalars>(r#"{"float":"1.5","double":"-1e3"}"#).unwrap();
    assert_eq!((msg.float, msg.double), (1.5, -1000.0));
    let msg = json::from_str::<Scalars>(r#"{"float":"-Infinity","double":"NaN"}"#).unwrap();
    assert_eq!(msg.float, f32::NEG_INFINITY);
    assert!(msg.double.is_nan());
}

#[test]
fn proto_names_are_accepted_beside_json_names() {
    let msg = json::from_str::<Scalars>(r#"{"repeated_int64":[1],"optInt32":2,"opt_int32":null}"#);
    // `optInt32` and `opt_int32` are one field given twice.
    assert_eq!(msg.unwrap_err().path(), "opt_int32");
    let msg = json::from_str::<Scalars>(r#"{"repeated_int64":[1],"opt_int32":2}"#).unwrap();
    assert_eq!(msg, Scalars { repeated_int64: vec![1], opt_int32: Some(2), ..Scalars::default() });
}

#[test]
fn null_leaves_a_field_unset() {
    let text = r#"{"int32":null,"optInt32":null,"point":null,"repeatedInt64":null,"counts":null,"text":null}"#;
    assert_eq!(json::from_str::<Scalars>(text).unwrap(), Scalars::default());
}

#[test]
fn bytes_accept_both_base64_alphabets_with_or_without_padding() {
    for text in ["+/8=", "+/8", "-_8=", "-_8"] {
        let msg = json::from_str::<Scalars>(&format!(r#"{{"bytes":"{text}"}}"#)).unwrap();
        assert_eq!(msg.bytes, [0xfb, 0xff], "{text}");
    }
}

#[test]
fn enums_are_accepted_by_name_or_number() {
    let msg = json::from_str::<Scalars>(r#"{"color":-2,"repeatedColor":["RED",1,99,"UNSPECIFIED"]}"#).unwrap();
    assert_eq!(msg.color, Color::DarkBlue as i32);
    assert_eq!(msg.repeated_color, [1, 1, 99, 0]);
}

#[test]
fn oneof_members_and_maps_parse() {
    let msg = json::from_str::<Scalars>(r#"{"number":"12","counts":{"x":-1},"points":{"-3":{"yCoord":2}}}"#).unwrap();
    assert_eq!(msg.choice, Some(Choice::Number(12)));
    assert_eq!(msg.counts, [("x".to_owned(), -1)].into());
    assert_eq!(msg.points, [(-3, Point { x_coord: 0, y_coord: 2 })].into());
}

#[test]
fn whitespace_around_tokens_is_allowed() {
    let msg = json::from_str::<Scalars>(" \n{ \"int32\" :\t1 , \"string\" : \"s\" }\r\n").unwrap();
    assert_eq!(msg, Scalars { int32: 1, string: "s".into(), ..Scalars::default() });
}

// --------------------------------------------------------------- rejection

#[test]
fn an_unknown_field_is_an_error_naming_it() {
    let e = parse_err::<Scalars>(r#"{"int32":1,"nope":2}"#);
    assert!(e.message().contains("nope"), "{e}");
    // After the member name and its colon: where the value would be read.
    assert_eq!(e.offset(), Some(18));
    assert_eq!(e.path(), "");
}

#[test]
fn an_unknown_field_in_a_nested_message_has_its_path() {
    let e = parse_err::<Scalars>(r#"{"point":{"zCoord":1}}"#);
    assert!(e.message().contains("zCoord"), "{e}");
    assert_eq!(e.offset(), Some(19));
    assert_eq!(e.path(), "point");
    let e = parse_err::<Outer>(r#"{"child":{"child":{"inner":{"id":"x"}}}}"#);
    assert_eq!(e.path(), "child.child.inner.id");
    assert_eq!(e.offset(), Some(33));
}

#[test]
fn ignore_unknown_fields_skips_members_and_enum_names() {
    let text = r#"{"nope":{"a":[1,{"b":null}]},"int32":3,"color":"PURPLE","repeatedColor":["RED","PURPLE"]}"#;
    let options = ParseOptions::new().ignore_unknown_fields(true);
    let msg = json::from_str_with::<Scalars>(text, &options).unwrap();
    assert_eq!(msg, Scalars { int32: 3, repeated_color: vec![1], ..Scalars::default() });
    let e = parse_err::<Scalars>(r#"{"color":"PURPLE"}"#);
    assert!(e.message().contains("PURPLE"), "{e}");
    assert_eq!((e.offset(), e.path().as_str()), (Some(9), "color"));
}

#[test]
fn a_field_given_twice_is_an_error() {
    let e = parse_err::<Scalars>(r#"{"int32":1,"int32":2}"#);
    assert_eq!((e.offset(), e.path().as_str()), (Some(19), "int32"));
    let e = parse_err::<Scalars>(r#"{"repeatedInt64":[1],"repeated_int64":[2]}"#);
    assert_eq!((e.offset(), e.path().as_str()), (Some(38), "repeated_int64"));
}

#[test]
fn two_members_of_one_oneof_are_an_error() {
    let e = parse_err::<Scalars>(r#"{"text":"a","number":1}"#);
    assert!(e.message().contains("text") && e.message().contains("number"), "{e}");
    assert_eq!((e.offset(), e.path().as_str()), (Some(21), "number"));
    // A null member sets nothing, so it does not count.
    let msg = json::from_str::<Scalars>(r#"{"text":null,"number":1}"#).unwrap();
    assert_eq!(msg.choice, Some(Choice::Number(1)));
}

#[test]
fn integers_out_of_range_or_fractional_are_errors() {
    for (text, offset, path) in [
        (r#"{"int32":2147483648}"#, 9, "int32"),
        (r#"{"int32":-2147483649}"#, 9, "int32"),
        (r#"{"uint32":-1}"#, 10, "uint32"),
        (r#"{"int64":"9223372036854775808"}"#, 9, "int64"),
        (r#"{"uint64":"18446744073709551616"}"#, 10, "uint64"),
        (r#"{"int32":1.5}"#, 9, "int32"),
        (r#"{"sint64":"1e-1"}"#, 10, "sint64"),
        (r#"{"repeatedInt64":[1,2.5]}"#, 20, "repeated_int64"),
        (r#"{"int32":"0x10"}"#, 9, "int32"),
        (r#"{"int32":true}"#, 9, "int32"),
    ] {
        let e = parse_err::<Scalars>(text);
        assert_eq!((e.offset(), e.path().as_str()), (Some(offset), path), "{text}: {e}");
    }
}

#[test]
fn a_float_past_the_float_range_is_an_error() {
    let e = parse_err::<Scalars>(r#"{"float":3.5e38}"#);
    assert_eq!((e.offset(), e.path().as_str()), (Some(9), "float"));
    assert!(json::from_str::<Scalars>(r#"{"double":1e309}"#).is_err());
}

#[test]
fn every_parse_error_has_an_offset() {
    for text in [r#"{"double":1e309}"#, r#"{"double":"-1e400"}"#] {
        let e = parse_err::<Scalars>(text);
        assert_eq!((e.offset(), e.path().as_str()), (Some(10), "double"), "{text}: {e}");
    }
    let e = parse_err::<Any>(r#"{"@type":"type.googleapis.com/jsontest.Nowhere"}"#);
    assert!(e.offset().is_some(), "{e}");
}

#[test]
fn malformed_json_is_an_error_at_its_offset() {
    for (text, offset) in [
        (r#"{"int32":1} x"#, 12),
        (r#"{"int32":1}}"#, 11),
        (r#"{"int32":1,}"#, 11),
        (r#"{"int32":01}"#, 9),
        (r#"{int32:1}"#, 1),
        (r#"{"int32":1"#, 10),
        ("", 0),
        (r#"{"bytes":"Zg="}"#, 9),
        // After the escape, where a low surrogate should have begun.
        (r#"{"string":"\ud800"}"#, 17),
        ("[]", 0),
    ] {
        let e = parse_err::<Scalars>(text);
        assert_eq!(e.offset(), Some(offset), "{text}: {e}");
    }
}

#[test]
fn nesting_past_the_recursion_limit_is_an_error() {
    // Limit n: the top-level object and n - 1 nested ones.
    let depth = |n: usize| "{\"child\":".repeat(n) + "{}" + &"}".repeat(n);
    let options = ParseOptions::new().recursion_limit(3);
    assert_eq!(json::from_str_with::<Outer>(&depth(2), &options).unwrap(), common::chain(2).with_no_items());
    let e = json::from_str_with::<Outer>(&depth(3), &options).unwrap_err();
    assert_eq!((e.offset(), e.path().as_str()), (Some(28), "child.child.child"));
    assert!(e.message().contains("recursion limit"), "{e}");
    // Arrays count as levels too.
    let e = json::from_str_with::<Outer>(r#"{"child":{"items":[1]}}"#, &ParseOptions::new().recursion_limit(2))
        .unwrap_err();
    assert_eq!((e.offset(), e.path().as_str()), (Some(19), "child.items"));
    // The default limit holds against deep input without overflowing.
    assert!(json::from_str::<Outer>(&depth(100_000)).is_err());
}

#[test]
fn printing_a_message_nested_too_deep_is_an_error() {
    let msg = common::chain(20_000);
    assert!(msg.encode_to_vec().is_err());
    // The limit (1,000 levels) is reached long before a 16 MiB stack runs
    // out, even with AddressSanitizer's larger frames (tests/asan.sh); in a
    // debug build, 20,000 levels without the limit would overflow it.
    let result = std::thread::Builder::new()
        .stack_size(16 << 20)
        .spawn(move || {
            let result = json::to_string(&msg).map(|_| ());
            // Dropped in a loop: dropping the chain recursively could overflow too.
            let mut at = msg;
            while let Some(child) = at.child.take() {
                at = *child;
            }
            result
        })
        .unwrap()
        .join()
        .unwrap();
    assert!(result.unwrap_err().message().contains("deep"));
}

trait NoItems {
    fn with_no_items(self) -> Self;
}

impl NoItems for Outer {
    /// `chain` puts `items: [1]` in the innermost message; the JSON above has none.
    fn with_no_items(mut self) -> Outer {
        let mut at = &mut self;
        while let Some(child) = at.child.as_deref_mut() {
            at = child;
        }
        at.items.clear();
        self
    }
}

// ----------------------------------------------------- well-known types

#[test]
fn well_known_types_print_in_their_own_forms() {
    let mut attrs = Struct::default();
    attrs.fields.insert("n".into(), Value { kind: Some(value::Kind::NumberValue(1.5)), ..Value::default() });
    attrs.fields.insert("z".into(), Value { kind: Some(value::Kind::NullValue(0)), ..Value::default() });
    let msg = Wkts {
        at: Some(Timestamp { seconds: 1_700_000_000, nanos: 10_000_000, ..Timestamp::default() }),
        took: Some(Duration { seconds: -1, nanos: -500_000_000, ..Duration::default() }),
        any: Some(Any::pack(&Point { x_coord: 1, y_coord: 2 }).unwrap()),
        attrs: Some(attrs),
        value: Some(Value { kind: Some(value::Kind::StringValue("s".into())), ..Value::default() }),
        list: Some(ListValue {
            values: vec![
                Value { kind: Some(value::Kind::BoolValue(true)), ..Value::default() },
                Value { kind: Some(value::Kind::ListValue(ListValue::default())), ..Value::default() },
            ],
            ..ListValue::default()
        }),
        mask: Some(FieldMask { paths: vec!["foo_bar.baz".into(), "x".into()], ..FieldMask::default() }),
        count: Some(Int64Value { value: 0, ..Int64Value::default() }),
        name: Some(StringValue { value: "w".into(), ..StringValue::default() }),
    };
    let text = json::to_string(&msg).unwrap();
    let expected = concat!(
        r#"{"at":"2023-11-14T22:13:20.010Z","took":"-1.500s","#,
        r#""any":{"@type":"type.googleapis.com/jsontest.Point","xCoord":1,"yCoord":2},"#,
        r#""attrs":{"n":1.5,"z":null},"value":"s","list":[true,[]],"mask":"fooBar.baz,x","count":"0","name":"w"}"#,
    );
    assert_eq!(text, expected);
    assert_eq!(json::from_str::<Wkts>(&text).unwrap(), msg);
}

#[test]
fn timestamps_and_durations_round_trip_at_their_limits() {
    for (seconds, nanos, text) in [
        (0, 0, "1970-01-01T00:00:00Z"),
        (-62_135_596_800, 0, "0001-01-01T00:00:00Z"),
        (253_402_300_799, 999_999_999, "9999-12-31T23:59:59.999999999Z"),
        (951_782_400, 1_000, "2000-02-29T00:00:00.000001Z"),
    ] {
        let ts = Timestamp { seconds, nanos, ..Timestamp::default() };
        assert_eq!(json::to_string(&ts).unwrap(), format!("\"{text}\""));
        assert_eq!(json::from_str::<Timestamp>(&format!("\"{text}\"")).unwrap(), ts);
    }
    // An offset is accepted on input and folded into UTC.
    let ts = json::from_str::<Timestamp>(r#""1970-01-01T01:00:00.5+01:00""#).unwrap();
    assert_eq!((ts.seconds, ts.nanos), (0, 500_000_000));
    for (seconds, nanos, text) in [
        (0, 0, "0s"),
        (0, -1, "-0.000000001s"),
        (315_576_000_000, 999_999_999, "315576000000.999999999s"),
        (-315_576_000_000, -999_999_999, "-315576000000.999999999s"),
        (3, 20_000_000, "3.020s"),
    ] {
        let d = Duration { seconds, nanos, ..Duration::default() };
        assert_eq!(json::to_string(&d).unwrap(), format!("\"{text}\""));
        assert_eq!(json::from_str::<Duration>(&format!("\"{text}\"")).unwrap(), d);
    }
}

#[test]
fn timestamps_and_durations_out_of_range_fail_to_print_and_parse() {
    for (seconds, nanos) in [(253_402_300_800, 0), (-62_135_596_801, 0), (0, -1), (0, 1_000_000_000)] {
        let msg = Wkts { at: Some(Timestamp { seconds, nanos, ..Timestamp::default() }), ..Wkts::default() };
        let e = json::to_string(&msg).unwrap_err();
        assert!(e.message().contains("Timestamp out of range"), "{e}");
        assert_eq!((e.offset(), e.path().as_str()), (None, "at"));
    }
    for (seconds, nanos) in [(315_576_000_001, 0), (1, -1), (-1, 1), (0, 1_000_000_000)] {
        let d = Duration { seconds, nanos, ..Duration::default() };
        assert!(json::to_string(&d).is_err(), "{seconds} s {nanos} ns");
    }
    for text in [
        r#""10000-01-01T00:00:00Z""#,
        r#""0000-12-31T23:59:59Z""#,
        r#""1970-02-30T00:00:00Z""#,
        r#""1970-01-01T00:00:00""#,
        r#""1970-01-01 00:00:00Z""#,
        r#""1970-01-01T00:00:00.Z""#,
        r#""1970-01-01T00:00:00.1234567890Z""#,
    ] {
        assert!(json::from_str::<Timestamp>(text).is_err(), "{text}");
    }
    for text in [r#""1""#, r#""315576000001s""#, r#""1.s""#, r#""-s""#, r#""1.0000000001s""#, r#""+1s""#] {
        assert!(json::from_str::<Duration>(text).is_err(), "{text}");
    }
}

#[test]
fn a_duration_in_an_any_round_trips() {
    let duration = Duration { seconds: 90, nanos: 5_000, ..Duration::default() };
    let msg = Wkts { any: Some(Any::pack(&duration).unwrap()), ..Wkts::default() };
    let text = json::to_string(&msg).unwrap();
    assert_eq!(text, r#"{"any":{"@type":"type.googleapis.com/google.protobuf.Duration","value":"90.000005s"}}"#);
    let back = json::from_str::<Wkts>(&text).unwrap();
    assert_eq!(back, msg);
    assert_eq!(back.any.unwrap().unpack::<Duration>().unwrap(), duration);
    // `@type` may come last.
    let late = r#"{"any":{"value":"90.000005s","@type":"type.googleapis.com/google.protobuf.Duration"}}"#;
    assert_eq!(json::from_str::<Wkts>(late).unwrap(), msg);
}

#[test]
fn an_any_of_an_unregistered_type_is_a_clear_error() {
    let any = Any { type_url: "type.googleapis.com/jsontest.Nowhere".into(), ..Any::default() };
    let e = json::to_string(&any).unwrap_err();
    assert!(e.message().contains("jsontest.Nowhere") && e.message().contains("not registered"), "{e}");
    let e = parse_err::<Any>(r#"{"@type":"type.googleapis.com/jsontest.Nowhere","a":1}"#);
    assert!(e.message().contains("jsontest.Nowhere") && e.message().contains("not registered"), "{e}");
    let e = parse_err::<Any>(r#"{"a":1}"#);
    assert!(e.message().contains("@type"), "{e}");
    let e = parse_err::<Any>(r#"{"@type":"no-slash"}"#);
    assert!(e.message().contains("no-slash"), "{e}");
}

#[test]
fn nested_struct_values_round_trip() {
    let text = r#"{"attrs":{"a":[1,"two",null,true,{"b":{"c":[]}}],"d":{},"e":-0.25}}"#;
    let msg = json::from_str::<Wkts>(text).unwrap();
    let attrs = msg.attrs.as_ref().unwrap();
    let Some(value::Kind::ListValue(list)) = &attrs.fields["a"].kind else { panic!("{attrs:?}") };
    let kinds: Vec<_> = list.values.iter().map(|v| v.kind.clone().unwrap()).collect();
    assert_eq!(kinds[0], value::Kind::NumberValue(1.0));
    assert_eq!(kinds[1], value::Kind::StringValue("two".into()));
    assert_eq!(kinds[2], value::Kind::NullValue(0));
    assert_eq!(kinds[3], value::Kind::BoolValue(true));
    let value::Kind::StructValue(inner) = &kinds[4] else { panic!("{kinds:?}") };
    let Some(value::Kind::StructValue(b)) = &inner.fields["b"].kind else { panic!("{inner:?}") };
    assert_eq!(b.fields["c"].kind, Some(value::Kind::ListValue(ListValue::default())));
    assert_eq!(attrs.fields["d"].kind, Some(value::Kind::StructValue(Struct::default())));
    assert_eq!(attrs.fields["e"].kind, Some(value::Kind::NumberValue(-0.25)));
    assert_eq!(json::to_string(&msg).unwrap(), text);
    // A Value field takes `null` as the null value, not as "unset".
    let msg = json::from_str::<Wkts>(r#"{"value":null}"#).unwrap();
    assert_eq!(msg.value.unwrap().kind, Some(value::Kind::NullValue(0)));
}

#[test]
fn a_value_holding_nan_or_nothing_has_no_json_form() {
    let msg = Value { kind: Some(value::Kind::NumberValue(f64::NAN)), ..Value::default() };
    assert!(json::to_string(&msg).is_err());
    assert!(json::to_string(&Value::default()).is_err());
}

#[test]
fn field_masks_round_trip_and_reject_paths_that_would_not_read_back() {
    let mask = FieldMask { paths: vec!["a_b.c_d".into(), "e".into()], ..FieldMask::default() };
    assert_eq!(json::to_string(&mask).unwrap(), r#""aB.cD,e""#);
    assert_eq!(json::from_str::<FieldMask>(r#""aB.cD,e""#).unwrap(), mask);
    for path in ["a__b", "a_1", "aB", "a_"] {
        let mask = FieldMask { paths: vec![path.into()], ..FieldMask::default() };
        assert!(json::to_string(&mask).is_err(), "{path}");
    }
    assert!(json::from_str::<FieldMask>(r#""a_b""#).is_err());
}

#[test]
fn wrappers_print_their_bare_value_even_at_the_default() {
    let msg = Wkts { count: Some(Int64Value::default()), name: Some(StringValue::default()), ..Wkts::default() };
    assert_eq!(json::to_string(&msg).unwrap(), r#"{"count":"0","name":""}"#);
    assert_eq!(json::from_str::<Wkts>(r#"{"count":"0","name":""}"#).unwrap(), msg);
    assert_eq!(json::from_str::<Wkts>(r#"{"count":null}"#).unwrap(), Wkts::default());
}

/// Texts of a megabyte and more are printed into a buffer sized from the
/// last one of their type: the same text on the first print (no size known
/// yet), on the next (sized), for a longer one than the last, and for a
/// short one after them (which must not keep the large buffer's capacity).
#[test]
fn large_texts_print_the_same_whether_or_not_their_size_is_known() {
    let big = StringValue { value: "ab\"c".repeat(300_000), ..Default::default() };
    let expected = format!("\"{}\"", "ab\\\"c".repeat(300_000));
    assert!(expected.len() > 1 << 20);
    for _ in 0..2 {
        assert_eq!(json::to_string(&big).unwrap(), expected);
    }
    let bigger = StringValue { value: "x".repeat(3 << 20), ..Default::default() };
    assert_eq!(json::to_string(&bigger).unwrap().len(), (3 << 20) + 2);
    let small = json::to_string(&StringValue { value: "hi".into(), ..Default::default() }).unwrap();
    assert_eq!(small, "\"hi\"");
    assert!(small.capacity() < 1 << 10, "capacity {}", small.capacity());
    assert_eq!(json::from_str::<StringValue>(&expected).unwrap(), big);
}
