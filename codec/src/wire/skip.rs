//! Skipping a field of any wire type, groups included, without decoding it.

use super::fixed::{read_fixed32, read_fixed64};
use super::key::{WireType, read_key};
use super::len::read_len_delimited;
use super::varint::read_varint;
use crate::error::DecodeError;

/// Skips the value of field `number`, whose key (of wire type `wire_type`) has
/// just been read. A group is skipped up to its matching end-group key, and
/// each level of group nesting spends one unit of `depth` (the recursion
/// budget left).
///
/// # Errors
///
/// Any read error; [`UnexpectedEndGroup`](crate::DecodeErrorKind::UnexpectedEndGroup)
/// for an end-group key with no start, or one whose number does not match;
/// [`RecursionLimit`](crate::DecodeErrorKind::RecursionLimit) when groups nest
/// deeper than `depth`.
pub fn skip_field(wire_type: WireType, number: u32, buf: &mut &[u8], depth: u32) -> Result<(), DecodeError> {
    match wire_type {
        WireType::Varint => read_varint(buf).map(drop),
        WireType::I64 => read_fixed64(buf).map(drop),
        WireType::I32 => read_fixed32(buf).map(drop),
        WireType::Len => read_len_delimited(buf).map(drop),
        WireType::StartGroup => skip_group(number, buf, depth),
        WireType::EndGroup => Err(DecodeError::unexpected_end_group(number)),
    }
}

fn skip_group(number: u32, buf: &mut &[u8], depth: u32) -> Result<(), DecodeError> {
    let Some(depth) = depth.checked_sub(1) else {
        return Err(DecodeError::recursion_limit());
    };
    loop {
        if buf.is_empty() {
            return Err(DecodeError::truncated("a group (no end-group key)"));
        }
        let (inner, wire_type) = read_key(buf)?;
        if wire_type == WireType::EndGroup {
            return if inner == number { Ok(()) } else { Err(DecodeError::unexpected_end_group(inner)) };
        }
        skip_field(wire_type, inner, buf, depth)?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::DecodeErrorKind;

    #[test]
    fn skips_each_wire_type_exactly() {
        let cases: &[(WireType, &[u8])] = &[
            (WireType::Varint, &[0x96, 0x01]),
            (WireType::I64, &[1, 2, 3, 4, 5, 6, 7, 8]),
            (WireType::I32, &[1, 2, 3, 4]),
            (WireType::Len, &[2, b'h', b'i']),
            // A group holding field 2 = 1, then end-group for field 1 (key 0x0c).
            (WireType::StartGroup, &[0x10, 0x01, 0x0c]),
        ];
        for &(wt, value) in cases {
            let mut input = value.to_vec();
            input.push(0x42);
            let mut buf = &input[..];
            skip_field(wt, 1, &mut buf, 100).unwrap();
            assert_eq!(buf, &[0x42], "{wt:?}");
        }
    }

    #[test]
    fn mismatched_end_group_is_an_error() {
        let mut buf: &[u8] = &[0x14]; // end-group for field 2
        let err = skip_field(WireType::StartGroup, 1, &mut buf, 100).unwrap_err();
        assert_eq!(err.kind(), &DecodeErrorKind::UnexpectedEndGroup(2));
    }

    #[test]
    fn unterminated_group_is_truncated() {
        let mut buf: &[u8] = &[0x10, 0x01];
        let err = skip_field(WireType::StartGroup, 1, &mut buf, 100).unwrap_err();
        assert!(matches!(err.kind(), DecodeErrorKind::Truncated { .. }));
    }

    #[test]
    fn deep_groups_hit_the_limit_instead_of_the_stack() {
        let input = vec![0x0b; 100_000]; // start-group for field 1, forever
        let mut buf = &input[1..];
        let err = skip_field(WireType::StartGroup, 1, &mut buf, 100).unwrap_err();
        assert_eq!(err.kind(), &DecodeErrorKind::RecursionLimit);
    }
}
