//! Encoding entry points: the required-field check, the size pass, one
//! allocation, the write pass (see [`engine`](crate::engine) and
//! [`writer`](crate::writer)).

use bytes::BufMut;

use crate::access::MsgRef;
use crate::engine;
use crate::error::{EncodeError, MissingFieldError};
use crate::message::Message;
use crate::wire::varint_len;
use crate::writer::{append_to_vec, write_to_buf_mut};

/// The encoded size of `msg`'s fields and unknown fields (no length prefix).
#[inline]
pub(crate) fn message_size<M: Message>(msg: &M) -> usize {
    engine::message_size(MsgRef::new(msg))
}

pub(crate) fn check_initialized<M: Message>(msg: &M) -> Result<(), MissingFieldError> {
    engine::check_message(MsgRef::new(msg))
        .map_err(|missing| MissingFieldError::new(M::__table().erased().full_name, missing.path))
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
    let msg = MsgRef::new(msg);
    let body = engine::message_size(msg);
    let prefix = if length_delimited { varint_len(body as u64) } else { 0 };
    write_to_buf_mut(buf, prefix + body, |w| {
        engine::write_message(msg, w);
        if length_delimited {
            w.put_varint(body as u64);
        }
    })
}

pub(crate) fn encode_to_vec<M: Message>(msg: &M, length_delimited: bool) -> Vec<u8> {
    let msg = MsgRef::new(msg);
    let body = engine::message_size(msg);
    let prefix = if length_delimited { varint_len(body as u64) } else { 0 };
    let mut out = Vec::new();
    append_to_vec(&mut out, prefix + body, |w| {
        engine::write_message(msg, w);
        if length_delimited {
            w.put_varint(body as u64);
        }
    });
    out
}
