//! Decoding entry points and options: contiguous or fragmented input, length
//! prefixes, the recursion budget; the loop itself is the engine's.

use bytes::Buf;

use crate::access::MsgMut;
use crate::engine;
use crate::error::{DecodeError, DecodeErrorKind};
use crate::table::MessageTable;
use crate::wire::{MAX_VARINT_LEN, read_varint};

/// The default limit on how deeply messages (and groups) may nest.
pub const DEFAULT_RECURSION_LIMIT: u32 = 100;

/// Options for decoding.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DecodeOptions {
    recursion_limit: u32,
    check_required: bool,
}

impl Default for DecodeOptions {
    fn default() -> Self {
        DecodeOptions::new()
    }
}

impl DecodeOptions {
    /// Recursion limit 100, required fields checked.
    pub const fn new() -> DecodeOptions {
        DecodeOptions { recursion_limit: DEFAULT_RECURSION_LIMIT, check_required: true }
    }

    /// How many levels of nested messages and groups, below the top-level
    /// message, the input may hold before decoding fails with
    /// [`RecursionLimit`](crate::DecodeErrorKind::RecursionLimit).
    pub const fn recursion_limit(mut self, limit: u32) -> DecodeOptions {
        self.recursion_limit = limit;
        self
    }

    /// Whether a missing required field is an error (the default) or the
    /// message is returned partial.
    pub const fn check_required(mut self, check: bool) -> DecodeOptions {
        self.check_required = check;
        self
    }
}

/// State carried through one decode: the recursion budget left, and whether
/// required fields are checked.
pub(crate) struct DecodeCtx {
    depth: u32,
    check_required: bool,
}

impl DecodeCtx {
    pub(crate) fn new(options: &DecodeOptions) -> DecodeCtx {
        DecodeCtx { depth: options.recursion_limit, check_required: options.check_required }
    }

    /// Runs `f` one nesting level deeper.
    ///
    /// # Errors
    ///
    /// [`RecursionLimit`](crate::DecodeErrorKind::RecursionLimit) when no
    /// level is left; otherwise whatever `f` returns.
    #[inline]
    pub(crate) fn nested<T>(
        &mut self,
        f: impl FnOnce(&mut DecodeCtx) -> Result<T, DecodeError>,
    ) -> Result<T, DecodeError> {
        let Some(depth) = self.depth.checked_sub(1) else {
            return Err(DecodeError::recursion_limit());
        };
        self.depth = depth;
        let result = f(self);
        self.depth = depth + 1;
        result
    }

    /// The recursion budget left.
    #[inline]
    pub(crate) fn depth(&self) -> u32 {
        self.depth
    }

    /// Whether missing required fields are errors.
    #[inline]
    pub(crate) fn check_required(&self) -> bool {
        self.check_required
    }
}

/// Decodes a whole contiguous input into `msg`. Not generic: every message
/// type and every entry point shares it.
#[inline(never)]
pub(crate) fn merge_slice(
    msg: MsgMut<'_>,
    bytes: &[u8],
    options: &DecodeOptions,
    fresh: bool,
) -> Result<(), DecodeError> {
    let table = msg.table();
    let mut ctx = DecodeCtx::new(options);
    let mut input = bytes;
    match engine::merge_message(msg, &mut input, &mut ctx, fresh, None) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == &DecodeErrorKind::MissingRequired => {
            Err(malformed_after(table, bytes, options).unwrap_or(e).in_message(table.full_name))
        }
        Err(e) => Err(e.in_message(table.full_name)),
    }
}

/// Required fields are checked as each nested message ends, so a missing
/// one can be reported before the rest of the input is read. Malformed input
/// must win over a missing field (the official implementations parse first
/// and check after), so on that error path the whole input is parsed again,
/// into a scratch message, without the check: its error, if any, is the one
/// to report.
#[cold]
fn malformed_after(table: &'static MessageTable, bytes: &[u8], options: &DecodeOptions) -> Option<DecodeError> {
    let mut scratch = (table.new_dyn)();
    scratch.merge_with(bytes, &options.check_required(false), true).err()
}

