//! One [`Codec`] per protobuf value type: how a single value is sized,
//! written and merged, without its key.

use super::utf8;
use crate::decode::DecodeCtx;
use crate::error::DecodeError;
use crate::table::ScalarValue;
use crate::wire::Wire;
use crate::wire::{
    WireType, read_fixed32, read_fixed64, read_len_delimited, read_varint, varint_len, zigzag_decode32,
    zigzag_decode64, zigzag_encode32, zigzag_encode64,
};

/// How values of one protobuf type are sized, written and merged.
pub trait Codec {
    /// The Rust type a value is stored as.
    type Value: ScalarValue;
    /// The wire type of one value.
    const WIRE_TYPE: WireType;
    /// The width of every value, for fixed-width types.
    const FIXED_LEN: Option<usize> = None;
    /// A value at its default.
    fn new_value() -> Self::Value;
    /// Whether `value` is the default, which implicit presence does not write.
    fn is_default(value: &Self::Value) -> bool;
    /// Bytes the value takes, length prefix included, key excluded.
    fn encoded_len(value: &Self::Value) -> usize;
    /// The value as the wire sees it, which
    /// [`put_wire`](crate::wire::RevWriter::put_wire) writes (back to front,
    /// length prefix included): one write path for every type.
    fn wire(value: &Self::Value) -> Wire<'_>;
    /// Reads one value and merges it into `value`: scalars are replaced,
    /// messages merged. `fresh` says `value` was just created for it.
    ///
    /// # Errors
    ///
    /// Malformed input.
    fn merge(value: &mut Self::Value, fresh: bool, buf: &mut &[u8], ctx: &mut DecodeCtx) -> Result<(), DecodeError>;
}

