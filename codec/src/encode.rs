//! Encoding entry points: one write pass (back to front, into the thread's
//! scratch buffer; the routines of required fields flag any that is unset),
//! then one copy into an allocation of exactly the encoded size. See the
//! engine and the writer.

use bytes::BufMut;

use crate::access::MsgRef;
use crate::engine;
use crate::error::{EncodeError, MissingFieldError};
use crate::wire::{RevWriter, write_reversed};

/// How many levels of nested messages (and groups), below the top-level
/// message, encoding descends before it fails with
/// [`RecursionLimit`](crate::EncodeErrorKind::RecursionLimit).
///
/// Ten times decoding's default limit, so that whatever decodes under the
/// default options encodes again; low enough that the write pass (about 150
/// bytes of stack per level in release builds, 1.2 KiB in debug builds) fits
/// a spawned thread's default 2 MiB stack even in a debug build.
/// [`encoded_len`](crate::Message::encoded_len) is not limited: it uses less
/// stack per level.
pub const ENCODE_RECURSION_LIMIT: u32 = 1_000;

/// The most bytes a message may encode to: protobuf's 2 GiB ceiling (sizes
/// are 32-bit signed in the other implementations). Larger is an error, not
/// a wrap-around.
pub const MAX_ENCODED_LEN: usize = i32::MAX as usize;

pub(crate) fn check_initialized(msg: MsgRef<'_>) -> Result<(), MissingFieldError> {
    engine::check_message(msg).map_err(|missing| MissingFieldError::new(msg.table().full_name, missing.path))
}

pub(crate) fn encode_to_buf<B: BufMut + ?Sized>(
    msg: MsgRef<'_>,
    buf: &mut B,
    check: bool,
    length_delimited: bool,
) -> Result<(), EncodeError> {
    write_reversed(
        |w| write(msg, length_delimited, w),
        |w| {
            let bytes = written(msg, check, w)?;
            let remaining = buf.remaining_mut();
            if remaining < bytes.len() {
                return Err(EncodeError::buffer_too_small(bytes.len(), remaining));
            }
            buf.put_slice(bytes);
            Ok(())
        },
    )
}

/// Encodes into a new `Vec`, allocated once at the exact size. Not generic.
///
/// # Errors
///
/// As [`written`].
#[inline(never)]
pub(crate) fn encode_to_vec(msg: MsgRef<'_>, check: bool, length_delimited: bool) -> Result<Vec<u8>, EncodeError> {
    write_reversed(|w| write(msg, length_delimited, w), |w| written(msg, check, w).map(<[u8]>::to_vec))
}

/// The bytes of a finished write pass, or what the pass found wrong:
/// nesting past the limit, more than 2 GiB, a required field unset (when
/// `check` is set).
fn written<'w>(msg: MsgRef<'_>, check: bool, w: &'w RevWriter) -> Result<&'w [u8], EncodeError> {
    if w.too_deep {
        return Err(EncodeError::recursion_limit());
    }
    if w.written() > MAX_ENCODED_LEN {
        return Err(EncodeError::too_large(w.written(), MAX_ENCODED_LEN));
    }
    if check && w.missing_required {
        return Err(missing(msg).into());
    }
    Ok(w.bytes())
}

/// The required field the write pass found unset, with its path: the check
/// walk runs only on this error path.
#[cold]
fn missing(msg: MsgRef<'_>) -> MissingFieldError {
    match check_initialized(msg) {
        Err(missing) => missing,
        Ok(()) => unreachable!("protowire: the write pass and the check disagree on a required field"),
    }
}

/// The write pass, then the length prefix if asked for: the body's length is
/// how much the writer wrote.
fn write(msg: MsgRef<'_>, length_delimited: bool, w: &mut RevWriter) {
    engine::write_message(msg, w);
    if length_delimited {
        w.put_varint(w.written() as u64);
    }
}
