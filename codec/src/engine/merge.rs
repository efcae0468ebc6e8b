//! The merge loop: read a key, find its slot, merge the value by the slot's
//! codes; keep what no slot claims as unknown; check required fields at the
//! end.

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

/// A singular scalar outside a oneof, of an open kind: the merge loops
/// take these inline (their `merge_op` is `Implicit` or `Optional`), so
/// this is their slot's routine only for completeness, one copy for every
/// kind rather than one per kind that nothing calls.
pub(super) fn singular(
    msg: &mut MsgMut<'_>,
    slot: &'static Slot,
    _: WireType,
    buf: &mut &[u8],
    ctx: &mut DecodeCtx,
) -> Result<(), DecodeError> {
    dispatch_step!(slot.merge_op, C => {
        Implicit => C::merge(msg.value::<<C as Codec>::Value>(slot), false, buf, ctx),
        Optional => {
            let value = msg.value::<Option<<C as Codec>::Value>>(slot);
            let fresh = value.is_none();
            C::merge(value.get_or_insert_with(C::new_value), fresh, buf, ctx)
        },
    } else {
        unreachable!("protowire: a singular scalar's merge op is Implicit or Optional")
    })
}

/// A repeated field, packed or not: a packed run (wire type LEN, for a
/// scalar that is not itself LEN) or a single value, whichever arrived.
pub(super) fn repeated<C: Codec>(
    msg: &mut MsgMut<'_>,
    slot: &'static Slot,
    wire_type: WireType,
    buf: &mut &[u8],
    ctx: &mut DecodeCtx,
) -> Result<(), DecodeError>
where
    Vec<C::Value>: Storage,
{
    let values = msg.value::<Vec<C::Value>>(slot);
    let before = values.len();
    if wire_type == WireType::Len && C::WIRE_TYPE != WireType::Len {
        let mut run = read_len_delimited(buf)?;
        // The run's length bounds how many values it holds, so this
        // reservation is paid for by input already present.
        // Varints counted by their last bytes (high bit clear): exact,
        // where the run's length would over-reserve multi-byte values.
        let count = match C::FIXED_LEN {
            Some(width) => run.len() / width,
            None => run.iter().filter(|&&b| b < 0x80).count(),
        };
        // Exactly, into an empty vector; with the usual slack past that, so
        // that many runs into one vector do not reallocate each time.
        if before == 0 {
            values.reserve_exact(count)
        } else {
            values.reserve(count)
        }
        while !run.is_empty() {
            let mut value = C::new_value();
            C::merge(&mut value, true, &mut run, ctx)?;
            values.push(value);
        }
    } else {
        if before == 0 && C::WIRE_TYPE == WireType::Len {
            // Strings and bytes: a run counted ahead, as for messages.
            values.reserve_exact(run_within_budget(slot, buf, ctx, size_of::<C::Value>()));
        }
        let mut value = C::new_value();
        C::merge(&mut value, true, buf, ctx)?;
        values.push(value);
    }
    ctx.charge((values.len() - before) * size_of::<C::Value>())
}

/// A scalar oneof member: one copy for every kind, a jump on the kind
/// inside.
pub(super) fn oneof(
    msg: &mut MsgMut<'_>,
    slot: &'static Slot,
    _: WireType,
    buf: &mut &[u8],
    ctx: &mut DecodeCtx,
) -> Result<(), DecodeError> {
    dispatch_scalar!(slot.value, C => {
        let mut value = C::new_value();
        C::merge(&mut value, true, buf, ctx)?;
        *msg.select(slot).0.get::<<C as Codec>::Value>() = value;
        Ok(())
    })
}