macro_rules! scalar_codec {
    ($(#[$doc:meta])* $name:ident, $ty:ty, $wt:ident, $fixed:expr,
     len: |$lv:ident| $len:expr,
     wire: |$xv:ident| $wire:expr,
     read: |$rb:ident| $read:expr,
     default: |$dv:ident| $default:expr) => {
        $(#[$doc])*
        pub struct $name;

        impl Codec for $name {
            type Value = $ty;
            const WIRE_TYPE: WireType = WireType::$wt;
            const FIXED_LEN: Option<usize> = $fixed;
            #[inline(always)]
            fn new_value() -> $ty {
                <$ty>::default()
            }
            #[inline(always)]
            fn is_default($dv: &$ty) -> bool {
                $default
            }
            #[inline(always)]
            fn encoded_len(value: &$ty) -> usize {
                let $lv = *value;
                $len
            }
            #[inline(always)]
            fn wire(value: &$ty) -> Wire<'_> {
                let $xv = *value;
                $wire
            }
            #[inline(always)]
            fn merge(value: &mut $ty, _fresh: bool, $rb: &mut &[u8], _ctx: &mut DecodeCtx) -> Result<(), DecodeError> {
                let read: Result<$ty, DecodeError> = $read;
                *value = read?;
                Ok(())
            }
        }
    };
}

scalar_codec!(
    /// `int32`: negative values take 10 bytes, as the spec says.
    Int32, i32, Varint, None,
    len: |v| varint_len(v as i64 as u64),
    wire: |v| Wire::Varint(v as i64 as u64),
    read: |buf| Ok(read_varint(buf)? as i32),
    default: |v| *v == 0
);
scalar_codec!(
    /// `int64`.
    Int64, i64, Varint, None,
    len: |v| varint_len(v as u64),
    wire: |v| Wire::Varint(v as u64),
    read: |buf| Ok(read_varint(buf)? as i64),
    default: |v| *v == 0
);
scalar_codec!(
    /// `uint32`: wider varints are truncated, as other implementations do.
    UInt32, u32, Varint, None,
    len: |v| varint_len(u64::from(v)),
    wire: |v| Wire::Varint(u64::from(v)),
    read: |buf| Ok(read_varint(buf)? as u32),
    default: |v| *v == 0
);
scalar_codec!(
    /// `uint64`.
    UInt64, u64, Varint, None,
    len: |v| varint_len(v),
    wire: |v| Wire::Varint(v),
    read: |buf| read_varint(buf),
    default: |v| *v == 0
);
scalar_codec!(
    /// `sint32`: zigzag varint.
    SInt32, i32, Varint, None,
    len: |v| varint_len(u64::from(zigzag_encode32(v))),
    wire: |v| Wire::Varint(u64::from(zigzag_encode32(v))),
    read: |buf| Ok(zigzag_decode32(read_varint(buf)? as u32)),
    default: |v| *v == 0
);
scalar_codec!(
    /// `sint64`: zigzag varint.
    SInt64, i64, Varint, None,
    len: |v| varint_len(zigzag_encode64(v)),
    wire: |v| Wire::Varint(zigzag_encode64(v)),
    read: |buf| Ok(zigzag_decode64(read_varint(buf)?)),
    default: |v| *v == 0
);
scalar_codec!(
    /// `bool`: any non-zero varint reads as true.
    Bool, bool, Varint, Some(1),
    len: |_v| 1,
    wire: |v| Wire::Varint(u64::from(v)),
    read: |buf| Ok(read_varint(buf)? != 0),
    default: |v| !*v
);
scalar_codec!(
    /// `fixed32`.
    Fixed32, u32, I32, Some(4),
    len: |_v| 4,
    wire: |v| Wire::Fixed32(v),
    read: |buf| read_fixed32(buf),
    default: |v| *v == 0
);
scalar_codec!(
    /// `fixed64`.
    Fixed64, u64, I64, Some(8),
    len: |_v| 8,
    wire: |v| Wire::Fixed64(v),
    read: |buf| read_fixed64(buf),
    default: |v| *v == 0
);
scalar_codec!(
    /// `sfixed32`.
    SFixed32, i32, I32, Some(4),
    len: |_v| 4,
    wire: |v| Wire::Fixed32(v as u32),
    read: |buf| Ok(read_fixed32(buf)? as i32),
    default: |v| *v == 0
);
scalar_codec!(
    /// `sfixed64`.
    SFixed64, i64, I64, Some(8),
    len: |_v| 8,
    wire: |v| Wire::Fixed64(v as u64),
    read: |buf| Ok(read_fixed64(buf)? as i64),
    default: |v| *v == 0
);
scalar_codec!(
    /// `float`: bit patterns are kept, NaN payloads included; only +0.0 is
    /// the default (-0.0 is written).
    Float, f32, I32, Some(4),
    len: |_v| 4,
    wire: |v| Wire::Fixed32(v.to_bits()),
    read: |buf| Ok(f32::from_bits(read_fixed32(buf)?)),
    default: |v| v.to_bits() == 0
);
scalar_codec!(
    /// `double`: as [`Float`].
    Double, f64, I64, Some(8),
    len: |_v| 8,
    wire: |v| Wire::Fixed64(v.to_bits()),
    read: |buf| Ok(f64::from_bits(read_fixed64(buf)?)),
    default: |v| v.to_bits() == 0
);

#[inline(always)]
fn len_prefixed(len: usize) -> usize {
    varint_len(len as u64) + len
}

/// `string` as `String`; input must be UTF-8.
pub struct StringCodec;

impl Codec for StringCodec {
    type Value = String;
    const WIRE_TYPE: WireType = WireType::Len;
    fn new_value() -> String {
        String::new()
    }
    #[inline(always)]
    fn is_default(value: &String) -> bool {
        value.is_empty()
    }
    #[inline(always)]
    fn encoded_len(value: &String) -> usize {
        len_prefixed(value.len())
    }
    #[inline(always)]
    fn wire(value: &String) -> Wire<'_> {
        Wire::Len(value.as_bytes())
    }
    #[inline(always)]
    fn merge(value: &mut String, _fresh: bool, buf: &mut &[u8], _ctx: &mut DecodeCtx) -> Result<(), DecodeError> {
        let bytes = read_len_delimited(buf)?;
        let text = utf8::str(bytes)?;
        if value.capacity() == 0 {
            // A fresh string: one allocation of exactly the right size.
            *value = text.to_owned();
        } else {
            value.clear();
            value.push_str(text);
        }
        Ok(())
    }
}

/// `string` as `Box<str>`: two words instead of three, for strings that are
/// not edited in place.
pub struct BoxStrCodec;

