//! Base-128 varints: 1 to 10 bytes, little-endian groups of 7 bits.

use crate::error::DecodeError;

/// The longest varint the protobuf wire format allows, in bytes.
pub const MAX_VARINT_LEN: usize = 10;

/// The number of bytes `value` takes as a varint (1 to 10).
#[inline]
pub const fn varint_len(value: u64) -> usize {
    // Bits needed (at least 1), divided by 7 rounding up, without a division:
    // (bits * 9 + 64) / 64 equals ceil(bits / 7) for bits in 1..=64.
    let bits = 64 - (value | 1).leading_zeros();
    ((bits * 9 + 64) / 64) as usize
}

/// Encodes `value` as a varint into the front of `out`, returning the number of
/// bytes written.
///
/// # Panics
///
/// Panics if `out` is shorter than [`varint_len(value)`](varint_len); a
/// 10-byte buffer always suffices.
#[inline]
pub fn encode_varint(mut value: u64, out: &mut [u8]) -> usize {
    let mut i = 0;
    while value >= 0x80 {
        out[i] = (value as u8) | 0x80;
        value >>= 7;
        i += 1;
    }
    out[i] = value as u8;
    i + 1
}

/// Reads a varint from the front of `buf` and advances past it.
///
/// # Errors
///
/// [`DecodeErrorKind::Truncated`](crate::DecodeErrorKind::Truncated) if `buf`
/// ends inside the varint;
/// [`DecodeErrorKind::VarintTooLong`](crate::DecodeErrorKind::VarintTooLong)
/// if it runs past 10 bytes or its 10th byte carries bits above bit 63.
#[inline]
pub fn read_varint(buf: &mut &[u8]) -> Result<u64, DecodeError> {
    let bytes: &[u8] = buf;
    match bytes {
        [b0, rest @ ..] if *b0 < 0x80 => {
            *buf = rest;
            Ok(u64::from(*b0))
        }
        // Two-byte varints (128..16383: lengths, enum values, small ids) are
        // the next most common; keep them off the out-of-line path.
        [b0, b1, rest @ ..] if *b1 < 0x80 => {
            *buf = rest;
            Ok(u64::from(b0 & 0x7f) | (u64::from(*b1) << 7))
        }
        _ => {
            let (value, len) = read_varint_slow(bytes)?;
            *buf = &bytes[len..];
            Ok(value)
        }
    }
}

/// The value and length of the varint `bytes` starts with. Takes the slice
/// by value: a caller's `&mut &[u8]` handed to a function not inlined must
/// live in memory, and the merge loop keeps its input in registers.
#[inline(never)]
fn read_varint_slow(bytes: &[u8]) -> Result<(u64, usize), DecodeError> {
    if let Some(b) = bytes.first_chunk::<MAX_VARINT_LEN>() {
        // The longest varint at hand: no end of input to check for, and a
        // loop of constant length, which the compiler unrolls.
        let mut value = 0u64;
        for (i, &byte) in b[..MAX_VARINT_LEN - 1].iter().enumerate() {
            value |= u64::from(byte & 0x7f) << (7 * i);
            if byte < 0x80 {
                return Ok((value, i + 1));
            }
        }
        return match b[MAX_VARINT_LEN - 1] {
            last @ 0..=1 => Ok((value | u64::from(last) << 63, MAX_VARINT_LEN)),
            _ => Err(DecodeError::varint_too_long()),
        };
    }
    let mut value = 0u64;
    for (i, &byte) in bytes.iter().take(MAX_VARINT_LEN).enumerate() {
        if i == MAX_VARINT_LEN - 1 && byte > 1 {
            return Err(DecodeError::varint_too_long());
        }
        value |= u64::from(byte & 0x7f) << (7 * i);
        if byte < 0x80 {
            return Ok((value, i + 1));
        }
    }
    if bytes.len() >= MAX_VARINT_LEN {
        Err(DecodeError::varint_too_long())
    } else {
        Err(DecodeError::truncated("a varint"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The obvious implementation, as an oracle for the branch-free length.
    fn naive_len(mut value: u64) -> usize {
        let mut n = 1;
        while value >= 0x80 {
            value >>= 7;
            n += 1;
        }
        n
    }

    #[test]
    fn len_matches_naive_at_every_boundary() {
        for shift in 0..64 {
            for v in [1u64 << shift, (1u64 << shift) - 1, (1u64 << shift) + 1] {
                assert_eq!(varint_len(v), naive_len(v), "value {v}");
            }
        }
        assert_eq!(varint_len(0), 1);
        assert_eq!(varint_len(u64::MAX), 10);
    }

    #[test]
    fn round_trips_edges() {
        for v in [0, 1, 127, 128, 16_383, 16_384, u64::from(u32::MAX), u64::MAX] {
            let mut out = [0u8; 10];
            let n = encode_varint(v, &mut out);
            assert_eq!(n, varint_len(v));
            let mut slice = &out[..n];
            assert_eq!(read_varint(&mut slice).unwrap(), v);
            assert!(slice.is_empty());
        }
    }

    #[test]
    fn rejects_eleven_bytes_and_high_tenth_byte() {
        let mut eleven: &[u8] = &[0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01];
        assert_eq!(read_varint(&mut eleven).unwrap_err().kind(), &crate::DecodeErrorKind::VarintTooLong);
        let mut high: &[u8] = &[0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02];
        assert_eq!(read_varint(&mut high).unwrap_err().kind(), &crate::DecodeErrorKind::VarintTooLong);
        let mut max: &[u8] = &[0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01];
        assert_eq!(read_varint(&mut max).unwrap(), u64::MAX);
    }

    #[test]
    fn truncated_varint_is_an_error_and_leaves_input() {
        let mut buf: &[u8] = &[0x80, 0x80];
        let err = read_varint(&mut buf).unwrap_err();
        assert!(matches!(err.kind(), crate::DecodeErrorKind::Truncated { .. }));
        assert_eq!(buf.len(), 2);
    }
}
