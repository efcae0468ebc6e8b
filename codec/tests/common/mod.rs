//! Message types with hand-built tables, written the way `#[derive(Message)]`
//! writes them, so the runtime can be tested without the derive.

#![allow(dead_code)]

use protowire::__private_v0_1 as pw;
use protowire::Message;
use pw::{
    Cardinality, EncodedKey, Field, FieldInfo, Kind, MessageSpec, MessageTable, TableCell, UnknownFields, WireType,
};

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

/// Declares [`AllScalars`] and its table from one list: per scalar kind, an
/// implicit-presence field, an `optional` field and a packed repeated field.
macro_rules! all_scalars {
    ($(
        $codec:ident, $ty:ty, $kind:ident:
        $implicit:ident = $ni:literal, $optional:ident = $no:literal, $packed:ident = $np:literal;
    )*) => {
        /// One field of every scalar kind three ways (implicit presence,
        /// `optional`, packed repeated), plus `string` and `bytes`, keeping
        /// unknown fields. Implicit fields take numbers 1 to 13 (one-byte
        /// keys), optional ones 1000 to 1012 (dense index, two-byte keys),
        /// packed ones numbers from 2047 up to 2^29 - 1 (sparse lookup, keys
        /// of two to five bytes). `string` is 14, `bytes` 15.
        #[derive(Clone, Debug, Default, PartialEq)]
        pub struct AllScalars {
            $(
                pub $implicit: $ty,
                pub $optional: Option<$ty>,
                pub $packed: Vec<$ty>,
            )*
            pub string: String,
            pub bytes: Vec<u8>,
            pub unknown: UnknownFields,
        }

        static ALL_SCALARS_FIELDS: &[Field<AllScalars>] = &[
            $(
                Field::<AllScalars>::new(
                    FieldInfo::new($ni, stringify!($implicit), Kind::$kind, Cardinality::Implicit),
                    |m| {
                        let key = const { EncodedKey::new($ni, <pw::$codec as pw::Codec>::WIRE_TYPE) };
                        pw::size_implicit::<pw::$codec>(&m.$implicit, key.len())
                    },
                    |m, w| {
                        let key = const { EncodedKey::new($ni, <pw::$codec as pw::Codec>::WIRE_TYPE) };
                        pw::write_implicit::<pw::$codec>(&m.$implicit, &key, w)
                    },
                    |m, _wt, buf, ctx| pw::merge_value::<pw::$codec>(&mut m.$implicit, buf, ctx),
                ),
                Field::<AllScalars>::new(
                    FieldInfo::new($no, stringify!($optional), Kind::$kind, Cardinality::Optional),
                    |m| {
                        let key = const { EncodedKey::new($no, <pw::$codec as pw::Codec>::WIRE_TYPE) };
                        pw::size_optional::<pw::$codec>(&m.$optional, key.len())
                    },
                    |m, w| {
                        let key = const { EncodedKey::new($no, <pw::$codec as pw::Codec>::WIRE_TYPE) };
                        pw::write_optional::<pw::$codec>(&m.$optional, &key, w)
                    },
                    |m, _wt, buf, ctx| pw::merge_optional::<pw::$codec>(&mut m.$optional, buf, ctx),
                ),
                Field::<AllScalars>::new(
                    FieldInfo::new($np, stringify!($packed), Kind::$kind, Cardinality::Packed),
                    |m| {
                        let key = const { EncodedKey::new($np, WireType::Len) };
                        pw::size_packed::<pw::$codec>(&m.$packed, key.len())
                    },
                    |m, w| {
                        let key = const { EncodedKey::new($np, WireType::Len) };
                        pw::write_packed::<pw::$codec>(&m.$packed, &key, w)
                    },
                    |m, wt, buf, _ctx| pw::merge_packable::<pw::$codec>(&mut m.$packed, wt, buf),
                ),
            )*
            Field::<AllScalars>::new(
                FieldInfo::new(14, "string", Kind::String, Cardinality::Implicit),
                |m| pw::size_implicit::<pw::StringCodec>(&m.string, 1),
                |m, w| pw::write_implicit::<pw::StringCodec>(&m.string, &const { EncodedKey::new(14, WireType::Len) }, w),
                |m, _wt, buf, ctx| pw::merge_value::<pw::StringCodec>(&mut m.string, buf, ctx),
            ),
            Field::<AllScalars>::new(
                FieldInfo::new(15, "bytes", Kind::Bytes, Cardinality::Implicit),
                |m| pw::size_implicit::<pw::BytesVec>(&m.bytes, 1),
                |m, w| pw::write_implicit::<pw::BytesVec>(&m.bytes, &const { EncodedKey::new(15, WireType::Len) }, w),
                |m, _wt, buf, ctx| pw::merge_value::<pw::BytesVec>(&mut m.bytes, buf, ctx),
            ),
        ];
    };
}

all_scalars! {
    Int32, i32, Int32: int32 = 1, opt_int32 = 1000, packed_int32 = 2047;
    Int64, i64, Int64: int64 = 2, opt_int64 = 1001, packed_int64 = 2048;
    UInt32, u32, UInt32: uint32 = 3, opt_uint32 = 1002, packed_uint32 = 16_383;
    UInt64, u64, UInt64: uint64 = 4, opt_uint64 = 1003, packed_uint64 = 262_143;
    SInt32, i32, SInt32: sint32 = 5, opt_sint32 = 1004, packed_sint32 = 262_144;
    SInt64, i64, SInt64: sint64 = 6, opt_sint64 = 1005, packed_sint64 = 1_000_000;
    Bool, bool, Bool: bool = 7, opt_bool = 1006, packed_bool = 33_554_431;
    Fixed32, u32, Fixed32: fixed32 = 8, opt_fixed32 = 1007, packed_fixed32 = 33_554_432;
    Fixed64, u64, Fixed64: fixed64 = 9, opt_fixed64 = 1008, packed_fixed64 = 100_000_000;
    SFixed32, i32, SFixed32: sfixed32 = 10, opt_sfixed32 = 1009, packed_sfixed32 = 268_435_456;
    SFixed64, i64, SFixed64: sfixed64 = 11, opt_sfixed64 = 1010, packed_sfixed64 = 536_870_909;
    Float, f32, Float: float = 12, opt_float = 1011, packed_float = 536_870_910;
    Double, f64, Double: double = 13, opt_double = 1012, packed_double = 536_870_911;
}

static ALL_SCALARS_SPEC: MessageSpec<AllScalars> =
    MessageSpec::new("test.AllScalars", ALL_SCALARS_FIELDS).with_unknown(|m| &m.unknown, |m| &mut m.unknown);

impl Message for AllScalars {
    fn __table() -> &'static MessageTable<Self> {
        static CELL: TableCell<AllScalars> = TableCell::new();
        CELL.get(&ALL_SCALARS_SPEC)
    }
}
