//! Fields a message does not know, kept byte for byte so that a message passes
//! through an older schema without losing data.

use std::fmt;

use crate::error::DecodeError;
use crate::wire::{
    EncodedKey, WireType, encode_varint, read_fixed32, read_fixed64, read_key, read_len_delimited, read_varint,
    skip_field,
};

/// Unknown fields of one message, as the raw bytes they arrived as (keys
/// included), in arrival order.
///
/// An empty store is one null pointer: messages that never see an unknown
/// field pay nothing else for having one.
#[derive(Clone, Default, PartialEq, Eq, Hash)]
pub struct UnknownFields {
    // Boxed so that the empty store is one pointer instead of a Vec's three:
    // most messages never hold an unknown field.
    #[allow(clippy::box_collection)]
    raw: Option<Box<Vec<u8>>>,
}

impl UnknownFields {
    /// An empty store.
    pub const fn new() -> UnknownFields {
        UnknownFields { raw: None }
    }

    /// Whether no unknown field is stored.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.raw.as_ref().is_none_or(|raw| raw.is_empty())
    }

    /// The stored fields as they will be written back: keys and values.
    #[inline]
    pub fn as_bytes(&self) -> &[u8] {
        self.raw.as_deref().map_or(&[], Vec::as_slice)
    }

    /// The number of bytes the fields take on the wire.
    #[inline]
    pub fn encoded_len(&self) -> usize {
        self.as_bytes().len()
    }

    /// Forgets every stored field.
    pub fn clear(&mut self) {
        self.raw = None;
    }

    /// The stored fields, one at a time, as (number, value).
    pub fn iter(&self) -> UnknownFieldIter<'_> {
        UnknownFieldIter { rest: self.as_bytes() }
    }

    /// Appends a varint field (as an unknown enum value is kept).
    pub fn push_varint(&mut self, number: u32, value: u64) {
        let mut tmp = [0u8; 10];
        let n = encode_varint(value, &mut tmp);
        let raw = self.raw_mut();
        raw.extend_from_slice(EncodedKey::new(number, WireType::Varint).as_bytes());
        raw.extend_from_slice(&tmp[..n]);
    }

    /// Appends raw field bytes (keys and values) taken from valid input.
    pub(crate) fn extend_raw(&mut self, bytes: &[u8]) {
        if !bytes.is_empty() {
            self.raw_mut().extend_from_slice(bytes);
        }
    }

    fn raw_mut(&mut self) -> &mut Vec<u8> {
        self.raw.get_or_insert_with(Box::default)
    }

    /// Each stored field as `(number, its bytes: key and value)`, in order.
    pub(crate) fn spans(&self) -> impl Iterator<Item = (u32, &[u8])> {
        let mut rest = self.as_bytes();
        std::iter::from_fn(move || {
            let all = rest;
            let (number, _) = read_unknown(&mut rest).ok()?;
            Some((number, &all[..all.len() - rest.len()]))
        })
    }

    /// The bytes of every field numbered `number`, in order: what a parser
    /// of that one field reads as if it had come alone.
    pub(crate) fn bytes_of(&self, number: u32) -> Vec<u8> {
        self.spans().filter(|(n, _)| *n == number).flat_map(|(_, bytes)| bytes.iter().copied()).collect()
    }

    /// Whether a field numbered `number` is stored.
    pub(crate) fn has(&self, number: u32) -> bool {
        self.spans().any(|(n, _)| n == number)
    }

    /// Forgets every field numbered `number`.
    pub(crate) fn remove(&mut self, number: u32) {
        if !self.has(number) {
            return;
        }
        let kept: Vec<u8> =
            self.spans().filter(|(n, _)| *n != number).flat_map(|(_, bytes)| bytes.iter().copied()).collect();
        self.raw = (!kept.is_empty()).then(|| Box::new(kept));
    }
}

/// One unknown field's value, by wire type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnknownValue<'a> {
    /// A varint, undecoded (its meaning depends on a type we do not know).
    Varint(u64),
    /// Eight bytes, little-endian.
    Fixed64(u64),
    /// Four bytes, little-endian.
    Fixed32(u32),
    /// A length-delimited value, without its length prefix.
    LengthDelimited(&'a [u8]),
    /// A group's contents, between its start and end keys.
    Group(&'a [u8]),
}

/// Iterator over [`UnknownFields`], yielding `(field number, value)`.
pub struct UnknownFieldIter<'a> {
    rest: &'a [u8],
}

