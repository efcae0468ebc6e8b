//! The merge loop: read a key, find its slot, merge the value by the slot's
//! codes; keep what no slot claims as unknown; check required fields at the
//! end. The loop for messages of simple fields is in `simple`; the
//! routines of the fields the loops do not take inline, in `routines`.

use super::{dispatch_scalar, dispatch_step, is_present};
use crate::access::{MsgMut, MsgRef, Mut};
use crate::decode::DecodeCtx;
use crate::error::DecodeError;
use crate::field::Codec;
use crate::table::{MessageTable, NO_KEY1, Shape, Slot, StepCode, Storage, Value};
use crate::wire::{WireType, read_key, read_len, read_len_delimited, read_varint, skip_field, varint_len};

/// Merges the fields in `buf` into `msg`, up to the end of `buf` or, when
/// `group` is set, up to the end-group key of that field number.
///
/// `fresh` says `msg` was created for this input; then a required field not
/// seen in it is missing. When merging into an existing message, a required
/// field not seen may have been set before, and its presence decides.
pub(crate) fn merge_message(
    msg: MsgMut<'_>,
    buf: &mut &[u8],
    ctx: &mut DecodeCtx,
    fresh: bool,
    group: Option<u32>,
) -> Result<(), DecodeError> {
    // The loop reads from its own copy of the input, which stays in
    // registers: a store to a field could alias the caller's slice, so
    // reading through `buf` reloaded it after every field. Every function
    // not inlined gets a copy of its own (see `detached!`), so this one's
    // address is never taken.
    let mut input = *buf;
    let merged = merge_fields(msg, &mut input, ctx, fresh, group);
    *buf = input;
    merged
}

/// Runs `$body` with `$copy` bound to a copy of `$buf`, then moves `$buf`
/// to where the body left the copy: for calls that may not be inlined, so
/// that the merge loop's input never has its address taken. A macro, not a
/// function taking a closure: the closure itself might not be inlined.
macro_rules! detached {
    // `$buf` a `&mut &[u8]`: the slice it points to.
    ($buf:ident, |$copy:ident| $body:expr) => {
        detached!(&mut *$buf, |$copy| $body)
    };
    // `$buf` a slice held by value (a place).
    (&mut $buf:expr, |$copy:ident| $body:expr) => {{
        let mut copy = $buf;
        let result = {
            let $copy = &mut copy;
            $body
        };
        $buf = copy;
        result
    }};
}

// After `detached!`, which they use.
mod routines;
mod simple;

pub(super) use routines::{closed_enum, map_entry, message, oneof, repeated, singular};
use simple::merge_simple;

#[inline(always)]
fn merge_fields(
    mut msg: MsgMut<'_>,
    buf: &mut &[u8],
    ctx: &mut DecodeCtx,
    fresh: bool,
    group: Option<u32>,
) -> Result<(), DecodeError> {
    let table = msg.table();
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
        let (index, wire_type) = match expected_key(table, hint, buf) {
            Some(wire_type) => {
                *buf = &buf[1..];
                (hint, wire_type)
            }
            None => {
                let (number, wire_type) = read_key(buf).map_err(|e| at(e, ctx, at_key))?;
                match claimed(table, number, wire_type, hint) {
                    Some(index) => (index, wire_type),
                    None => {
                        if wire_type == WireType::EndGroup {
                            if group == Some(number) {
                                if let Some(run) = unknown_run.take() {
                                    keep_unknown(&mut msg, &run[..run.len() - at_key.len()], ctx)?;
                                }
                                return finish(&msg, ctx, fresh, seen);
                            }
                            return Err(DecodeError::unexpected_end_group(number));
                        }
                        let depth = ctx.depth();
                        detached!(buf, |buf| skip_field(wire_type, number, buf, depth))
                            .map_err(|e| at(e, ctx, at_key))?;
                        unknown_run.get_or_insert(at_key);
                        continue;
                    }
                }
            }
        };
        if let Some(run) = unknown_run.take() {
            keep_unknown(&mut msg, &run[..run.len() - at_key.len()], ctx)?;
        }
        // Looked up after the store above, as `value_at` in the arms looks
        // it up again: so the two are one load, and the arms' storage checks
        // fold away.
        let slot = &table.slots[index];
        let merged = dispatch_step!(slot.merge_op, C => {
            Implicit => detached!(buf, |buf| C::merge(msg.value_at::<<C as Codec>::Value>(index), false, buf, ctx)),
            Optional => {
                let value = msg.value_at::<Option<<C as Codec>::Value>>(index);
                let fresh = value.is_none();
                detached!(buf, |buf| C::merge(value.get_or_insert_with(C::new_value), fresh, buf, ctx))
            },
        } else if slot.merge_op == StepCode::MESSAGE_OP {
            let (child, fresh, new_bytes) = msg.message_at(index);
            charge(new_bytes, ctx).and_then(|()| merge_delimited(child, fresh, buf, ctx))
        } else {
            detached!(buf, |buf| (slot.routines.merge)(&mut msg.reborrow(), slot, wire_type, buf, ctx))
        });
        if let Err(e) = merged {
            return Err(in_field(e, ctx, at_key, table, index));
        }
        seen |= slot.required_bit;
        hint = slot.next_hint as usize;
    }
    if let Some(run) = unknown_run {
        keep_unknown(&mut msg, &run[..run.len() - buf.len()], ctx)?;
    }
    finish(&msg, ctx, fresh, seen)
}

/// The index of the slot that takes field `number` with `wire_type`, if any
/// does; `hint` is the slot expected next.
#[inline]
fn claimed(table: &MessageTable, number: u32, wire_type: WireType, hint: usize) -> Option<usize> {
    table.find(number, hint).filter(|&index| table.slots[index].accepts & (1 << wire_type as u8) != 0)
}

