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
