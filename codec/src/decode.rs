//! The decode loop: read a key, find its field in the table, let the field
//! merge its value; keep what no field claims as unknown; check required
//! fields at the end.

use bytes::Buf;

use crate::error::{DecodeError, DecodeErrorKind};
use crate::message::Message;
use crate::table::{Cardinality, MessageTable};
use crate::wire::{MAX_VARINT_LEN, WireType, read_key, read_len, read_varint, skip_field};

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
pub struct DecodeCtx {
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
    pub fn nested<T>(&mut self, f: impl FnOnce(&mut DecodeCtx) -> Result<T, DecodeError>) -> Result<T, DecodeError> {
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
    pub fn depth(&self) -> u32 {
        self.depth
    }
}

/// Merges the fields in `buf` into `msg`, up to the end of `buf` or, when
/// `group` is set, up to the end-group key of that field number.
///
/// `fresh` says `msg` was created for this input; then a required field not
/// seen in it is missing. When merging into an existing message, a required
/// field not seen may have been set before, and its presence decides.
pub fn merge_fields<M: Message>(
    msg: &mut M,
    buf: &mut &[u8],
    ctx: &mut DecodeCtx,
    fresh: bool,
    group: Option<u32>,
) -> Result<(), DecodeError> {
    let table = M::__table();
    let mut seen = 0u64;
    let mut hint = 0usize;
    // Where the current run of unknown fields started; adjacent unknown
    // fields are copied into the store in one go.
    let mut unknown_run: Option<&[u8]> = None;
    loop {
        if buf.is_empty() {
            if group.is_some() {
                return Err(DecodeError::truncated("a group (no end-group key)"));
            }
            break;
        }
        let at_key = *buf;
        let (number, wire_type) = read_key(buf)?;
        if let Some(index) = table.find(number, hint) {
            let slot = &table.slots[index];
            if slot.accepts & (1 << wire_type as u8) != 0 {
                if let Some(run) = unknown_run.take() {
                    keep_unknown(table, msg, &run[..run.len() - at_key.len()]);
                }
                (slot.merge)(msg, wire_type, buf, ctx).map_err(|e| e.in_field(table.infos[index].name))?;
                seen |= slot.required_bit;
                hint = slot.next_hint as usize;
                continue;
            }
        }
        if wire_type == WireType::EndGroup {
            if group == Some(number) {
                if let Some(run) = unknown_run.take() {
                    keep_unknown(table, msg, &run[..run.len() - at_key.len()]);
                }
                return finish(table, msg, ctx, fresh, seen);
            }
            return Err(DecodeError::unexpected_end_group(number));
        }
        skip_field(wire_type, number, buf, ctx.depth)?;
        unknown_run.get_or_insert(at_key);
    }
    if let Some(run) = unknown_run {
        keep_unknown(table, msg, &run[..run.len() - buf.len()]);
    }
    finish(table, msg, ctx, fresh, seen)
}

#[inline]
fn keep_unknown<M>(table: &MessageTable<M>, msg: &mut M, bytes: &[u8]) {
    if let Some(unknown) = &table.unknown {
        (unknown.get_mut)(msg).extend_raw(bytes);
    }
}

#[inline]
fn finish<M>(table: &MessageTable<M>, msg: &M, ctx: &DecodeCtx, fresh: bool, seen: u64) -> Result<(), DecodeError> {
    if ctx.check_required && seen != table.required_mask {
        return missing_required(table, msg, fresh, seen);
    }
    Ok(())
}

#[cold]
fn missing_required<M>(table: &MessageTable<M>, msg: &M, fresh: bool, seen: u64) -> Result<(), DecodeError> {
    for (field, slot) in table.fields.iter().zip(table.slots.iter()) {
        if field.info.cardinality != Cardinality::Required {
            continue;
        }
        // Required fields past the 64 the mask tracks are checked by presence.
        let tracked = slot.required_bit != 0;
        if tracked && seen & slot.required_bit != 0 {
            continue;
        }
        let present = !(tracked && fresh) && field.check.is_none_or(|check| check(msg).is_ok());
        if !present {
            return Err(DecodeError::missing_required(field.info.name));
        }
    }
    Ok(())
}

/// Decodes a whole contiguous input into `msg`.
pub(crate) fn merge_slice<M: Message>(
    msg: &mut M,
    bytes: &[u8],
    options: &DecodeOptions,
    fresh: bool,
) -> Result<(), DecodeError> {
    let mut ctx = DecodeCtx::new(options);
    let mut input = bytes;
    match merge_fields(msg, &mut input, &mut ctx, fresh, None) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == &DecodeErrorKind::MissingRequired => {
            Err(malformed_after::<M>(bytes, options).unwrap_or(e).in_message(M::__table().full_name))
        }
        Err(e) => Err(e.in_message(M::__table().full_name)),
    }
}

/// Required fields are checked as each nested message ends, so a missing
/// one can be reported before the rest of the input is read. Malformed input
/// must win over a missing field (the official implementations parse first
/// and check after), so on that error path the whole input is parsed again,
/// into a scratch message, without the check: its error, if any, is the one
/// to report.
#[cold]
fn malformed_after<M: Message>(bytes: &[u8], options: &DecodeOptions) -> Option<DecodeError> {
    let mut scratch = M::default();
    let mut ctx = DecodeCtx::new(&options.check_required(false));
    let mut input = bytes;
    merge_fields(&mut scratch, &mut input, &mut ctx, true, None).err()
}

/// Decodes all of `buf` into `msg`: straight from the buffer when it is one
/// contiguous chunk (a slice, `Bytes`), else from one copy of it.
pub(crate) fn merge_buf<M: Message, B: Buf>(
    msg: &mut M,
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
/// merges that many bytes.
pub(crate) fn merge_length_delimited<M: Message, B: Buf>(
    msg: &mut M,
    mut buf: B,
    options: &DecodeOptions,
    fresh: bool,
) -> Result<(), DecodeError> {
    let len = read_buf_len(&mut buf).map_err(|e| e.in_message(M::__table().full_name))?;
    merge_buf(msg, buf.take(len), options, fresh)
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

/// Reads a length-delimited nested message into `msg`, one level deeper.
#[inline]
pub fn merge_nested<M: Message>(
    msg: &mut M,
    fresh: bool,
    buf: &mut &[u8],
    ctx: &mut DecodeCtx,
) -> Result<(), DecodeError> {
    let len = read_len(buf)?;
    let (mut inner, rest) = buf.split_at(len);
    *buf = rest;
    ctx.nested(|ctx| merge_fields(msg, &mut inner, ctx, fresh, None))
}

/// Reads a group (its start key already read) into `msg`, one level deeper.
#[inline]
pub fn merge_group<M: Message>(
    msg: &mut M,
    number: u32,
    fresh: bool,
    buf: &mut &[u8],
    ctx: &mut DecodeCtx,
) -> Result<(), DecodeError> {
    ctx.nested(|ctx| merge_fields(msg, buf, ctx, fresh, Some(number)))
}
