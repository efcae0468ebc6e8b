//! Decoding entry points and options: contiguous or fragmented input, length
//! prefixes, the recursion budget; the loop itself is the engine's.

use bytes::{Buf, Bytes};

use crate::access::MsgMut;
use crate::engine;
use crate::error::{DecodeError, DecodeErrorKind, Limit};
use crate::table::MessageTable;
use crate::wire::{MAX_VARINT_LEN, read_varint};

/// The flat part of the default element-memory budget (see [`DecodeOptions`]).
const DEFAULT_ELEMENT_MEMORY_FLAT: usize = 4 << 20;

/// The default limit on how deeply messages (and groups) may nest.
pub const DEFAULT_RECURSION_LIMIT: u32 = 100;

/// The largest input decoded by default: protobuf's own 2 GiB ceiling.
pub const DEFAULT_MAX_MESSAGE_SIZE: usize = i32::MAX as usize;

/// Options for decoding, including the limits that bound the memory an
/// untrusted input can make a decode take.
///
/// Defaults: recursion limit 100; required fields checked; input up to
/// [`DEFAULT_MAX_MESSAGE_SIZE`]; repeated and map elements and boxed messages
/// (whose memory, `size_of` each, the input does not bound: an empty nested
/// message is two bytes on the wire) up to 64 bytes per input byte plus
/// 4 MiB; unknown fields unlimited (they are copies of input bytes, so
/// never more than the input).
///
/// The flat 4 MiB is what lets a message whose types are large but mostly
/// empty (a chain of a hundred boxed 10 KiB messages is a few hundred bytes
/// on the wire) decode with the defaults; a message that needs more than its
/// own encoding's budget (thousands of such boxes) needs
/// [`max_element_memory`](Self::max_element_memory) raised.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DecodeOptions {
    recursion_limit: u32,
    check_required: bool,
    max_message_size: usize,
    max_element_memory: Option<usize>,
    max_unknown_bytes: usize,
}

impl Default for DecodeOptions {
    fn default() -> Self {
        DecodeOptions::new()
    }
}

impl DecodeOptions {
    /// Recursion limit 100, required fields checked.
    pub const fn new() -> DecodeOptions {
        DecodeOptions {
            recursion_limit: DEFAULT_RECURSION_LIMIT,
            check_required: true,
            max_message_size: DEFAULT_MAX_MESSAGE_SIZE,
            max_element_memory: None,
            max_unknown_bytes: usize::MAX,
        }
    }

    /// The longest input accepted, in bytes; longer input fails with
    /// [`LimitExceeded`](crate::DecodeErrorKind::LimitExceeded) before
    /// anything is read.
    pub const fn max_message_size(mut self, bytes: usize) -> DecodeOptions {
        self.max_message_size = bytes;
        self
    }

    /// The memory, in bytes, that repeated elements, map entries and boxed
    /// messages may take (`size_of` of each, not counting what they hold,
    /// which the input bounds). `None`, the default, allows 64 bytes per
    /// input byte plus 4 MiB.
    pub const fn max_element_memory(mut self, bytes: Option<usize>) -> DecodeOptions {
        self.max_element_memory = bytes;
        self
    }

    /// How many bytes of unknown fields one decode may keep (unlimited by
    /// default; they never exceed the input's length).
    pub const fn max_unknown_bytes(mut self, bytes: usize) -> DecodeOptions {
        self.max_unknown_bytes = bytes;
        self
    }

    /// The element-memory budget for an input of `len` bytes.
    fn element_budget(&self, len: usize) -> usize {
        self.max_element_memory.unwrap_or_else(|| len.saturating_mul(64).saturating_add(DEFAULT_ELEMENT_MEMORY_FLAT))
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
    /// Element memory left, and the limit it started from.
    memory: usize,
    memory_limit: usize,
    /// Unknown-field bytes left, and the limit.
    unknown: usize,
    unknown_limit: usize,
    /// The input, when it is a `Bytes`: `bytes::Bytes` fields are slices
    /// of it rather than copies.
    source: Option<Bytes>,
    /// The input's address range, so that an error can say at which byte
    /// of it the field that failed starts.
    input: std::ops::Range<usize>,
}

impl DecodeCtx {
    /// The state for decoding an input of `len` bytes.
    pub(crate) fn new(options: &DecodeOptions, len: usize) -> DecodeCtx {
        let memory = options.element_budget(len);
        DecodeCtx {
            depth: options.recursion_limit,
            check_required: options.check_required,
            memory,
            memory_limit: memory,
            unknown: options.max_unknown_bytes,
            unknown_limit: options.max_unknown_bytes,
            source: None,
            input: 0..0,
        }
    }

