//! The hand-written `shop` types of the attribute grammar, shared by the
//! derive tests and the protoc interop test (`protos/shop.proto` is the same
//! schema in protobuf syntax).

#![allow(missing_docs)]

use std::collections::{BTreeMap, HashMap};

use protowire::{Enumeration, Message, Oneof, UnknownFields};

#[derive(Enumeration, Clone, Copy, Debug, PartialEq, Eq, Default)]
#[proto(package = "shop")]
#[repr(i32)]
pub enum Status {
    #[default]
    Unknown = 0,
    Paid = 1,
    Shipped = 2,
}

#[derive(Enumeration, Clone, Copy, Debug, PartialEq, Eq)]
#[proto(name = "shop.Color", closed)]
#[repr(i32)]
pub enum Color {
    Red = 1,
    Green = 2,
}

#[derive(Message, Clone, PartialEq, Default, Debug)]
#[proto(package = "shop")]
pub struct Line {
    #[proto(1)]
    pub sku: String,
    #[proto(2)]
    pub qty: u32,
}

#[derive(Message, Clone, PartialEq, Default, Debug)]
#[proto(name = "shop.Order.Legacy")]
pub struct Legacy {
    #[proto(1)]
    pub code: Option<i32>,
}

#[derive(Oneof, Clone, PartialEq, Debug)]
pub enum Payment {
    #[proto(9)]
    Card(String),
    #[proto(10)]
    Voucher(Line),
}

#[derive(Message, Clone, PartialEq, Default, Debug)]
#[proto(package = "shop")]
pub struct Order {
    #[proto(1)]
    pub id: u64,
    #[proto(2, sint64)]
    pub delta: i64,
    #[proto(3, required)]
    pub customer: String,
    #[proto(4)]
    pub lines: Vec<Line>,
    #[proto(5, packed = false)]
    pub flags: Vec<u32>,
    #[proto(6)]
    pub note: Option<String>,
    #[proto(7, map = "string, fixed64")]
    pub totals: BTreeMap<String, u64>,
    #[proto(8, enumeration = "Status")]
    pub status: i32,
    #[proto(oneof = "9, 10")]
    pub payment: Option<Payment>,
    #[proto(11, bytes)]
    pub blob: bytes::Bytes,
    #[proto(12, group)]
    pub legacy: Option<Legacy>,
    #[proto(13, enumeration = "Color")]
    pub colors: Vec<i32>,
    #[proto(14)]
    pub weights: Vec<f32>,
    #[proto(15)]
    pub by_id: HashMap<i32, Line>,
    #[proto(unknown)]
    pub unknown: UnknownFields,
}
