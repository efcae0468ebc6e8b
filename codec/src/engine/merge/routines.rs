//! The merge routines of the fields the loops do not take inline:
//! repeated values, oneof members, closed enums, nested messages and runs
//! of them, map entries.

use super::*;

/// A singular scalar outside a oneof, of an open kind: the merge loops
/// take these inline (their `merge_op` is `Implicit` or `Optional`), so
/// this is their slot's routine only for completeness, one copy for every
/// kind rather than one per kind that nothing calls.
pub(in crate::engine) fn singular(
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
pub(in crate::engine) fn repeated<C: Codec>(
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
pub(in crate::engine) fn oneof(
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
pub(in crate::engine) fn closed_enum(
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

pub(in crate::engine) fn message(
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
                let charged = charge(if fresh { size } else { 0 }, ctx);
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
pub(in crate::engine) fn map_entry(
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