/// A closed enum keeps only the values it declares; any other goes to the
/// unknown fields, as the spec says (or is dropped without a store).
pub(super) fn closed_enum(
    msg: &mut MsgMut<'_>,
    slot: &'static Slot,
    wire_type: WireType,
    buf: &mut &[u8],
    ctx: &mut DecodeCtx,
) -> Result<(), DecodeError> {
    let is_valid = |value| slot.enumeration.is_none_or(|e| e.is_valid(value));
    let one = |msg: &mut MsgMut<'_>, raw: u64, ctx: &mut DecodeCtx| {
        let value = raw as i32;
        if !is_valid(value) {
            if let Some(unknown) = msg.unknown() {
                ctx.charge_unknown(varint_len(u64::from(slot.number) << 3) + varint_len(raw))?;
                unknown.push_varint(slot.number, raw);
            }
            return Ok(());
        }
        match slot.shape {
            Shape::Implicit | Shape::Always => *msg.field(slot).get::<i32>() = value,
            Shape::Optional => *msg.field(slot).get::<Option<i32>>() = Some(value),
            Shape::Repeated | Shape::Packed => {
                ctx.charge(size_of::<i32>())?;
                msg.field(slot).get::<Vec<i32>>().push(value);
            }
            Shape::Oneof => *msg.select(slot).0.get::<i32>() = value,
            Shape::Map => unreachable!("protowire: map merged as an enum"),
        }
        Ok(())
    };
    if wire_type == WireType::Len {
        let mut run = read_len_delimited(buf)?;
        while !run.is_empty() {
            let raw = read_varint(&mut run)?;
            one(msg, raw, ctx)?;
        }
    } else {
        let raw = read_varint(buf)?;
        one(msg, raw, ctx)?;
    }
    Ok(())
}

pub(super) fn message(
    msg: &mut MsgMut<'_>,
    slot: &'static Slot,
    _: WireType,
    buf: &mut &[u8],
    ctx: &mut DecodeCtx,
) -> Result<(), DecodeError> {
    if slot.shape == Shape::Repeated {
        return messages(msg, slot, buf, ctx);
    }
    let (child, fresh) = if slot.shape == Shape::Oneof {
        let (member, selected) = msg.select(slot);
        let (child, created) = member.message();
        (child, selected || created)
    } else {
        msg.field(slot).message()
    };
    charge_new(slot, fresh, ctx)?;
    if slot.value == Value::Group {
        return ctx.nested(|ctx| merge_message(child, buf, ctx, fresh, Some(slot.number)));
    }
    merge_delimited(child, fresh, buf, ctx)
}