/// Whether `buf` starts with the one-byte key of the field expected next
/// (slot `hint`): then no key is decoded and no slot looked up, its wire
/// type accepted by construction.
#[inline(always)]
fn expects(table: &MessageTable, hint: usize, buf: &[u8]) -> bool {
    match (table.slots.get(hint), buf.first()) {
        (Some(slot), Some(&byte)) => u16::from(byte) == slot.key1,
        _ => false,
    }
}

/// As [`expects`], with the key's wire type.
#[inline(always)]
fn expected_key(table: &MessageTable, hint: usize, buf: &[u8]) -> Option<WireType> {
    if expects(table, hint, buf) { WireType::from_code(buf[0] & 7) } else { None }
}

/// Records where the field that failed starts (its key), unless a field
/// nested in it already did. A missing required field is not in the
/// input: it gets no offset.
#[cold]
fn at(e: DecodeError, ctx: &DecodeCtx, at_key: &[u8]) -> DecodeError {
    match ctx.offset_of(at_key) {
        Some(offset) if e.kind() != &crate::error::DecodeErrorKind::MissingRequired => e.at_offset(offset),
        _ => e,
    }
}

/// As [`at`], and names the field.
#[cold]
#[inline(never)]
fn in_field(e: DecodeError, ctx: &DecodeCtx, at_key: &[u8], table: &MessageTable, index: usize) -> DecodeError {
    at(e, ctx, at_key).in_field(table.infos[index].name)
}

#[inline]
fn keep_unknown(msg: &mut MsgMut<'_>, bytes: &[u8], ctx: &mut DecodeCtx) -> Result<(), DecodeError> {
    if let Some(unknown) = msg.unknown() {
        ctx.charge_unknown(bytes.len())?;
        unknown.extend_raw(bytes);
    }
    Ok(())
}

/// Charges a message just created on the heap (in a `Box`, or pushed onto
/// a `Vec`) to the element-memory budget.
#[inline]
fn charge_new(slot: &Slot, fresh: bool, ctx: &mut DecodeCtx) -> Result<(), DecodeError> {
    match slot.message {
        Some(ops) if fresh && ops.alloc != 0 => ctx.charge(ops.alloc),
        _ => Ok(()),
    }
}

/// As [`charge_new`], for `bytes` already known (0 for none).
#[inline(always)]
fn charge(bytes: usize, ctx: &mut DecodeCtx) -> Result<(), DecodeError> {
    if bytes != 0 { ctx.charge(bytes) } else { Ok(()) }
}

#[inline]
fn finish(msg: &MsgMut<'_>, ctx: &DecodeCtx, fresh: bool, seen: u64) -> Result<(), DecodeError> {
    if ctx.check_required() && seen != msg.table().required_mask {
        return missing_required(msg.as_ref(), fresh, seen);
    }
    Ok(())
}

#[cold]
fn missing_required(msg: MsgRef<'_>, fresh: bool, seen: u64) -> Result<(), DecodeError> {
    let table: &MessageTable = msg.table();
    for (i, slot) in table.slots.iter().enumerate() {
        if table.infos[i].cardinality != crate::table::Cardinality::Required {
            continue;
        }
        // Required fields past the 64 the mask tracks are checked by presence.
        let tracked = slot.required_bit != 0;
        if tracked && seen & slot.required_bit != 0 {
            continue;
        }
        let present = !(tracked && fresh) && msg.field(slot).is_some_and(|v| is_present(v, slot));
        if !present {
            return Err(DecodeError::missing_required(table.infos[i].name));
        }
    }
    Ok(())
}

/// Merges all of `buf` into `msg` (a message at the top of a decode, or a
/// length-prefixed one), by the simple loop when its table allows (see
/// [`merge_message`] for `fresh`).
#[inline]
pub(crate) fn merge_all(msg: MsgMut<'_>, mut buf: &[u8], ctx: &mut DecodeCtx, fresh: bool) -> Result<(), DecodeError> {
    if msg.table().simple { merge_simple(msg, buf, ctx) } else { merge_message(msg, &mut buf, ctx, fresh, None) }
}

/// Merges a length-prefixed nested message, one level deeper. Inline: the
/// merge loop runs it for every nested message.
#[inline(always)]
fn merge_delimited(child: MsgMut<'_>, fresh: bool, buf: &mut &[u8], ctx: &mut DecodeCtx) -> Result<(), DecodeError> {
    let len = read_len(buf)?;
    let (inner, rest) = buf.split_at(len);
    *buf = rest;
    ctx.nested(|ctx| merge_all(child, inner, ctx, fresh))
}

#[cfg(test)]
mod tests {
    use crate::Message;
    use crate::types::{Any, Duration, EnumValueDescriptorProto, FieldMask, Struct, Value};

    /// Which tables the simple loop takes: the oracle test in
    /// `tests/simple_loop.rs` compares it with the general loop only as long
    /// as its twins keep these shapes.
    #[test]
    fn simple_tables_are_singular_scalars_and_messages_without_required() {
        assert!(Duration::__table().erased().simple, "implicit scalars");
        assert!(Any::__table().erased().simple, "string and bytes");
        assert!(EnumValueDescriptorProto::__table().erased().simple, "optional scalars and a message");
        assert!(!FieldMask::__table().erased().simple, "a repeated field");
        assert!(!Struct::__table().erased().simple, "a map");
        assert!(!Value::__table().erased().simple, "a oneof");
        let name_part = crate::types::uninterpreted_option::NamePart::__table().erased();
        assert!(!name_part.simple, "required fields");
    }
}
