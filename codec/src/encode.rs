//! Encoding entry points: the required-field check, the size pass, one
//! allocation, the write pass (see [`engine`](crate::engine) and
//! [`writer`](crate::writer)).

use bytes::BufMut;

use crate::access::MsgRef;
use crate::engine;
use crate::error::{EncodeError, MissingFieldError};
use crate::wire::varint_len;
use crate::writer::{append_to_vec, write_to_buf_mut};

pub(crate) fn check_initialized(msg: MsgRef<'_>) -> Result<(), MissingFieldError> {
    engine::check_message(msg).map_err(|missing| MissingFieldError::new(msg.table().full_name, missing.path))
}

pub(crate) fn encode_to_buf<B: BufMut + ?Sized>(
    msg: MsgRef<'_>,
    buf: &mut B,
    check: bool,
    length_delimited: bool,
) -> Result<(), EncodeError> {
    if check {
        check_initialized(msg)?;
    }
    let body = engine::message_size(msg);
    let prefix = if length_delimited { varint_len(body as u64) } else { 0 };
    write_to_buf_mut(buf, prefix + body, |w| {
        engine::write_message(msg, w);
        if length_delimited {
            w.put_varint(body as u64);
        }
    })
}

/// Encodes into a new `Vec`, allocated once at the exact size. Not generic.
///
/// # Errors
///
/// A missing required field, when `check` is set.
#[inline(never)]
pub(crate) fn encode_to_vec(msg: MsgRef<'_>, check: bool, length_delimited: bool) -> Result<Vec<u8>, EncodeError> {
    if check {
        check_initialized(msg)?;
    }
    let body = engine::message_size(msg);
    let prefix = if length_delimited { varint_len(body as u64) } else { 0 };
    let mut out = Vec::new();
    append_to_vec(&mut out, prefix + body, |w| {
        engine::write_message(msg, w);
        if length_delimited {
            w.put_varint(body as u64);
        }
    });
    Ok(out)
}