/// A repeated message field (or group): the element whose key the loop
/// read, then each element whose key comes next, merged here without a
/// trip through the loop's dispatch and this routine's call (the faces of
/// a mesh, the entries of a log, gm2's groups).
fn messages(
    msg: &mut MsgMut<'_>,
    slot: &'static Slot,
    buf: &mut &[u8],
    ctx: &mut DecodeCtx,
) -> Result<(), DecodeError> {
    let size = slot.message.map_or(0, |ops| ops.alloc);
    let group = slot.value == Value::Group;
    let mut field = msg.field(slot);
    // The key of the element being merged when it is not the first (whose
    // key the loop knows, and reports an error at).
    let mut key: Option<&[u8]> = None;
    let report = |e, key: Option<&[u8]>, ctx: &DecodeCtx| match key {
        Some(key) => at(e, ctx, key),
        None => e,
    };
    // Merges the element whose key was just read, pushed onto the field,
    // then each one whose key comes next.
    macro_rules! push_each {
        ($group:expr, $buf:ident) => {
            loop {
                let (child, fresh) = field.reborrow().message();
                // `size` hoisted: the charge per element is known for the run.
                let charged = if fresh && size != 0 { ctx.charge(size) } else { Ok(()) };
                let merged = charged.and_then(|()| {
                    if $group {
                        ctx.nested(|ctx| merge_message(child, $buf, ctx, fresh, Some(slot.number)))
                    } else {
                        merge_delimited(child, fresh, $buf, ctx)
                    }
                });
                if let Err(e) = merged {
                    break Err(report(e, key, ctx));
                }
                match $buf.first() {
                    Some(&byte) if u16::from(byte) == slot.key1 => {
                        key = Some(*$buf);
                        *$buf = &$buf[1..];
                    }
                    _ => break Ok(()),
                }
            }
        };
    }
    // The field is looked up once for the run, and the input read from a
    // copy of its own (see `detached!`).
    detached!(buf, |buf| 'merge: {
        // The run, counted ahead (within what is left of the element-memory
        // budget), appended at its defaults in one go: one allocation and
        // one call, not one push through the field's ops per element. Not
        // for groups: their length is known only once each is parsed (and
        // counting them ahead by skipping each costs more than pushing:
        // measured in session 14).
        // A run of none (the first element's length is bad) leaves that
        // element to the loop below, which reports it.
        if !group
            && let Some(mut run) = field.append_messages(|| run_within_budget(slot, buf, ctx, size))
            && run.left() != 0
        {
            if let Err(e) = ctx.charge(run.left() * size) {
                break 'merge Err(e);
            }
            while let Some(child) = run.next() {
                if let Err(e) = merge_delimited(child, true, buf, ctx) {
                    break 'merge Err(report(e, key, ctx));
                }
                if run.left() == 0 {
                    break;
                }
                // Counted, so there; checked all the same.
                let Some(rest) = after_key(buf, slot) else { break };
                key = Some(*buf);
                *buf = rest;
            }
            // Past the run: another element of the field comes next only
            // where the budget cut the count short.
            match buf.first() {
                Some(&byte) if u16::from(byte) == slot.key1 => {
                    key = Some(*buf);
                    *buf = &buf[1..];
                }
                _ => break 'merge Ok(()),
            }
        }
        // Each further element pushed as it comes; the two loops, one per
        // kind of element, so that neither tests which it is.
        if group { push_each!(true, buf) } else { push_each!(false, buf) }
    })
}

/// `buf` past `slot`'s key, if it starts with it: one byte compared for a
/// one-byte key, where a slice comparison would be a call to `memcmp`.
#[inline(always)]
fn after_key<'b>(buf: &'b [u8], slot: &Slot) -> Option<&'b [u8]> {
    match buf.split_first() {
        Some((&byte, rest)) if u16::from(byte) == slot.key1 => Some(rest),
        _ if slot.key1 == NO_KEY1 => buf.strip_prefix(slot.key.as_bytes()),
        _ => None,
    }
}

/// How many length-delimited values of the field whose key is `key` come
/// one after the other from `buf` (which starts at the first one's length
/// prefix): each costs a look at its length and at the next key.
fn run_length(key: &[u8], mut buf: &[u8]) -> usize {
    let mut count = 0;
    while let Ok(len) = read_len(&mut buf) {
        count += 1;
        buf = buf.get(len..).unwrap_or_default();
        match key {
            [single] if buf.first() == Some(single) => buf = &buf[1..],
            [_] => break,
            _ if buf.starts_with(key) => buf = &buf[key.len()..],
            _ => break,
        }
    }
    count
}

