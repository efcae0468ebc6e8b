//! Message types with hand-built tables, written the way `#[derive(Message)]`
//! writes them, so the runtime can be tested without the derive.

#![allow(dead_code)]

use protowire::__private_v0_1 as pw;
use protowire::Message;
use pw::{Cardinality, EncodedKey, Field, FieldInfo, Kind, MessageSpec, MessageTable, TableCell, UnknownFields, WireType};

/// `message Inner { required uint64 id = 1; string name = 2; }`, keeping unknown fields.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Inner {
    pub id: u64,
    pub name: String,
    pub unknown: UnknownFields,
}

static INNER_FIELDS: [Field<Inner>; 2] = [
    Field::<Inner>::new(
        FieldInfo::new(1, "id", Kind::UInt64, Cardinality::Required),
        |m| pw::size_always::<pw::UInt64>(&m.id, 1),
        |m, w| pw::write_always::<pw::UInt64>(&m.id, &const { EncodedKey::new(1, WireType::Varint) }, w),
        |m, _wt, buf, ctx| pw::merge_value::<pw::UInt64>(&mut m.id, buf, ctx),
    ),
    Field::<Inner>::new(
        FieldInfo::new(2, "name", Kind::String, Cardinality::Implicit),
        |m| pw::size_implicit::<pw::StringCodec>(&m.name, 1),
        |m, w| pw::write_implicit::<pw::StringCodec>(&m.name, &const { EncodedKey::new(2, WireType::Len) }, w),
        |m, _wt, buf, ctx| pw::merge_value::<pw::StringCodec>(&mut m.name, buf, ctx),
    ),
];

static INNER_SPEC: MessageSpec<Inner> =
    MessageSpec::new("test.Inner", &INNER_FIELDS).with_unknown(|m| &m.unknown, |m| &mut m.unknown);

impl Message for Inner {
    fn __table() -> &'static MessageTable<Self> {
        static CELL: TableCell<Inner> = TableCell::new();
        CELL.get(&INNER_SPEC)
    }
}

/// ```proto
/// message Outer {
///   Inner inner = 1;
///   repeated int32 items = 2;       // packed
///   repeated string tags = 3;
///   Outer child = 4;                // recursion, boxed
///   optional sint64 delta = 5;
///   repeated fixed32 words = 6 [packed = false];
/// }
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Outer {
    pub inner: Option<Inner>,
    pub items: Vec<i32>,
    pub tags: Vec<String>,
    pub child: Option<Box<Outer>>,
    pub delta: Option<i64>,
    pub words: Vec<u32>,
    pub unknown: UnknownFields,
}

static OUTER_FIELDS: [Field<Outer>; 6] = [
    // Declared out of order on purpose: the table sorts them.
    Field::<Outer>::new(
        FieldInfo::new(4, "child", Kind::Message, Cardinality::Optional).with_message_type(Outer::message_type),
        |m| pw::size_optional::<pw::BoxedMessage<Outer>>(&m.child, 1),
        |m, w| pw::write_optional::<pw::BoxedMessage<Outer>>(&m.child, &const { EncodedKey::new(4, WireType::Len) }, w),
        |m, _wt, buf, ctx| pw::merge_optional::<pw::BoxedMessage<Outer>>(&mut m.child, buf, ctx),
    )
    .with_check(|m| pw::check_messages(m.child.as_deref())),
    Field::<Outer>::new(
        FieldInfo::new(1, "inner", Kind::Message, Cardinality::Optional).with_message_type(Inner::message_type),
        |m| pw::size_optional::<pw::MessageCodec<Inner>>(&m.inner, 1),
        |m, w| pw::write_optional::<pw::MessageCodec<Inner>>(&m.inner, &const { EncodedKey::new(1, WireType::Len) }, w),
        |m, _wt, buf, ctx| pw::merge_optional::<pw::MessageCodec<Inner>>(&mut m.inner, buf, ctx),
    )
    .with_check(|m| pw::check_messages(m.inner.as_ref())),
    Field::<Outer>::new(
        FieldInfo::new(2, "items", Kind::Int32, Cardinality::Packed),
        |m| pw::size_packed::<pw::Int32>(&m.items, 1),
        |m, w| pw::write_packed::<pw::Int32>(&m.items, &const { EncodedKey::new(2, WireType::Len) }, w),
        |m, wt, buf, _ctx| pw::merge_packable::<pw::Int32>(&mut m.items, wt, buf),
    ),
    Field::<Outer>::new(
        FieldInfo::new(3, "tags", Kind::String, Cardinality::Repeated),
        |m| pw::size_repeated::<pw::StringCodec>(&m.tags, 1),
        |m, w| pw::write_repeated::<pw::StringCodec>(&m.tags, &const { EncodedKey::new(3, WireType::Len) }, w),
        |m, _wt, buf, ctx| pw::merge_repeated::<pw::StringCodec>(&mut m.tags, buf, ctx),
    ),
    Field::<Outer>::new(
        FieldInfo::new(5, "delta", Kind::SInt64, Cardinality::Optional),
        |m| pw::size_optional::<pw::SInt64>(&m.delta, 1),
        |m, w| pw::write_optional::<pw::SInt64>(&m.delta, &const { EncodedKey::new(5, WireType::Varint) }, w),
        |m, _wt, buf, ctx| pw::merge_optional::<pw::SInt64>(&mut m.delta, buf, ctx),
    ),
    Field::<Outer>::new(
        FieldInfo::new(6, "words", Kind::Fixed32, Cardinality::Repeated),
        |m| pw::size_repeated::<pw::Fixed32>(&m.words, 1),
        |m, w| pw::write_repeated::<pw::Fixed32>(&m.words, &const { EncodedKey::new(6, WireType::I32) }, w),
        |m, wt, buf, _ctx| pw::merge_packable::<pw::Fixed32>(&mut m.words, wt, buf),
    ),
];

static OUTER_SPEC: MessageSpec<Outer> =
    MessageSpec::new("test.Outer", &OUTER_FIELDS).with_unknown(|m| &m.unknown, |m| &mut m.unknown);

impl Message for Outer {
    fn __table() -> &'static MessageTable<Self> {
        static CELL: TableCell<Outer> = TableCell::new();
        CELL.get(&OUTER_SPEC)
    }
}

/// A chain of `depth` nested `Outer`s below the root.
pub fn chain(depth: usize) -> Outer {
    let mut msg = Outer { items: vec![1], ..Outer::default() };
    for _ in 0..depth {
        msg = Outer { child: Some(Box::new(msg)), ..Outer::default() };
    }
    msg
}
