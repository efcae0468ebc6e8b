//! Helpers for singular fields: implicit presence, optional, always written,
//! oneof members and groups; and the required-field checks.

use super::codec::Codec;
use crate::decode::{DecodeCtx, merge_group};
use crate::encode::{check_message, message_size, write_message};
use crate::error::DecodeError;
use crate::message::Message;
use crate::table::Missing;
use crate::wire::{EncodedKey, WireType};
use crate::writer::RevWriter;

/// Size of an implicit-presence field: nothing when at its default.
#[inline]
pub fn size_implicit<K: Codec>(value: &K::Value, key_len: usize) -> usize {
    if K::is_default(value) { 0 } else { key_len + K::encoded_len(value) }
}

/// Writes an implicit-presence field unless it is at its default.
#[inline]
pub fn write_implicit<K: Codec>(value: &K::Value, key: &EncodedKey, w: &mut RevWriter<'_>) {
    if !K::is_default(value) {
        K::write(value, w);
        w.put_key(key);
    }
}

/// Size of a field that is always written (required, or a oneof member).
#[inline]
pub fn size_always<K: Codec>(value: &K::Value, key_len: usize) -> usize {
    key_len + K::encoded_len(value)
}

/// Writes a field that is always written.
#[inline]
pub fn write_always<K: Codec>(value: &K::Value, key: &EncodedKey, w: &mut RevWriter<'_>) {
    K::write(value, w);
    w.put_key(key);
}

/// Size of an `Option` field: nothing when `None`.
#[inline]
pub fn size_optional<K: Codec>(value: &Option<K::Value>, key_len: usize) -> usize {
    value.as_ref().map_or(0, |v| key_len + K::encoded_len(v))
}

/// Writes an `Option` field when `Some`.
#[inline]
pub fn write_optional<K: Codec>(value: &Option<K::Value>, key: &EncodedKey, w: &mut RevWriter<'_>) {
    if let Some(v) = value {
        K::write(v, w);
        w.put_key(key);
    }
}

/// Merges a value into a field that always holds one.
///
/// # Errors
///
/// Malformed input.
#[inline]
pub fn merge_value<K: Codec>(value: &mut K::Value, buf: &mut &[u8], ctx: &mut DecodeCtx) -> Result<(), DecodeError> {
    K::merge(value, false, buf, ctx)
}

/// Merges a value into an `Option` field, creating it if `None`.
///
/// # Errors
///
/// Malformed input.
#[inline]
pub fn merge_optional<K: Codec>(
    value: &mut Option<K::Value>,
    buf: &mut &[u8],
    ctx: &mut DecodeCtx,
) -> Result<(), DecodeError> {
    let fresh = value.is_none();
    K::merge(value.get_or_insert_with(K::new_value), fresh, buf, ctx)
}

/// Merges a value into a oneof: into the member if it is already the one set
/// (messages merge), else into a new value that replaces whatever was set.
///
/// # Errors
///
/// Malformed input.
#[inline]
pub fn merge_oneof<K: Codec, O>(
    oneof: &mut Option<O>,
    get: fn(&mut O) -> Option<&mut K::Value>,
    make: fn(K::Value) -> O,
    buf: &mut &[u8],
    ctx: &mut DecodeCtx,
) -> Result<(), DecodeError> {
    if let Some(value) = oneof.as_mut().and_then(get) {
        return K::merge(value, false, buf, ctx);
    }
    let mut value = K::new_value();
    K::merge(&mut value, true, buf, ctx)?;
    *oneof = Some(make(value));
    Ok(())
}

/// Size of a group: start key, fields, end key.
#[inline]
pub fn size_group<M: Message>(value: &M, key_len: usize) -> usize {
    2 * key_len + message_size(value)
}

/// Writes a group; `key` is its start-group key.
#[inline]
pub fn write_group<M: Message>(value: &M, key: &EncodedKey, w: &mut RevWriter<'_>) {
    w.put_key(&key.with_wire_type(WireType::EndGroup));
    write_message(value, w);
    w.put_key(key);
}

/// Merges a group into an `Option` field.
///
/// # Errors
///
/// Malformed input, or a missing or mismatched end-group key.
#[inline]
pub fn merge_group_optional<M: Message>(
    value: &mut Option<M>,
    number: u32,
    buf: &mut &[u8],
    ctx: &mut DecodeCtx,
) -> Result<(), DecodeError> {
    let fresh = value.is_none();
    merge_group(value.get_or_insert_with(M::default), number, fresh, buf, ctx)
}

/// Appends a group to a repeated group field.
///
/// # Errors
///
/// As [`merge_group_optional`].
#[inline]
pub fn merge_group_repeated<M: Message>(
    values: &mut Vec<M>,
    number: u32,
    buf: &mut &[u8],
    ctx: &mut DecodeCtx,
) -> Result<(), DecodeError> {
    let mut value = M::default();
    merge_group(&mut value, number, true, buf, ctx)?;
    values.push(value);
    Ok(())
}

/// A required field's presence.
///
/// # Errors
///
/// [`Missing`] when absent.
#[inline]
pub fn check_present(present: bool) -> Result<(), Missing> {
    if present { Ok(()) } else { Err(Missing::here()) }
}

/// Checks every message in `values` for missing required fields.
///
/// # Errors
///
/// [`Missing`] with the path inside the first message that lacks one.
#[inline]
pub fn check_messages<'a, M: Message>(values: impl IntoIterator<Item = &'a M>) -> Result<(), Missing> {
    values.into_iter().try_for_each(check_message)
}