impl<'a> UnknownFieldIter<'a> {
    /// The fields encoded in `bytes` (a group's contents, say).
    pub(crate) fn over(bytes: &'a [u8]) -> UnknownFieldIter<'a> {
        UnknownFieldIter { rest: bytes }
    }
}

impl<'a> Iterator for UnknownFieldIter<'a> {
    type Item = (u32, UnknownValue<'a>);

    fn next(&mut self) -> Option<Self::Item> {
        if self.rest.is_empty() {
            return None;
        }
        // The store only ever holds bytes that decoded once, so these reads
        // succeed; should one not, iteration ends rather than panicking.
        match read_unknown(&mut self.rest) {
            Ok(item) => Some(item),
            Err(_) => {
                self.rest = &[];
                None
            }
        }
    }
}

fn read_unknown<'a>(buf: &mut &'a [u8]) -> Result<(u32, UnknownValue<'a>), DecodeError> {
    let (number, wire_type) = read_key(buf)?;
    let value = match wire_type {
        WireType::Varint => UnknownValue::Varint(read_varint(buf)?),
        WireType::I64 => UnknownValue::Fixed64(read_fixed64(buf)?),
        WireType::I32 => UnknownValue::Fixed32(read_fixed32(buf)?),
        WireType::Len => UnknownValue::LengthDelimited(read_len_delimited(buf)?),
        WireType::StartGroup => {
            let start = *buf;
            skip_field(WireType::StartGroup, number, buf, u32::MAX)?;
            let end_key_len = EncodedKey::new(number, WireType::EndGroup).len();
            UnknownValue::Group(&start[..start.len() - buf.len() - end_key_len])
        }
        WireType::EndGroup => return Err(DecodeError::unexpected_end_group(number)),
    };
    Ok((number, value))
}

impl fmt::Debug for UnknownFields {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl<'a> IntoIterator for &'a UnknownFields {
    type Item = (u32, UnknownValue<'a>);
    type IntoIter = UnknownFieldIter<'a>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

/// With the `serde` feature: the stored fields as their raw bytes (keys and
/// values, as on the wire), so that generated types can derive serde's
/// traits. Deserializing checks that the bytes are well-formed fields, as
/// decoding would have; JSON shows them as an array of numbers. To leave
/// them out instead, `Config::field_attribute("_unknown_fields",
/// "#[serde(skip)]")` works with or without this feature.
#[cfg(feature = "serde")]
mod serde_impls {
    use std::fmt;

    use serde::de::{self, Deserialize, Deserializer, SeqAccess, Visitor};
    use serde::ser::{Serialize, Serializer};

    use super::{UnknownFields, read_unknown};

    impl Serialize for UnknownFields {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            serializer.serialize_bytes(self.as_bytes())
        }
    }

    impl<'de> Deserialize<'de> for UnknownFields {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            deserializer.deserialize_bytes(RawFields)
        }
    }

    struct RawFields;

    impl RawFields {
        fn check<E: de::Error>(bytes: Vec<u8>) -> Result<UnknownFields, E> {
            let mut rest = bytes.as_slice();
            while !rest.is_empty() {
                read_unknown(&mut rest).map_err(|e| E::custom(format_args!("invalid unknown fields: {e}")))?;
            }
            let mut fields = UnknownFields::new();
            fields.extend_raw(&bytes);
            Ok(fields)
        }
    }

    impl<'de> Visitor<'de> for RawFields {
        type Value = UnknownFields;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("protobuf fields as bytes")
        }

        fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<UnknownFields, E> {
            RawFields::check(v.to_vec())
        }

        fn visit_byte_buf<E: de::Error>(self, v: Vec<u8>) -> Result<UnknownFields, E> {
            RawFields::check(v)
        }

        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<UnknownFields, A::Error> {
            let mut bytes = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
            while let Some(byte) = seq.next_element::<u8>()? {
                bytes.push(byte);
            }
            RawFields::check(bytes)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_store_is_one_pointer() {
        assert_eq!(size_of::<UnknownFields>(), size_of::<usize>());
        assert!(UnknownFields::new().is_empty());
    }

    #[test]
    fn iterates_every_wire_type() {
        let mut fields = UnknownFields::new();
        fields.extend_raw(&[
            0x08, 0x96, 0x01, // 1: varint 150
            0x11, 1, 0, 0, 0, 0, 0, 0, 0, // 2: fixed64 1
            0x1a, 2, b'h', b'i', // 3: "hi"
            0x23, 0x08, 0x01, 0x24, // 4: group { 1: 1 }
            0x2d, 2, 0, 0, 0, // 5: fixed32 2
        ]);
        fields.push_varint(6, 7);
        let items: Vec<_> = fields.iter().collect();
        assert_eq!(
            items,
            [
                (1, UnknownValue::Varint(150)),
                (2, UnknownValue::Fixed64(1)),
                (3, UnknownValue::LengthDelimited(b"hi")),
                (4, UnknownValue::Group(&[0x08, 0x01])),
                (5, UnknownValue::Fixed32(2)),
                (6, UnknownValue::Varint(7)),
            ]
        );
    }

    #[cfg(feature = "serde")]
    #[test]
    fn serde_round_trips_and_checks_the_bytes() {
        let mut fields = UnknownFields::new();
        fields.push_varint(1, 150);
        let json = serde_json::to_string(&fields).unwrap();
        assert_eq!(json, "[8,150,1]");
        assert_eq!(serde_json::from_str::<UnknownFields>(&json).unwrap(), fields);
        assert!(serde_json::from_str::<UnknownFields>("[]").unwrap().is_empty());
        // A truncated varint, and a field number 0: not fields.
        let err = serde_json::from_str::<UnknownFields>("[8,150]").unwrap_err();
        assert!(err.to_string().contains("invalid unknown fields"), "{err}");
        assert!(serde_json::from_str::<UnknownFields>("[0,1]").is_err());
    }
}
