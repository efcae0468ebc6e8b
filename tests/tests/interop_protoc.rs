//! Interop with protoc (the C++ implementation; the binary the
//! `protoc-bin-vendored` crate ships, or `PROTOC`), an independent
//! implementation: bytes `protoc --encode` makes from text format decode to
//! the expected struct, and what we encode `protoc --decode` reads back as
//! the same message.

use std::path::PathBuf;

use protowire::Message;
use protowire_tests::shop::{Color, Legacy, Line, Order, Payment, Status};

fn protos() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("protos")
}

fn protoc(mode: &str, input: &[u8]) -> Vec<u8> {
    let args = [format!("--proto_path={}", protos().display()), format!("--{mode}=shop.Order"), "shop.proto".into()];
    protowire_tests::run_protoc(&args, input)
}

const TEXT: &str = r#"
id: 7
delta: -3
customer: "ann"
lines { sku: "a" qty: 2 }
lines { sku: "b" }
flags: 1
flags: 4294967295
note: ""
totals { key: "x" value: 9 }
totals { key: "y" value: 18446744073709551615 }
status: PAID
voucher { sku: "v" qty: 1 }
blob: "\000\001\377"
Legacy { code: -5 }
colors: RED
colors: GREEN
weights: 1.5
weights: -0
by_id { key: -1 value { sku: "z" } }
"#;

fn expected() -> Order {
    Order {
        id: 7,
        delta: -3,
        customer: "ann".into(),
        lines: vec![Line { sku: "a".into(), qty: 2 }, Line { sku: "b".into(), qty: 0 }],
        flags: vec![1, u32::MAX],
        note: Some(String::new()),
        totals: [("x".to_string(), 9), ("y".to_string(), u64::MAX)].into(),
        status: Status::Paid as i32,
        payment: Some(Payment::Voucher(Line { sku: "v".into(), qty: 1 })),
        blob: bytes::Bytes::from_static(&[0, 1, 255]),
        legacy: Some(Legacy { code: Some(-5) }),
        colors: vec![Color::Red as i32, Color::Green as i32],
        weights: vec![1.5, -0.0],
        by_id: [(-1, Line { sku: "z".into(), qty: 0 })].into(),
        ..Order::default()
    }
}

#[test]
fn protoc_encoded_bytes_decode_to_the_expected_struct() {
    let bytes = protoc("encode", TEXT.as_bytes());
    let order = Order::decode(&bytes[..]).unwrap();
    assert_eq!(order, expected());
    assert!(order.unknown.is_empty());
}

#[test]
fn our_bytes_read_back_identically_through_protoc() {
    let reference = protoc("encode", TEXT.as_bytes());
    let reference_text = protoc("decode", &reference);
    let ours = expected().encode_to_vec().unwrap();
    let our_text = protoc("decode", &ours);
    assert_eq!(String::from_utf8(our_text).unwrap(), String::from_utf8(reference_text).unwrap());
}

#[test]
fn unknown_fields_reach_protoc_intact() {
    // A message with only the required field and one unknown field (99):
    // protoc keeps the unknown field and prints it by number.
    let mut order = Order { customer: "c".into(), ..Order::default() };
    order.merge(&[0x98, 0x06, 0x2a][..]).unwrap();
    let text = protoc("decode", &order.encode_to_vec().unwrap());
    assert_eq!(String::from_utf8(text).unwrap(), "customer: \"c\"\n99: 42\n");
}

