//! Encoding entry points: one write pass (back to front, into the thread's
//! scratch buffer; the routines of required fields flag any that is unset),
//! then one copy into an allocation of exactly the encoded size. See the
//! engine and the writer.

use bytes::BufMut;

use crate::access::MsgRef;
use crate::engine;
use crate::error::{EncodeError, MissingFieldError};
use crate::wire::{RevWriter, write_exact, write_reversed, write_reversed_to_vec};

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
        expected_size(msg),
        |w| write(msg, length_delimited, w),
        |w| {
            remember_size(msg, w.written());
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

/// Messages encoding to at least this many bytes, at least half of them in
/// long `bytes`/`string` values, are bulky: copying those once more costs
/// more than a size pass. (For messages of many small fields the size pass
/// costs more than the copy.)
const LARGE: usize = 32 << 10;

/// Messages encoding to less than this need no size hint: the scratch
/// buffer the thread keeps has room for them.
const HINT_MIN: usize = 4 << 10;

/// The size the last large message of `msg`'s type encoded to, or 0.
fn expected_size(msg: MsgRef<'_>) -> usize {
    msg.table().encode_hint.load(std::sync::atomic::Ordering::Relaxed)
}

/// Records how large a message of `msg`'s type encoded, for the next one's
/// scratch buffer. Stored only when it grows or halves, so that threads
/// encoding one type do not write one shared word on every call.
fn remember_size(msg: MsgRef<'_>, written: usize) {
    use std::sync::atomic::Ordering::Relaxed;
    let hint = &msg.table().encode_hint;
    let old = hint.load(Relaxed);
    let new = if written >= HINT_MIN { written } else { 0 };
    if new > old || new < old / 2 {
        hint.store(new, Relaxed);
    }
}

/// Encodes into a new `Vec`, allocated once (see `Message::encode_to_vec`
/// for its capacity). Not generic.
///
/// A message of a type whose last encoding was bulky gets a size pass
/// first and is written straight into its allocation; any other is written
/// into the thread's scratch buffer and copied out (or, past 1 MiB, handed
/// over in that buffer), which costs less than a size pass unless long
/// values make up most of the message.
///
/// # Errors
///
/// As [`written`].
#[inline(never)]
pub(crate) fn encode_to_vec(msg: MsgRef<'_>, check: bool, length_delimited: bool) -> Result<Vec<u8>, EncodeError> {
    use std::sync::atomic::Ordering::Relaxed;
    let large = &msg.table().encodes_large;
    let was_bulky = large.load(Relaxed);
    let mut bulky = was_bulky;
    let mut note = |w: &RevWriter| bulky = w.written() >= LARGE && w.bulk * 2 >= w.written();
    let result = if was_bulky {
        let body = engine::message_size(msg);
        let size = if length_delimited { body + crate::wire::varint_len(body as u64) } else { body };
        write_exact(
            size,
            |w| write(msg, length_delimited, w),
            |w| {
                note(w);
                written(msg, check, w).map(|_| ())
            },
        )
    } else {
        write_reversed_to_vec(
            expected_size(msg),
            |w| write(msg, length_delimited, w),
            |w| {
                note(w);
                remember_size(msg, w.written());
                written(msg, check, w).map(|_| ())
            },
        )
    };
    if bulky != was_bulky {
        large.store(bulky, Relaxed);
    }
    result
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

#[cfg(test)]
mod tests {
    use crate::Message;
    use crate::types::{BytesValue, FileDescriptorSet};

    /// Large messages switch their type to the size-first path; the bytes
    /// are the same on either path, plain and length-delimited, and back
    /// again for small ones.
    #[test]
    fn large_messages_encode_alike_on_both_paths() {
        let big = BytesValue { value: (0..100_000u32).map(|i| i as u8).collect(), ..Default::default() };
        let small = BytesValue { value: vec![1, 2, 3], ..Default::default() };
        let first = big.encode_to_vec().unwrap();
        assert_eq!(first.len(), big.encoded_len());
        assert_eq!(&first[..4], [0x0a, 0xa0, 0x8d, 0x06]);
        assert_eq!(&first[4..], &big.value[..]);
        let bulky = || BytesValue::__table().erased().encodes_large.load(std::sync::atomic::Ordering::Relaxed);
        assert!(bulky(), "100 000 bytes in one value make the type bulky");
        for _ in 0..2 {
            assert!(bulky());
            assert_eq!(big.encode_to_vec().unwrap(), first);
            let delimited = big.encode_length_delimited_to_vec().unwrap();
            assert_eq!(BytesValue::decode_length_delimited(&delimited[..]).unwrap(), big);
            assert_eq!(small.encode_to_vec().unwrap(), [0x0a, 3, 1, 2, 3]);
            assert!(!bulky());
            assert_eq!(big.encode_to_vec().unwrap(), first);
        }
    }

    /// A required field unset is found on the size-first path too.
    #[test]
    fn the_size_first_path_checks_required_fields() {
        use crate::types::{FileDescriptorProto, UninterpretedOption, uninterpreted_option::NamePart};
        let part = NamePart { name_part: Some("x".repeat(40_000)), is_extension: Some(true), ..Default::default() };
        let option = UninterpretedOption { name: vec![part], ..Default::default() };
        let mut options = crate::types::FileOptions::default();
        options.uninterpreted_option.push(option);
        let file = FileDescriptorProto { options: Some(options), ..Default::default() };
        let mut set = FileDescriptorSet { file: vec![file], ..Default::default() };
        let good = set.encode_to_vec().unwrap();
        assert!(FileDescriptorSet::__table().erased().encodes_large.load(std::sync::atomic::Ordering::Relaxed));
        assert_eq!(set.encode_to_vec().unwrap(), good);
        set.file[0].options.as_mut().unwrap().uninterpreted_option[0].name[0].is_extension = None;
        assert!(set.encode_to_vec().is_err(), "NamePart.is_extension is required");
    }
}
