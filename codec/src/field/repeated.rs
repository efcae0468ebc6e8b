//! Helpers for repeated fields, packed or one key per value.

use super::codec::{Codec, PackedCodec};
use crate::decode::DecodeCtx;
use crate::error::DecodeError;
use crate::wire::{EncodedKey, WireType, read_len_delimited, varint_len};
use crate::writer::RevWriter;

/// Size of a repeated field written one key per value.
#[inline]
pub fn size_repeated<K: Codec>(values: &[K::Value], key_len: usize) -> usize {
    values.iter().map(|v| key_len + K::encoded_len(v)).sum()
}

/// Writes a repeated field one key per value, last value first.
#[inline]
pub fn write_repeated<K: Codec>(values: &[K::Value], key: &EncodedKey, w: &mut RevWriter<'_>) {
    for v in values.iter().rev() {
        K::write(v, w);
        w.put_key(key);
    }
}

#[inline]
fn packed_body<K: PackedCodec>(values: &[K::Value]) -> usize {
    match K::FIXED_LEN {
        Some(width) => width * values.len(),
        None => values.iter().map(K::encoded_len).sum(),
    }
}

/// Size of a packed field: nothing when empty.
#[inline]
pub fn size_packed<K: PackedCodec>(values: &[K::Value], key_len: usize) -> usize {
    if values.is_empty() {
        return 0;
    }
    let body = packed_body::<K>(values);
    key_len + varint_len(body as u64) + body
}

/// Writes a packed field (key, length, values) unless empty.
#[inline]
pub fn write_packed<K: PackedCodec>(values: &[K::Value], key: &EncodedKey, w: &mut RevWriter<'_>) {
    if values.is_empty() {
        return;
    }
    let end = w.written();
    for v in values.iter().rev() {
        K::write(v, w);
    }
    w.put_varint((w.written() - end) as u64);
    w.put_key(key);
}

/// Appends one occurrence of a packable repeated field: a packed run (wire
/// type LEN) or a single value, whichever arrived.
///
/// # Errors
///
/// Malformed input, including a packed run whose last value is cut short.
#[inline]
pub fn merge_packable<K: PackedCodec>(
    values: &mut Vec<K::Value>,
    wire_type: WireType,
    buf: &mut &[u8],
) -> Result<(), DecodeError> {
    if wire_type == WireType::Len && K::WIRE_TYPE != WireType::Len {
        let mut run = read_len_delimited(buf)?;
        // The run's length bounds how many values it can hold, so this
        // reservation is paid for by input already present.
        let most = match K::FIXED_LEN {
            Some(width) => run.len() / width,
            None => run.len(),
        };
        values.reserve(most.min(run.len()));
        while !run.is_empty() {
            values.push(K::read(&mut run)?);
        }
        Ok(())
    } else {
        values.push(K::read(buf)?);
        Ok(())
    }
}

/// Appends one value of a repeated non-packable field (strings, bytes,
/// messages).
///
/// # Errors
///
/// Malformed input.
#[inline]
pub fn merge_repeated<K: Codec>(
    values: &mut Vec<K::Value>,
    buf: &mut &[u8],
    ctx: &mut DecodeCtx,
) -> Result<(), DecodeError> {
    let mut value = K::new_value();
    K::merge(&mut value, true, buf, ctx)?;
    values.push(value);
    Ok(())
}
