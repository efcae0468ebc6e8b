//! Length-delimited values: a varint length, then that many bytes.

use super::varint::read_varint;
use crate::error::DecodeError;

/// Reads a length prefix and checks it against what remains of `buf`, before
/// anyone allocates for it.
///
/// # Errors
///
/// Errors from [`read_varint`], and
/// [`LengthPastEnd`](crate::DecodeErrorKind::LengthPastEnd) if the length
/// claims more bytes than remain.
#[inline]
pub fn read_len(buf: &mut &[u8]) -> Result<usize, DecodeError> {
    let len = read_varint(buf)?;
    if len > buf.len() as u64 {
        return Err(DecodeError::length_past_end(len, buf.len()));
    }
    Ok(len as usize)
}

/// Reads a length prefix and returns the bytes it covers, advancing past them.
/// Borrows from `buf`; allocates nothing.
///
/// # Errors
///
/// As [`read_len`].
#[inline]
pub fn read_len_delimited<'a>(buf: &mut &'a [u8]) -> Result<&'a [u8], DecodeError> {
    let len = read_len(buf)?;
    let (value, rest) = buf.split_at(len);
    *buf = rest;
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::DecodeErrorKind;

    #[test]
    fn huge_length_is_rejected_before_allocation() {
        // 2 GiB claimed by a 5-byte prefix with nothing behind it.
        let mut buf: &[u8] = &[0x80, 0x80, 0x80, 0x80, 0x08];
        let err = read_len_delimited(&mut buf).unwrap_err();
        assert_eq!(err.kind(), &DecodeErrorKind::LengthPastEnd { len: 1 << 31, remaining: 0 });
    }

    #[test]
    fn exact_length_is_accepted() {
        let mut buf: &[u8] = &[3, b'a', b'b', b'c', 9];
        assert_eq!(read_len_delimited(&mut buf).unwrap(), b"abc");
        assert_eq!(buf, &[9]);
    }
}
