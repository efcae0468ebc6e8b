//! UTF-8 validation of `string` fields, once per value.
//!
//! The standard library's check and `simdutf8`'s take the same time below
//! 64 bytes (`simdutf8` hands such inputs to the standard library), and from
//! there `simdutf8` is faster: 2.4× at 64 bytes of ASCII, 4–6× from 256
//! bytes, 5–10× for text that is not ASCII (`codec/benches/utf8.rs`).
//! Short values, most strings in most messages, are nearly always ASCII,
//! which `is_ascii` answers in a few word compares where the standard
//! library's check takes some 90 instructions; the rest go to the standard
//! library when short and to `simdutf8` when long.
//!
//! [`str`] is out of line. Inlined into every string arm of the merge
//! loops, it moved their code enough to cost the datasets without strings
//! (flat scalars, the mesh) +4% to +7% decode instructions, and still
//! +1–2% with only the ASCII check inline; as a call it costs them +0.8%,
//! and the datasets with strings a few instructions per value.

use crate::error::DecodeError;
use bytes::Bytes;
use bytestring::ByteString;

/// Below this length the standard library's check is as fast as any.
const SHORT: usize = 64;

/// `bytes` as text.
///
/// # Errors
///
/// [`InvalidUtf8`](crate::DecodeErrorKind::InvalidUtf8) when `bytes` is not
/// UTF-8.
#[inline(never)]
pub(crate) fn str(bytes: &[u8]) -> Result<&str, DecodeError> {
    if bytes.len() < SHORT && bytes.is_ascii() {
        // SAFETY: ASCII is UTF-8.
        Ok(unsafe { std::str::from_utf8_unchecked(bytes) })
    } else {
        other(bytes)
    }
}

/// Values that are long or not ASCII.
#[inline(never)]
fn other(bytes: &[u8]) -> Result<&str, DecodeError> {
    let checked =
        if bytes.len() < SHORT { std::str::from_utf8(bytes).ok() } else { simdutf8::basic::from_utf8(bytes).ok() };
    checked.ok_or_else(DecodeError::invalid_utf8)
}

/// `bytes` as a `ByteString`, checked once (`ByteString::try_from` would
/// check with the standard library's slower check for long values).
///
/// # Errors
///
/// As [`str`].
#[inline(always)]
pub(crate) fn byte_string(bytes: Bytes) -> Result<ByteString, DecodeError> {
    str(&bytes)?;
    // SAFETY: `bytes` was checked to be UTF-8 just above, and a `Bytes`
    // cannot change its contents.
    Ok(unsafe { ByteString::from_bytes_unchecked(bytes) })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each length on either side of `SHORT`, valid and not, against the
    /// standard library's answer.
    #[test]
    fn agrees_with_the_standard_library_on_either_side_of_short() {
        let text: String = "aé€😀bc".chars().cycle().take(200).collect();
        for len in 0..text.len() {
            let valid = &text.as_bytes()[..len];
            let expected = std::str::from_utf8(valid).is_ok();
            assert_eq!(str(valid).is_ok(), expected, "prefix of {len} bytes");
            assert_eq!(byte_string(Bytes::copy_from_slice(valid)).is_ok(), expected, "prefix of {len} bytes");
            let mut broken = valid.to_vec();
            broken.push(0xff);
            assert!(str(&broken).is_err(), "{len} bytes and 0xff");
            assert!(byte_string(Bytes::from(broken)).is_err(), "{len} bytes and 0xff");
        }
        // ASCII on either side of `SHORT`, then with a byte that is not
        // UTF-8 at its start, middle and end.
        for len in 1..150 {
            let ascii = "x".repeat(len);
            assert_eq!(str(ascii.as_bytes()).unwrap(), ascii, "{len} ASCII bytes");
            for at in [0, len / 2, len - 1] {
                let mut broken = ascii.clone().into_bytes();
                broken[at] = 0x80;
                assert!(str(&broken).is_err(), "{len} bytes, 0x80 at {at}");
            }
        }
        let long = "x".repeat(1000) + "é";
        assert_eq!(byte_string(Bytes::from(long.clone())).unwrap(), long.as_str());
    }
}
