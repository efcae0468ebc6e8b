//! Message types for the runtime's tests, derived the way users write them.

#![allow(dead_code)]

use protowire::{Message, UnknownFields};

/// `message Inner { required uint64 id = 1; string name = 2; }`, keeping unknown fields.
#[derive(Clone, Debug, Default, PartialEq, Message)]
#[proto(package = "test")]
pub struct Inner {
    #[proto(1, required)]
    pub id: u64,
    #[proto(2)]
    pub name: String,
    #[proto(unknown)]
    pub unknown: UnknownFields,
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
/// Declared out of number order on purpose: the table sorts the fields.
#[derive(Clone, Debug, Default, PartialEq, Message)]
#[proto(package = "test")]
pub struct Outer {
    #[proto(4)]
    pub child: Option<Box<Outer>>,
    #[proto(1)]
    pub inner: Option<Inner>,
    #[proto(2)]
    pub items: Vec<i32>,
    #[proto(3)]
    pub tags: Vec<String>,
    #[proto(5, sint64)]
    pub delta: Option<i64>,
    #[proto(6, fixed32, packed = false)]
    pub words: Vec<u32>,
    #[proto(unknown)]
    pub unknown: UnknownFields,
}

/// A chain of `depth` nested `Outer`s below the root.
pub fn chain(depth: usize) -> Outer {
    let mut msg = Outer { items: vec![1], ..Outer::default() };
    for _ in 0..depth {
        msg = Outer { child: Some(Box::new(msg)), ..Outer::default() };
    }
    msg
}

/// Declares [`AllScalars`] from one list: per scalar kind, an
/// implicit-presence field, an `optional` field and a packed repeated field.
macro_rules! all_scalars {
    ($(
        $kind:ident, $ty:ty:
        $implicit:ident = $ni:literal, $optional:ident = $no:literal, $packed:ident = $np:literal;
    )*) => {
        /// One field of every scalar kind three ways (implicit presence,
        /// `optional`, packed repeated), plus `string` and `bytes`, keeping
        /// unknown fields. Implicit fields take numbers 1 to 13 (one-byte
        /// keys), optional ones 1000 to 1012 (dense index, two-byte keys),
        /// packed ones numbers from 2047 up to 2^29 - 1 (sparse lookup, keys
        /// of two to five bytes). `string` is 14, `bytes` 15.
        #[derive(Clone, Debug, Default, PartialEq, Message)]
        #[proto(package = "test")]
        pub struct AllScalars {
            $(
                #[proto($ni, $kind)]
                pub $implicit: $ty,
                #[proto($no, $kind)]
                pub $optional: Option<$ty>,
                #[proto($np, $kind)]
                pub $packed: Vec<$ty>,
            )*
            #[proto(14)]
            pub string: String,
            #[proto(15)]
            pub bytes: Vec<u8>,
            #[proto(unknown)]
            pub unknown: UnknownFields,
        }
    };
}

all_scalars! {
    int32, i32: int32 = 1, opt_int32 = 1000, packed_int32 = 2047;
    int64, i64: int64 = 2, opt_int64 = 1001, packed_int64 = 2048;
    uint32, u32: uint32 = 3, opt_uint32 = 1002, packed_uint32 = 16_383;
    uint64, u64: uint64 = 4, opt_uint64 = 1003, packed_uint64 = 262_143;
    sint32, i32: sint32 = 5, opt_sint32 = 1004, packed_sint32 = 262_144;
    sint64, i64: sint64 = 6, opt_sint64 = 1005, packed_sint64 = 1_000_000;
    bool, bool: bool = 7, opt_bool = 1006, packed_bool = 33_554_431;
    fixed32, u32: fixed32 = 8, opt_fixed32 = 1007, packed_fixed32 = 33_554_432;
    fixed64, u64: fixed64 = 9, opt_fixed64 = 1008, packed_fixed64 = 100_000_000;
    sfixed32, i32: sfixed32 = 10, opt_sfixed32 = 1009, packed_sfixed32 = 268_435_456;
    sfixed64, i64: sfixed64 = 11, opt_sfixed64 = 1010, packed_sfixed64 = 536_870_909;
    float, f32: float = 12, opt_float = 1011, packed_float = 536_870_910;
    double, f64: double = 13, opt_double = 1012, packed_double = 536_870_911;
}
