//! Fixed-width little-endian values: `fixed32`, `sfixed32`, `float` (4 bytes)
//! and `fixed64`, `sfixed64`, `double` (8 bytes).

use crate::error::DecodeError;

/// Reads 4 little-endian bytes and advances past them.
///
/// # Errors
///
/// [`DecodeErrorKind::Truncated`](crate::DecodeErrorKind::Truncated) if fewer
/// than 4 bytes remain.
#[inline]
pub fn read_fixed32(buf: &mut &[u8]) -> Result<u32, DecodeError> {
    match buf.split_first_chunk::<4>() {
        Some((bytes, rest)) => {
            *buf = rest;
            Ok(u32::from_le_bytes(*bytes))
        }
        None => Err(DecodeError::truncated("a 4-byte fixed value")),
    }
}

/// Reads 8 little-endian bytes and advances past them.
///
/// # Errors
///
/// [`DecodeErrorKind::Truncated`](crate::DecodeErrorKind::Truncated) if fewer
/// than 8 bytes remain.
#[inline]
pub fn read_fixed64(buf: &mut &[u8]) -> Result<u64, DecodeError> {
    match buf.split_first_chunk::<8>() {
        Some((bytes, rest)) => {
            *buf = rest;
            Ok(u64::from_le_bytes(*bytes))
        }
        None => Err(DecodeError::truncated("an 8-byte fixed value")),
    }
}