/// How many elements of `slot`'s field to append: the run that
/// starts at `buf` (see [`run_length`]), at most what is left of the
/// element-memory budget in elements of `size` bytes.
fn run_within_budget(slot: &Slot, buf: &[u8], ctx: &DecodeCtx, size: usize) -> usize {
    run_length(slot.key.as_bytes(), buf).min(ctx.memory_left() / size.max(1))
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

/// The merge loop for a message whose fields are all handled inline
/// ([`MessageTable::simple`]), for the whole of `buf`: no groups, unknown
/// runs or required fields to track, so it keeps fewer values live than
/// [`merge_message`] and costs less to enter, which is most of what a tiny
/// message costs. At a key it does not expect (an unknown field, a wire
/// type the field does not take, a bad key), it hands the rest of the
/// input, from that key, to [`merge_message`].
#[inline(never)]
fn merge_simple(mut msg: MsgMut<'_>, input: &[u8], ctx: &mut DecodeCtx) -> Result<(), DecodeError> {
    let table = msg.table();
    let mut buf = input;
    let mut hint = 0usize;
    loop {
        let key_left = buf.len();
        let index = if buf.is_empty() {
            break;
        } else if expects(table, hint, buf) {
            buf = &buf[1..];
            hint
        } else {
            let mut after = buf;
            match read_key(&mut after).map(|(number, wire_type)| claimed(table, number, wire_type, hint)) {
                Ok(Some(index)) => {
                    buf = after;
                    index
                }
                _ => return merge_message(msg, &mut { buf }, ctx, false, None),
            }
        };
        let mut at = At { buf, key_left, index, slot: &table.slots[index] };
        let merged = if let Some(merged) = merge_scalars(&mut msg, &mut at, ctx) {
            merged
        } else if at.slot.merge_op == StepCode::MESSAGE_OP {
            same_op_run!(table, at, {
                let (child, fresh, new_bytes) = msg.message_at(at.index);
                charge(new_bytes, ctx).and_then(|()| merge_delimited(child, fresh, &mut at.buf, ctx))
            })
        } else {
            // Not in a simple table (see `MessageTable::simple`); the
            // general loop takes any field.
            return merge_message(msg, &mut at.key(input), ctx, false, None);
        };
        if let Err(e) = merged {
            return Err(in_field(e, ctx, at.key(input), table, at.index));
        }
        buf = at.buf;
        hint = at.slot.next_hint as usize;
    }
    Ok(())
}

/// Where a merge loop stands: the input left, the key of the field being
/// merged (or, between fields, of the last one), and that field's slot.
/// Held by value in the loop, so that it stays in registers; every call
/// that is not inlined gets a copy of the input (see `detached!`).
struct At<'b> {
    buf: &'b [u8],
    /// How much input was left at the key: the key's position kept in one
    /// register, where a slice takes two.
    key_left: usize,
    index: usize,
    /// The slot at `index`, kept at hand: read through the table, its
    /// address would be loaded again after every store to the message.
    slot: &'static Slot,
}

