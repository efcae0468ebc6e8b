//! Keys (tags): a field number and a wire type packed into one varint.

use super::varint::read_varint;
use crate::error::DecodeError;

/// The largest field number protobuf allows (2^29 - 1).
pub const MAX_FIELD_NUMBER: u32 = (1 << 29) - 1;

/// How a field's value is laid out on the wire.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum WireType {
    /// A varint: int32, int64, uint32, uint64, sint32, sint64, bool, enum.
    Varint = 0,
    /// Eight bytes: fixed64, sfixed64, double.
    I64 = 1,
    /// A varint length, then that many bytes: string, bytes, messages, packed repeated fields.
    Len = 2,
    /// The start of a group (deprecated proto2 encoding of a nested message).
    StartGroup = 3,
    /// The end of a group.
    EndGroup = 4,
    /// Four bytes: fixed32, sfixed32, float.
    I32 = 5,
}

impl WireType {
    /// The wire type with the given 3-bit code, or `None` for the unused codes 6 and 7.
    #[inline]
    pub const fn from_code(code: u8) -> Option<WireType> {
        Some(match code {
            0 => WireType::Varint,
            1 => WireType::I64,
            2 => WireType::Len,
            3 => WireType::StartGroup,
            4 => WireType::EndGroup,
            5 => WireType::I32,
            _ => return None,
        })
    }
}

/// A key encoded ahead of time, so encoders copy bytes instead of computing
/// a varint for every field they write.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EncodedKey {
    bytes: [u8; 5],
    len: u8,
}

impl EncodedKey {
    /// Encodes the key for `number` and `wire_type`.
    ///
    /// # Panics
    ///
    /// Panics (at compile time, when used in a constant) if `number` is 0 or
    /// above [`MAX_FIELD_NUMBER`].
    pub const fn new(number: u32, wire_type: WireType) -> EncodedKey {
        assert!(number >= 1 && number <= MAX_FIELD_NUMBER, "field number out of range");
        let mut value = ((number as u64) << 3) | wire_type as u64;
        let mut bytes = [0u8; 5];
        let mut len = 0;
        while value >= 0x80 {
            bytes[len] = (value as u8) | 0x80;
            value >>= 7;
            len += 1;
        }
        bytes[len] = value as u8;
        EncodedKey { bytes, len: len as u8 + 1 }
    }

    /// The encoded bytes (1 to 5 of them).
    #[inline]
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes[..usize::from(self.len)]
    }

    /// The encoded bytes as the low bytes of a little-endian word, the rest
    /// zero: for a writer that stores a key with one 8-byte store.
    #[inline(always)]
    pub(crate) const fn le_word(&self) -> u64 {
        let [a, b, c, d, e] = self.bytes;
        u64::from_le_bytes([a, b, c, d, e, 0, 0, 0])
    }

    /// The number of encoded bytes.
    #[inline]
    pub const fn len(&self) -> usize {
        self.len as usize
    }

    /// Always false: a key takes at least one byte. Present for symmetry with `len`.
    #[inline]
    pub const fn is_empty(&self) -> bool {
        false
    }

    /// The same field number with another wire type (an end-group key from a
    /// start-group key, say). The wire type sits in the low 3 bits of the
    /// first byte, so the length does not change.
    #[inline]
    pub const fn with_wire_type(mut self, wire_type: WireType) -> EncodedKey {
        self.bytes[0] = (self.bytes[0] & !0x07) | wire_type as u8;
        self
    }
}

/// Reads a key and checks it: the field number must be in 1..=2^29-1 and the
/// wire type one of the six defined.
///
/// # Errors
///
/// [`Truncated`](crate::DecodeErrorKind::Truncated) or
/// [`VarintTooLong`](crate::DecodeErrorKind::VarintTooLong) from the varint,
/// [`InvalidFieldNumber`](crate::DecodeErrorKind::InvalidFieldNumber) and
/// [`InvalidWireType`](crate::DecodeErrorKind::InvalidWireType) for a bad key.
#[inline]
pub fn read_key(buf: &mut &[u8]) -> Result<(u32, WireType), DecodeError> {
    // One-byte keys (fields 1 to 15) are the common case.
    let raw = match buf.first() {
        Some(&byte) if byte < 0x80 => {
            *buf = &buf[1..];
            u64::from(byte)
        }
        _ => read_varint(buf)?,
    };
    let Some(wire_type) = WireType::from_code((raw & 0x07) as u8) else {
        return Err(DecodeError::invalid_wire_type((raw & 0x07) as u8));
    };
    let number = raw >> 3;
    if number == 0 || number > u64::from(MAX_FIELD_NUMBER) {
        return Err(DecodeError::invalid_field_number(number));
    }
    Ok((number as u32, wire_type))
}

/// Writes the key for `number` and `wire_type` into `out`, returning its length.
#[cfg(test)]
pub(crate) fn encode_key(number: u32, wire_type: WireType, out: &mut [u8]) -> usize {
    super::varint::encode_varint((u64::from(number) << 3) | wire_type as u64, out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::DecodeErrorKind;

    #[test]
    fn pre_encoded_key_equals_runtime_encoding() {
        for number in [1, 15, 16, 2047, 2048, 262_143, 262_144, MAX_FIELD_NUMBER] {
            for wt in [
                WireType::Varint,
                WireType::I64,
                WireType::Len,
                WireType::StartGroup,
                WireType::EndGroup,
                WireType::I32,
            ] {
                let key = EncodedKey::new(number, wt);
                let mut out = [0u8; 10];
                let n = encode_key(number, wt, &mut out);
                assert_eq!(key.as_bytes(), &out[..n]);
                let mut slice = key.as_bytes();
                assert_eq!(read_key(&mut slice).unwrap(), (number, wt));
                assert!(slice.is_empty());
                assert_eq!(EncodedKey::new(number, WireType::StartGroup).with_wire_type(wt), key);
            }
        }
    }

    #[test]
    fn rejects_bad_keys() {
        let mut zero: &[u8] = &[0x00];
        assert_eq!(read_key(&mut zero).unwrap_err().kind(), &DecodeErrorKind::InvalidFieldNumber(0));
        let mut six: &[u8] = &[0x0e];
        assert_eq!(read_key(&mut six).unwrap_err().kind(), &DecodeErrorKind::InvalidWireType(6));
        let mut seven: &[u8] = &[0x0f];
        assert_eq!(read_key(&mut seven).unwrap_err().kind(), &DecodeErrorKind::InvalidWireType(7));
        // 2^29 as a field number: the key is 2^32, a 5-byte varint.
        let mut out = [0u8; 10];
        let n = crate::wire::encode_varint(1u64 << 32, &mut out);
        let mut too_big = &out[..n];
        assert_eq!(read_key(&mut too_big).unwrap_err().kind(), &DecodeErrorKind::InvalidFieldNumber(1 << 29));
    }
}
