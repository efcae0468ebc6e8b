//! protowire end to end with generated code: `proto/*.proto` are compiled in
//! `build.rs`; this program builds an order, encodes and decodes it, shows a
//! required-field error, packs it into an `Any`, and passes it through a
//! service that only knows version 1 of the schema.
//!
//! Run with `cargo run -p shop-example`.

#![allow(missing_docs)]

pub mod shop {
    protowire::include_proto!("shop");
    pub mod v1 {
        protowire::include_proto!("shop.v1");
    }
}

use protowire::Message;
use protowire::types::{Any, Timestamp};
use shop::{Line, Order, Status, order::Payment};

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect::<Vec<_>>().join(" ")
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut order = Order {
        id: Some(1001),
        customer: Some("ada".into()),
        lines: vec![
            Line {
                sku: Some("tea-earl-grey".into()),
                quantity: Some(2),
                unit_price_cents: Some(450),
                ..Line::default()
            },
            Line { sku: Some("cup".into()), unit_price_cents: Some(1200), ..Line::default() },
        ],
        placed_at: Some(Timestamp { seconds: 1_795_000_000, nanos: 0, ..Timestamp::default() }),
        payment: Some(Payment::CardToken("tok_4242".into())),
        coupon_ids: vec![7, 300, 70_000],
        ..Order::default()
    };
    order.set_status(Status::Paid);
    order.labels.insert("channel".into(), "web".into());

    let bytes = order.encode_to_vec()?;
    println!("encoded {} bytes: {}", bytes.len(), hex(&bytes));
    let decoded = Order::decode(&bytes[..])?;
    assert_eq!(decoded, order);
    println!(
        "decoded order {} for {}: {:?}, {} lines",
        decoded.id(),
        decoded.customer(),
        decoded.status(),
        decoded.lines.len()
    );
    println!("second line quantity (proto2 default): {}", decoded.lines[1].quantity());

    // Required fields are checked both ways, and the error names the path.
    let mut broken = order.clone();
    broken.lines[1].sku = None;
    println!("encode: {}", broken.encode_to_vec().unwrap_err());
    println!("decode: {}", Order::decode(&broken.encode_partial_to_vec()[..]).unwrap_err());

    // Any: packed with its type URL, unpacked by type or by name.
    let any = Any::pack(&order)?;
    println!("Any type URL: {}", any.type_url);
    let by_name = any.unpack_dyn()?;
    assert_eq!(by_name.downcast_ref::<Order>(), Some(&order));

    // A version-1 service keeps the fields it does not know and writes them back.
    let mut old = shop::v1::Order::decode(&bytes[..])?;
    println!(
        "v1 sees id {:?}, status {:?}; keeps {} bytes of unknown fields",
        old.id,
        old.status,
        old._unknown_fields.encoded_len()
    );
    old.customer = Some("ada lovelace".into());
    let rewritten = Order::decode(&old.encode_to_vec()?[..])?;
    assert_eq!(rewritten.lines, order.lines);
    assert_eq!(rewritten.payment, order.payment);
    println!("after the v1 service: customer {:?}, lines and payment intact", rewritten.customer());
    Ok(())
}
