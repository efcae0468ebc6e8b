//! Enum fields, stored as `i32`. Open enums (proto3) keep any value. Closed
//! enums (proto2) keep only values the enum declares: any other goes into the
//! message's unknown fields, as the spec says, or is dropped when the message
//! keeps no unknown fields.

use crate::enumeration::Enumeration;
use crate::error::DecodeError;
use crate::unknown::UnknownFields;
use crate::wire::{WireType, read_len_delimited, read_varint};

/// Reads one enum value: `Some` if the field may hold it, `None` if it went to
/// the unknown fields instead.
///
/// # Errors
///
/// Malformed input.
#[inline]
pub fn read_enum<E: Enumeration>(
    number: u32,
    unknown: Option<&mut UnknownFields>,
    buf: &mut &[u8],
) -> Result<Option<i32>, DecodeError> {
    let raw = read_varint(buf)?;
    let value = raw as i32;
    if !E::CLOSED || E::is_valid(value) {
        Ok(Some(value))
    } else {
        if let Some(unknown) = unknown {
            unknown.push_varint(number, raw);
        }
        Ok(None)
    }
}

/// Merges a singular enum field.
///
/// # Errors
///
/// Malformed input.
#[inline]
pub fn merge_enum<E: Enumeration>(
    value: &mut i32,
    number: u32,
    unknown: Option<&mut UnknownFields>,
    buf: &mut &[u8],
) -> Result<(), DecodeError> {
    if let Some(v) = read_enum::<E>(number, unknown, buf)? {
        *value = v;
    }
    Ok(())
}

/// Merges an enum field with presence.
///
/// # Errors
///
/// Malformed input.
#[inline]
pub fn merge_enum_optional<E: Enumeration>(
    value: &mut Option<i32>,
    number: u32,
    unknown: Option<&mut UnknownFields>,
    buf: &mut &[u8],
) -> Result<(), DecodeError> {
    if let Some(v) = read_enum::<E>(number, unknown, buf)? {
        *value = Some(v);
    }
    Ok(())
}

/// Appends to a repeated enum field, packed or not; with a closed enum, each
/// undeclared value becomes one unknown varint field.
///
/// # Errors
///
/// Malformed input.
#[inline]
pub fn merge_enum_repeated<E: Enumeration>(
    values: &mut Vec<i32>,
    wire_type: WireType,
    number: u32,
    mut unknown: Option<&mut UnknownFields>,
    buf: &mut &[u8],
) -> Result<(), DecodeError> {
    if wire_type == WireType::Len {
        let mut run = read_len_delimited(buf)?;
        values.reserve(run.len());
        while !run.is_empty() {
            if let Some(v) = read_enum::<E>(number, unknown.as_deref_mut(), &mut run)? {
                values.push(v);
            }
        }
    } else if let Some(v) = read_enum::<E>(number, unknown, buf)? {
        values.push(v);
    }
    Ok(())
}