/// Decodes all of `buf` into `msg`: straight from the buffer when it is one
/// contiguous chunk (a slice, `Bytes`), else from one copy of it.
pub(crate) fn merge_buf<B: Buf>(
    msg: MsgMut<'_>,
    mut buf: B,
    options: &DecodeOptions,
    fresh: bool,
) -> Result<(), DecodeError> {
    let len = buf.remaining();
    if buf.chunk().len() >= len {
        merge_slice(msg, &buf.chunk()[..len], options, fresh)?;
        buf.advance(len);
        Ok(())
    } else {
        let bytes = buf.copy_to_bytes(len);
        merge_slice(msg, &bytes, options, fresh)
    }
}

/// Reads a varint length prefix from a possibly fragmented buffer, then
/// merges that many bytes. The prefix is only consumed once the whole frame
/// is known to be there: when the input ends in the prefix or the body, the
/// error is [`DecodeErrorKind::Incomplete`] and `buf` is untouched, so that
/// a reader can append more bytes and try again.
pub(crate) fn merge_length_delimited<B: Buf>(
    msg: MsgMut<'_>,
    mut buf: B,
    options: &DecodeOptions,
    fresh: bool,
) -> Result<(), DecodeError> {
    let name = msg.table().full_name;
    let len = match peek_len(&buf) {
        Some(peeked) => {
            let (prefix_len, len) = peeked.map_err(|e| e.in_message(name))?;
            buf.advance(prefix_len);
            len
        }
        None => read_buf_len(&mut buf).map_err(|e| e.in_message(name))?,
    };
    merge_buf(msg, buf.take(len), options, fresh)
}

/// The length prefix at the front of `buf` and its size, without consuming
/// it, as `(prefix bytes, body length)`; an `Incomplete` error if `buf`
/// ends before the prefix or the body does. `None` if the prefix spans
/// chunks that `buf` does not show at once (a `Buf` without
/// `chunks_vectored`), which [`read_buf_len`] then reads.
fn peek_len<B: Buf>(buf: &B) -> Option<Result<(usize, usize), DecodeError>> {
    let mut slices = [std::io::IoSlice::new(&[]); MAX_VARINT_LEN];
    let count = buf.chunks_vectored(&mut slices);
    let mut prefix = [0u8; MAX_VARINT_LEN];
    let mut n = 0;
    let mut complete = false;
    for &byte in slices[..count].iter().flat_map(|s| s.iter()) {
        prefix[n] = byte;
        n += 1;
        if byte < 0x80 || n == MAX_VARINT_LEN {
            complete = true;
            break;
        }
    }
    let available = buf.remaining();
    if !complete {
        return (n == available).then_some(Err(DecodeError::incomplete(None, available)));
    }
    let len = match read_varint(&mut &prefix[..n]) {
        Ok(len) => len,
        Err(e) => return Some(Err(e)),
    };
    let needed = (n as u64).saturating_add(len);
    if needed > available as u64 {
        return Some(Err(DecodeError::incomplete(Some(needed), available)));
    }
    Some(Ok((n, len as usize)))
}

fn read_buf_len<B: Buf>(buf: &mut B) -> Result<usize, DecodeError> {
    // The prefix is at most 10 bytes; copy them out of however many chunks
    // they span, stopping after the first byte without a continuation bit.
    let mut prefix = [0u8; MAX_VARINT_LEN];
    let mut n = 0;
    while n < MAX_VARINT_LEN && buf.has_remaining() {
        prefix[n] = buf.get_u8();
        n += 1;
        if prefix[n - 1] < 0x80 {
            break;
        }
    }
    let len = read_varint(&mut &prefix[..n])?;
    let remaining = buf.remaining();
    if len > remaining as u64 {
        return Err(DecodeError::length_past_end(len, remaining));
    }
    Ok(len as usize)
}
