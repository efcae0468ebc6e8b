//! The derive on the hand-written structs of the attribute grammar: every
//! kind and cardinality, byte-compared with hand-computed wire bytes.

use protowire::{DecodeErrorKind, Enumeration, Message};
use protowire_tests::shop::*;

#[test]
fn enumeration_conversions() {
    assert_eq!(Status::from_i32(2), Some(Status::Shipped));
    assert_eq!(Status::from_i32(3), None);
    assert_eq!(Status::Paid.name(), "PAID");
    assert_eq!(Status::from_name("SHIPPED"), Some(Status::Shipped));
    assert_eq!(i32::from(Status::Paid), 1);
    assert_eq!(Color::try_from(5), Err(protowire::UnknownEnumValue(5)));
    assert_eq!((Color::CLOSED, Status::CLOSED), (true, false));
    assert_eq!(Status::FULL_NAME, "shop.Status");
}

#[test]
fn small_cases_match_hand_computed_bytes() {
    let order = Order { id: 1, customer: "ann".into(), ..Order::default() };
    assert_eq!(order.encode_to_vec().unwrap(), [0x08, 1, 0x1a, 3, b'a', b'n', b'n']);

    // Required plain field: written even when empty.
    assert_eq!(Order::default().encode_to_vec().unwrap(), [0x1a, 0]);

    let order = Order {
        delta: -1,
        flags: vec![1, 2],
        status: Status::Paid as i32,
        payment: Some(Payment::Card("v".into())),
        legacy: Some(Legacy { code: Some(0) }),
        weights: vec![1.0],
        ..Order::default()
    };
    #[rustfmt::skip]
    let expected = [
        0x10, 0x01,                         // delta: sint64 -1
        0x1a, 0,                            // customer
        0x28, 1, 0x28, 2,                   // flags unpacked
        0x40, 1,                            // status
        0x4a, 1, b'v',                      // payment.card
        0x63, 0x08, 0, 0x64,                // legacy group { code: 0 }
        0x72, 4, 0, 0, 0x80, 0x3f,          // weights packed
    ];
    assert_eq!(order.encode_to_vec().unwrap(), expected);
    assert_eq!(Order::decode(&expected[..]).unwrap(), order);
}

#[test]
fn maps_and_oneof_messages_round_trip() {
    let mut order = Order {
        customer: "c".into(),
        lines: vec![Line { sku: "a".into(), qty: 2 }],
        note: Some(String::new()),
        payment: Some(Payment::Voucher(Line { sku: "v".into(), qty: 1 })),
        blob: bytes::Bytes::from_static(b"\x00\xff"),
        colors: vec![1, 2],
        ..Order::default()
    };
    order.totals.insert("x".into(), 7);
    order.totals.insert("a".into(), 0);
    order.by_id.insert(-3, Line { sku: "m".into(), qty: 0 });
    let bytes = order.encode_to_vec().unwrap();
    assert_eq!(bytes.len(), order.encoded_len());
    assert_eq!(Order::decode(&bytes[..]).unwrap(), order);
    // BTreeMap entries come out in key order, each with key and value.
    let entry_a = [0x3a, 12, 0x0a, 1, b'a', 0x11, 0, 0, 0, 0, 0, 0, 0, 0];
    assert!(bytes.windows(entry_a.len()).any(|w| w == entry_a));
}

#[test]
fn closed_enum_keeps_undeclared_values_as_unknown() {
    // colors (closed): 1, 5 (undeclared), 2 — packed.
    let bytes = [0x1a, 0, 0x6a, 3, 1, 5, 2];
    let order = Order::decode(&bytes[..]).unwrap();
    assert_eq!(order.colors, [1, 2]);
    assert_eq!(order.unknown.as_bytes(), [0x68, 5]);
    // Status is open: any value stays in the field.
    let order = Order::decode(&[0x1a, 0, 0x40, 9][..]).unwrap();
    assert_eq!(order.status, 9);
    assert!(order.unknown.is_empty());
}

#[test]
fn oneof_last_member_wins_and_messages_merge() {
    let bytes = [0x1a, 0, 0x52, 2, 0x10, 4, 0x4a, 1, b'z', 0x52, 3, 0x0a, 1, b's'];
    let order = Order::decode(&bytes[..]).unwrap();
    // card "z" replaced voucher{qty 4}; the second voucher starts fresh.
    assert_eq!(order.payment, Some(Payment::Voucher(Line { sku: "s".into(), qty: 0 })));
    let bytes = [0x1a, 0, 0x52, 2, 0x10, 4, 0x52, 3, 0x0a, 1, b's'];
    let order = Order::decode(&bytes[..]).unwrap();
    assert_eq!(order.payment, Some(Payment::Voucher(Line { sku: "s".into(), qty: 4 })));
}

#[test]
fn required_field_missing_is_named() {
    let err = Order::decode(&[0x08, 1][..]).unwrap_err();
    assert_eq!(err.kind(), &DecodeErrorKind::MissingRequired);
    assert_eq!(err.path(), "shop.Order.customer");
    assert_eq!(Order::decode_partial(&[0x08, 1][..]).unwrap().id, 1);
}

#[test]
fn reflection_lists_fields_with_their_kinds() {
    let ty = Order::message_type();
    let fields: Vec<_> = ty.fields().iter().map(|f| (f.number, f.name, f.json_name)).collect();
    assert_eq!(fields.len(), 15);
    assert_eq!(fields[0], (1, "id", "id"));
    assert_eq!(fields[8], (9, "card", "card"));
    assert_eq!(fields[14], (15, "by_id", "byId"));
    assert_eq!(Order::full_name(), "shop.Order");
    assert_eq!(Legacy::full_name(), "shop.Order.Legacy");
}