impl Codec for BoxStrCodec {
    type Value = Box<str>;
    const WIRE_TYPE: WireType = WireType::Len;
    fn new_value() -> Box<str> {
        Box::default()
    }
    #[inline(always)]
    fn is_default(value: &Box<str>) -> bool {
        value.is_empty()
    }
    #[inline(always)]
    fn encoded_len(value: &Box<str>) -> usize {
        len_prefixed(value.len())
    }
    #[inline(always)]
    fn wire(value: &Box<str>) -> Wire<'_> {
        Wire::Len(value.as_bytes())
    }
    #[inline(always)]
    fn merge(value: &mut Box<str>, _fresh: bool, buf: &mut &[u8], _ctx: &mut DecodeCtx) -> Result<(), DecodeError> {
        let bytes = read_len_delimited(buf)?;
        *value = utf8::str(bytes)?.into();
        Ok(())
    }
}

/// `bytes` as `Vec<u8>`.
pub struct BytesVec;

impl Codec for BytesVec {
    type Value = Vec<u8>;
    const WIRE_TYPE: WireType = WireType::Len;
    fn new_value() -> Vec<u8> {
        Vec::new()
    }
    #[inline(always)]
    fn is_default(value: &Vec<u8>) -> bool {
        value.is_empty()
    }
    #[inline(always)]
    fn encoded_len(value: &Vec<u8>) -> usize {
        len_prefixed(value.len())
    }
    #[inline(always)]
    fn wire(value: &Vec<u8>) -> Wire<'_> {
        Wire::Len(value)
    }
    #[inline(always)]
    fn merge(value: &mut Vec<u8>, _fresh: bool, buf: &mut &[u8], _ctx: &mut DecodeCtx) -> Result<(), DecodeError> {
        let bytes = read_len_delimited(buf)?;
        if value.capacity() == 0 {
            *value = bytes.to_vec();
        } else {
            value.clear();
            value.extend_from_slice(bytes);
        }
        Ok(())
    }
}

/// `bytes` as `bytes::Bytes`.
pub struct BytesShared;

impl Codec for BytesShared {
    type Value = bytes::Bytes;
    const WIRE_TYPE: WireType = WireType::Len;
    fn new_value() -> bytes::Bytes {
        bytes::Bytes::new()
    }
    #[inline(always)]
    fn is_default(value: &bytes::Bytes) -> bool {
        value.is_empty()
    }
    #[inline(always)]
    fn encoded_len(value: &bytes::Bytes) -> usize {
        len_prefixed(value.len())
    }
    #[inline(always)]
    fn wire(value: &bytes::Bytes) -> Wire<'_> {
        Wire::Len(value)
    }
    #[inline(always)]
    fn merge(value: &mut bytes::Bytes, _fresh: bool, buf: &mut &[u8], ctx: &mut DecodeCtx) -> Result<(), DecodeError> {
        *value = ctx.share(read_len_delimited(buf)?);
        Ok(())
    }
}

/// `string` as a `ByteString`: decoded from a `Bytes` input, a slice of it
/// (no allocation), its UTF-8 checked once, here.
pub struct ByteStrCodec;

impl Codec for ByteStrCodec {
    type Value = bytestring::ByteString;
    const WIRE_TYPE: WireType = WireType::Len;
    fn new_value() -> bytestring::ByteString {
        bytestring::ByteString::new()
    }
    #[inline(always)]
    fn is_default(value: &bytestring::ByteString) -> bool {
        value.is_empty()
    }
    #[inline(always)]
    fn encoded_len(value: &bytestring::ByteString) -> usize {
        len_prefixed(value.len())
    }
    #[inline(always)]
    fn wire(value: &bytestring::ByteString) -> Wire<'_> {
        Wire::Len(value.as_bytes())
    }
    #[inline(always)]
    fn merge(
        value: &mut bytestring::ByteString,
        _fresh: bool,
        buf: &mut &[u8],
        ctx: &mut DecodeCtx,
    ) -> Result<(), DecodeError> {
        let bytes = ctx.share(read_len_delimited(buf)?);
        *value = utf8::byte_string(bytes)?;
        Ok(())
    }
}