impl<'b> At<'b> {
    /// The input from the key of the field at hand on; `input` is the
    /// whole input the loop started with.
    fn key(&self, input: &'b [u8]) -> &'b [u8] {
        &input[input.len() - self.key_left..]
    }
}

/// Runs `$merge` for the field at `$at`, then again for every field after
/// it that comes next as expected and takes the same merge op (a vector's
/// x, y and z; a face's four vertices), moving `$at` along, until one fails
/// or the next field is another. The jump on the op is shared by every
/// field of every message and is the branch the processor mispredicts
/// most; the test for "same op again" is a branch of its own per arm.
macro_rules! same_op_run {
    ($table:expr, $at:ident, $merge:expr) => {
        loop {
            let merged = $merge;
            if merged.is_err() {
                break merged;
            }
            // The field's own copy of the next one's key (`run_key1`): the
            // next slot is looked at only once that field is known to come.
            let next = match $at.buf.first() {
                Some(&byte) if u16::from(byte) == $at.slot.run_key1 => $at.slot.next_hint as usize,
                _ => break merged,
            };
            let Some(slot) = $table.slots.get(next) else { break merged };
            $at.key_left = $at.buf.len();
            $at.buf = &$at.buf[1..];
            $at.index = next;
            $at.slot = slot;
        }
    };
}
use same_op_run;

/// Merges the field at `at` (and the run after it, see [`same_op_run`])
/// when its merge op is one of the inline scalar ones; `None` for any
/// other op.
///
/// Out of line in debug builds only: there every arm's locals get stack
/// slots of their own, and in the frame of the recursive loop they would
/// cost kilobytes per level of nesting.
#[cfg_attr(debug_assertions, inline(never))]
#[cfg_attr(not(debug_assertions), inline(always))]
fn merge_scalars(msg: &mut MsgMut<'_>, at: &mut At<'_>, ctx: &mut DecodeCtx) -> Option<Result<(), DecodeError>> {
    let table = msg.table();
    let merged = dispatch_step!(at.slot.merge_op, C => {
        Implicit => same_op_run!(table, at, {
            let value = msg.value_at::<<C as Codec>::Value>(at.index);
            detached!(&mut at.buf, |buf| C::merge(value, false, buf, ctx))
        }),
        Optional => same_op_run!(table, at, {
            let value = msg.value_at::<Option<<C as Codec>::Value>>(at.index);
            let fresh = value.is_none();
            detached!(&mut at.buf, |buf| C::merge(value.get_or_insert_with(C::new_value), fresh, buf, ctx))
        }),
    } else {
        return None
    });
    Some(merged)
}

/// The wire type of one map key or value.
fn part_wire_type(value: Value) -> WireType {
    if value.is_message() {
        return WireType::Len;
    }
    dispatch_scalar!(value, C => C::WIRE_TYPE)
}

/// Merges one map entry: its key (field 1) and value (field 2), either
/// missing meaning the default, a repeated key replacing the earlier entry.
/// An entry holding anything else (another field, a key or value of the
/// wrong wire type, a closed enum value the enum does not declare) is kept
/// whole among the message's unknown fields, as upb does, so nothing is lost;
/// with `prost_map_entries`, other fields are ignored and the entry merged,
/// as prost does.
pub(super) fn map_entry(
    msg: &mut MsgMut<'_>,
    slot: &'static Slot,
    _: WireType,
    buf: &mut &[u8],
    ctx: &mut DecodeCtx,
) -> Result<(), DecodeError> {
    let start = *buf;
    let mut entry = read_len_delimited(buf)?;
    let key_wire = part_wire_type(slot.key_value);
    let value_wire = part_wire_type(slot.value);
    let closed = slot.enumeration.filter(|e| e.closed);
    if let Some(ops) = slot.map {
        ctx.charge(ops.entry)?;
    }
    let inserted = ctx.nested(|ctx| {
        msg.field(slot).map_insert_with(|mut key, mut value| {
            let mut clean = true;
            let mut value_fresh = true;
            while !entry.is_empty() {
                let (number, wire_type) = read_key(&mut entry)?;
                // Key and value are parsed even in an entry that will be kept
                // whole, so that malformed content is an error either way.
                match number {
                    1 if wire_type == key_wire => merge_part(key.reborrow(), slot.key_value, true, &mut entry, ctx)?,
                    2 if wire_type == value_wire => {
                        merge_part(value.reborrow(), slot.value, value_fresh, &mut entry, ctx)?;
                        value_fresh = false;
                    }
                    _ => {
                        clean &= slot.prost_map_entries && number > 2;
                        skip_field(wire_type, number, &mut entry, ctx.depth())?;
                    }
                }
            }
            if let (true, Some(e)) = (clean, closed) {
                clean = e.is_valid(*value.get::<i32>());
            }
            Ok(clean)
        })
    })?;
    if !inserted && let Some(unknown) = msg.unknown() {
        ctx.charge_unknown(slot.key.as_bytes().len() + start.len() - buf.len())?;
        unknown.extend_raw(slot.key.as_bytes());
        unknown.extend_raw(&start[..start.len() - buf.len()]);
    }
    Ok(())
}

fn merge_part(
    part: Mut<'_>,
    value: Value,
    fresh: bool,
    buf: &mut &[u8],
    ctx: &mut DecodeCtx,
) -> Result<(), DecodeError> {
    if value.is_message() {
        return merge_delimited(part.message().0, fresh, buf, ctx);
    }
    dispatch_scalar!(value, C => C::merge(part.get::<<C as Codec>::Value>(), false, buf, ctx))
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
