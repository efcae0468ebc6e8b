//! Closed enums (proto2): a value the enum does not declare is not stored in
//! the field but kept among the message's unknown fields, as the spec says.

use crate::enumeration::Enumeration;
use crate::error::DecodeError;
use crate::unknown::UnknownFields;
use crate::wire::{WireType, read_len_delimited, read_varint};

#[inline]
fn read_closed<E: Enumeration>(number: u32, unknown: &mut UnknownFields, buf: &mut &[u8]) -> Result<Option<i32>, DecodeError> {
    let raw = read_varint(buf)?;
    let value = raw as i32;
    if E::is_valid(value) {
        Ok(Some(value))
    } else {
        unknown.push_varint(number, raw);
        Ok(None)
    }
}

/// Merges a singular closed-enum field stored as `i32`.
///
/// # Errors
///
/// Malformed input.
#[inline]
pub fn merge_closed_enum<E: Enumeration>(
    value: &mut i32,
    number: u32,
    unknown: &mut UnknownFields,
    buf: &mut &[u8],
) -> Result<(), DecodeError> {
    if let Some(v) = read_closed::<E>(number, unknown, buf)? {
        *value = v;
    }
    Ok(())
}

/// Merges a closed-enum field with presence, stored as `Option<i32>`.
///
/// # Errors
///
/// Malformed input.
#[inline]
pub fn merge_closed_enum_optional<E: Enumeration>(
    value: &mut Option<i32>,
    number: u32,
    unknown: &mut UnknownFields,
    buf: &mut &[u8],
) -> Result<(), DecodeError> {
    if let Some(v) = read_closed::<E>(number, unknown, buf)? {
        *value = Some(v);
    }
    Ok(())
}

/// Appends to a repeated closed-enum field, packed or not; each undeclared
/// value becomes one unknown varint field.
///
/// # Errors
///
/// Malformed input.
#[inline]
pub fn merge_closed_enum_repeated<E: Enumeration>(
    values: &mut Vec<i32>,
    wire_type: WireType,
    number: u32,
    unknown: &mut UnknownFields,
    buf: &mut &[u8],
) -> Result<(), DecodeError> {
    if wire_type == WireType::Len {
        let mut run = read_len_delimited(buf)?;
        while !run.is_empty() {
            if let Some(v) = read_closed::<E>(number, unknown, &mut run)? {
                values.push(v);
            }
        }
    } else if let Some(v) = read_closed::<E>(number, unknown, buf)? {
        values.push(v);
    }
    Ok(())
}