/// protoc on an editions schema (`test_messages_edition2023.proto`): its
/// encoding of every feature decodes to the fields it names, and ours reads
/// back through protoc as the same text.
#[test]
fn editions_payloads_interoperate() {
    use protowire_tests::protobuf_test_messages::editions::{TestAllTypesEdition2023, test_all_types_edition2023 as t};
    let conformance = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../protos/conformance");
    let run = |mode: &str, input: &[u8]| {
        let args = [
            format!("--proto_path={}", conformance.display()),
            format!("--{mode}=protobuf_test_messages.editions.TestAllTypesEdition2023"),
            "test_messages_edition2023.proto".into(),
        ];
        protowire_tests::run_protoc(&args, input)
    };
    // Explicit presence (a zero is written), packed and expanded repeated
    // fields, a delimited (group-encoded) field, a length-prefixed message,
    // an open enum's unknown value, a map and a oneof.
    let text = "optional_int32: 0\nrepeated_int32: 1\nrepeated_int32: -2\nunpacked_int32: 3\nunpacked_int32: 4\n\
                optional_nested_message { a: 5 }\noptional_nested_enum: 7\n\
                map_string_string { key: \"k\" value: \"v\" }\n\
                oneof_string: \"o\"\nGroupLikeType { group_int32: 6 }\ndelimited_field { group_uint32: 8 }\n";
    let bytes = run("encode", text.as_bytes());
    // Field 201 (groupliketype) as a group: start key 201/3, end key 201/4.
    assert!(bytes.windows(2).any(|w| w == [0xcb, 0x0c]), "no group start key in {bytes:x?}");
    let m = TestAllTypesEdition2023::decode(&bytes[..]).unwrap();
    assert_eq!(m.optional_int32, Some(0));
    assert_eq!(m.repeated_int32, [1, -2]);
    assert_eq!(m.unpacked_int32, [3, 4]);
    assert_eq!(m.optional_nested_message.as_ref().and_then(|n| n.a), Some(5));
    assert_eq!(m.optional_nested_enum, Some(7));
    assert_eq!(m.map_string_string["k"], "v");
    assert_eq!(m.oneof_field, Some(t::OneofField::OneofString("o".into())));
    assert_eq!(m.groupliketype.as_ref().and_then(|g| g.group_int32), Some(6));
    assert_eq!(m.delimited_field.as_ref().and_then(|g| g.group_uint32), Some(8));
    let ours = m.encode_to_vec().unwrap();
    assert_eq!(ours.len(), bytes.len());
    assert_eq!(run("decode", &ours), run("decode", &bytes));
}

/// Extensions both ways with protoc: set by protoc (text format) and read
/// typed here, set here and printed by name by protoc, and kept byte for
/// byte by a message that does not know them.
#[test]
fn extensions_interoperate() {
    use protowire::Extensions;
    use protowire_tests::protobuf_test_messages::proto2::{self, TestAllTypesProto2};
    let conformance = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../protos/conformance");
    let run = |mode: &str, input: &[u8]| {
        let args = [
            format!("--proto_path={}", conformance.display()),
            format!("--{mode}=protobuf_test_messages.proto2.TestAllTypesProto2"),
            "test_messages_proto2.proto".into(),
        ];
        protowire_tests::run_protoc(&args, input)
    };
    let text = "[protobuf_test_messages.proto2.extension_int32]: -5\n\
                [protobuf_test_messages.proto2.groupfield] {\n  group_int32: 3\n}\n";
    let bytes = run("encode", text.as_bytes());
    // Unknown to a message that was never told: kept byte for byte.
    let m = TestAllTypesProto2::decode(&bytes[..]).unwrap();
    assert_eq!(m.encode_to_vec().unwrap(), bytes);
    // Read typed.
    assert_eq!(m.get_extension(&proto2::EXTENSION_INT32).unwrap(), Some(-5));
    let group = m.get_extension(&proto2::GROUPFIELD).unwrap().unwrap();
    assert_eq!(group.group_int32, Some(3));
    // Set here, read by protoc.
    let mut ours = TestAllTypesProto2::default();
    ours.set_extension(&proto2::EXTENSION_INT32, -5).unwrap();
    ours.set_extension(&proto2::GROUPFIELD, group).unwrap();
    assert_eq!(String::from_utf8(run("decode", &ours.encode_to_vec().unwrap())).unwrap(), text);
}