    /// The offset of `at` (a position inside the input) from the input's
    /// start; `None` for a position elsewhere.
    #[cold]
    pub(crate) fn offset_of(&self, at: &[u8]) -> Option<usize> {
        let p = at.as_ptr() as usize;
        (self.input.contains(&p) || p == self.input.end).then(|| p - self.input.start)
    }

    /// `bytes` as a `Bytes` sharing the input's memory when the input is a
    /// `Bytes` holding them; a copy otherwise.
    #[inline]
    pub(crate) fn share(&self, bytes: &[u8]) -> Bytes {
        match &self.source {
            // `slice` by offsets, not `slice_ref`, which would check again
            // what this guard has: the bytes lie inside the source.
            Some(source) if source.as_ptr_range().contains(&bytes.as_ptr()) && !bytes.is_empty() => {
                let start = bytes.as_ptr() as usize - source.as_ptr() as usize;
                source.slice(start..start + bytes.len())
            }
            _ => Bytes::copy_from_slice(bytes),
        }
    }

    /// Element memory left in the budget.
    #[inline]
    pub(crate) fn memory_left(&self) -> usize {
        self.memory
    }

    /// Takes `bytes` of element memory from the budget.
    ///
    /// # Errors
    ///
    /// [`LimitExceeded`](crate::DecodeErrorKind::LimitExceeded) when the
    /// budget does not have them.
    #[inline]
    pub(crate) fn charge(&mut self, bytes: usize) -> Result<(), DecodeError> {
        match self.memory.checked_sub(bytes) {
            Some(left) => {
                self.memory = left;
                Ok(())
            }
            None => Err(DecodeError::limit_exceeded(Limit::ElementMemory, self.memory_limit)),
        }
    }

    /// Takes `bytes` of unknown fields from their budget.
    ///
    /// # Errors
    ///
    /// As [`charge`](Self::charge).
    #[inline]
    pub(crate) fn charge_unknown(&mut self, bytes: usize) -> Result<(), DecodeError> {
        match self.unknown.checked_sub(bytes) {
            Some(left) => {
                self.unknown = left;
                Ok(())
            }
            None => Err(DecodeError::limit_exceeded(Limit::UnknownBytes, self.unknown_limit)),
        }
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
    merge_from(msg, bytes, None, options, fresh)
}

/// As [`merge_slice`], with `bytes` the content of `source`, which
/// `bytes::Bytes` fields are sliced out of.
#[inline(never)]
fn merge_shared(msg: MsgMut<'_>, source: Bytes, options: &DecodeOptions, fresh: bool) -> Result<(), DecodeError> {
    merge_from(msg, &source.clone(), Some(source), options, fresh)
}

/// The body of [`merge_slice`] and [`merge_shared`], a copy in each: the
/// slice's copy, which every owned decode runs, then has no `Bytes` to
/// drop and no call of its own, which for a small message is a share of
/// its cost worth saving.
#[inline(always)]
fn merge_from(
    msg: MsgMut<'_>,
    bytes: &[u8],
    source: Option<Bytes>,
    options: &DecodeOptions,
    fresh: bool,
) -> Result<(), DecodeError> {
    let table = msg.table();
    if bytes.len() > options.max_message_size {
        return Err(
            DecodeError::limit_exceeded(Limit::MessageSize, options.max_message_size).in_message(table.full_name)
        );
    }
    let mut ctx = DecodeCtx::new(options, bytes.len());
    ctx.source = source;
    ctx.input = bytes.as_ptr() as usize..bytes.as_ptr() as usize + bytes.len();
    match engine::merge_all(msg, bytes, &mut ctx, fresh) {
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
    let mut scratch = (table.new_dyn)(table);
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
    if len > options.max_message_size {
        let name = msg.table().full_name;
        return Err(DecodeError::limit_exceeded(Limit::MessageSize, options.max_message_size).in_message(name));
    }
    // A message type with `bytes::Bytes` fields takes the input as a
    // `Bytes` (no copy when it is one) and slices those fields out of it.
    if buf.chunk().len() >= len && !msg.table().shares_bytes() {
        merge_slice(msg, &buf.chunk()[..len], options, fresh)?;
        buf.advance(len);
        Ok(())
    } else {
        merge_shared(msg, buf.copy_to_bytes(len), options, fresh)
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
