//! protowire end to end: derive a message, encode it, decode it, see a
//! required-field error, and pass unknown fields through an older schema.
//!
//! Run with `cargo run -p protowire --example quickstart`.

use protowire::{Enumeration, Message, UnknownFields};

#[derive(Enumeration, Clone, Copy, Debug, PartialEq, Eq)]
#[proto(package = "shop")]
#[repr(i32)]
enum Status {
    Open = 0,
    Paid = 1,
}

#[derive(Message, Clone, PartialEq, Default, Debug)]
#[proto(package = "shop")]
struct Line {
    #[proto(1)]
    sku: String,
    #[proto(2)]
    quantity: u32,
}

/// Version 2 of the schema.
#[derive(Message, Clone, PartialEq, Default, Debug)]
#[proto(name = "shop.Order")]
struct Order {
    #[proto(1)]
    id: u64,
    #[proto(2, required)]
    customer: Option<String>,
    #[proto(3)]
    lines: Vec<Line>,
    #[proto(4, enumeration = "Status")]
    status: i32,
    #[proto(5, sint64)]
    discount_cents: i64,
}

/// Version 1 of the same schema: it knows neither `lines` nor `discount_cents`.
#[derive(Message, Clone, PartialEq, Default, Debug)]
#[proto(name = "shop.Order")]
struct OrderV1 {
    #[proto(1)]
    id: u64,
    #[proto(2, required)]
    customer: Option<String>,
    #[proto(4, enumeration = "Status")]
    status: i32,
    #[proto(unknown)]
    unknown: UnknownFields,
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect::<Vec<_>>().join(" ")
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let order = Order {
        id: 42,
        customer: Some("ada".into()),
        lines: vec![Line { sku: "tea".into(), quantity: 2 }, Line { sku: "cup".into(), quantity: 1 }],
        status: Status::Paid as i32,
        discount_cents: -150,
    };

    // Encode: one exact-size allocation.
    let bytes = order.encode_to_vec()?;
    println!("encoded {} bytes (encoded_len = {}): {}", bytes.len(), order.encoded_len(), hex(&bytes));

    // Decode.
    let decoded = Order::decode(&bytes[..])?;
    assert_eq!(decoded, order);
    println!("decoded: {decoded:?}");

    // A required field missing: both directions name it.
    let incomplete = Order { id: 1, ..Order::default() };
    println!("encode without customer: {}", incomplete.encode_to_vec().unwrap_err());
    let wire = incomplete.encode_partial_to_vec()?;
    println!("decode without customer: {}", Order::decode(&wire[..]).unwrap_err());

    // An older reader keeps what it does not know, byte for byte.
    let mut v1 = OrderV1::decode(&bytes[..])?;
    println!(
        "v1 reader sees id {} status {:?}; keeps unknown fields {:?}",
        v1.id,
        Status::from_i32(v1.status),
        v1.unknown
    );
    v1.status = Status::Open as i32;
    let rewritten = v1.encode_to_vec()?;
    let back = Order::decode(&rewritten[..])?;
    assert_eq!(back.lines, order.lines);
    assert_eq!(back.discount_cents, order.discount_cents);
    println!("after a pass through v1: {back:?}");
    Ok(())
}
