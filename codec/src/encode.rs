//! The size pass, the write pass, and the required-field check before them.
//!
//! The size pass visits every message once and sums its fields. The write
//! pass then fills exactly that many bytes back to front (see
//! [`writer`](crate::writer)): fields in descending number order, so that the
//! output reads in ascending order, with unknown fields last.

use std::collections::HashSet;
use std::sync::atomic::Ordering;

use bytes::BufMut;

use crate::error::{EncodeError, MissingFieldError};
use crate::message::Message;
use crate::registry::MessageType;
use crate::table::{MessageTable, Missing};
use crate::wire::varint_len;
use crate::writer::{RevWriter, append_to_vec, write_to_buf_mut};

/// The encoded size of `msg`'s fields and unknown fields (no length prefix).
#[inline]
pub fn message_size<M: Message>(msg: &M) -> usize {
    msg.__encoded_len()
}

/// Writes `msg`'s fields back to front: the last field first.
#[inline]
pub fn write_message<M: Message>(msg: &M, w: &mut RevWriter<'_>) {
    msg.__write(w);
}

/// [`message_size`] by walking the table: what messages without a
/// generated encoder (hand-built tables) use.
#[inline]
pub fn table_size<M: Message>(msg: &M) -> usize {
    let table = M::__table();
    let mut size = match &table.unknown {
        Some(unknown) => (unknown.get)(msg).encoded_len(),
        None => 0,
    };
    for size_of in table.sizers.iter() {
        size += size_of(msg);
    }
    size
}

/// [`write_message`] by walking the table.
#[inline]
pub fn table_write<M: Message>(msg: &M, w: &mut RevWriter<'_>) {
    let table = M::__table();
    if let Some(unknown) = &table.unknown {
        w.put_slice((unknown.get)(msg).as_bytes());
    }
    for write in table.writers.iter() {
        write(msg, w);
    }
}

/// Checks that every required field of `msg`, and of every message inside
/// it, is set.
///
/// # Errors
///
/// The path of the first missing field, innermost field first.
pub fn check_message<M: Message>(msg: &M) -> Result<(), Missing> {
    let table = M::__table();
    if !needs_check(table) {
        return Ok(());
    }
    for &i in table.checked.iter() {
        let field = &table.fields[i];
        if let Some(check) = field.check {
            check(msg).map_err(|missing| missing.in_field(field.info.name))?;
        }
    }
    Ok(())
}

#[inline]
fn needs_check<M: Message>(table: &MessageTable<M>) -> bool {
    match table.needs_check.load(Ordering::Relaxed) {
        1 => false,
        2 => true,
        _ => work_out_needs_check(table),
    }
}

/// Walks the message types reachable from `M` for a required field. Racing
/// threads may both walk; they store the same answer.
#[cold]
fn work_out_needs_check<M: Message>(table: &MessageTable<M>) -> bool {
    let mut seen = HashSet::new();
    let mut stack = vec![MessageType::of::<M>()];
    let mut found = false;
    while let Some(message_type) = stack.pop() {
        if !seen.insert(message_type.type_id()) {
            continue;
        }
        if message_type.has_required_fields() {
            found = true;
            break;
        }
        stack.extend(message_type.fields().iter().filter_map(|f| f.message_type).map(|f| f()));
    }
    table.needs_check.store(if found { 2 } else { 1 }, Ordering::Relaxed);
    found
}

pub(crate) fn check_initialized<M: Message>(msg: &M) -> Result<(), MissingFieldError> {
    check_message(msg).map_err(|missing| MissingFieldError::new(M::__table().full_name, missing.path))
}

pub(crate) fn encode_to_buf<M: Message, B: BufMut + ?Sized>(
    msg: &M,
    buf: &mut B,
    check: bool,
    length_delimited: bool,
) -> Result<(), EncodeError> {
    if check {
        check_initialized(msg)?;
    }
    let body = message_size(msg);
    let prefix = if length_delimited { varint_len(body as u64) } else { 0 };
    write_to_buf_mut(buf, prefix + body, |w| {
        write_message(msg, w);
        if length_delimited {
            w.put_varint(body as u64);
        }
    })
}

pub(crate) fn encode_to_vec<M: Message>(msg: &M, length_delimited: bool) -> Vec<u8> {
    let body = message_size(msg);
    let prefix = if length_delimited { varint_len(body as u64) } else { 0 };
    let mut out = Vec::new();
    append_to_vec(&mut out, prefix + body, |w| {
        write_message(msg, w);
        if length_delimited {
            w.put_varint(body as u64);
        }
    });
    out
}
