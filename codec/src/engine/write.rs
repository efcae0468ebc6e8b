//! The write pass: fields from the last to the first, each value before its
//! key, so that a nested message's length is just how far the writer moved.

use super::{dispatch_scalar, dispatch_step};
use crate::access::{MsgRef, Ref, StepRef};
use crate::field::Codec;
use crate::table::{Shape, Slot, Step, StepCode, Storage, Value};
use crate::wire::{EncodedKey, WireType};
use crate::wire::{RevWriter, Wire};

/// Writes a message's fields (and unknown fields, last) back to front.
pub(crate) fn write_message(msg: MsgRef<'_>, w: &mut RevWriter) {
    // Tested first: an empty copy is still a call to `memcpy`, once per
    // message, and most messages have no unknown fields.
    if let Some(unknown) = msg.unknown().filter(|u| !u.is_empty()) {
        w.put_slice(unknown.as_bytes());
    }
    let slots = &msg.table().slots;
    for field in msg.encode_steps().rev() {
        if !scalar_step(field, w) {
            let slot = &slots[field.step.slot as usize];
            let op = field.step.op;
            if op == StepCode::MESSAGE_OP {
                // Nested messages inline too: the mesh of tiny ones is
                // mostly this. (Not a group: a group's op is never this.)
                match msg.message_at(field.step.slot as usize) {
                    Some(child) => nested_message(child, &slot.key, false, w),
                    None => w.missing_required |= slot.required,
                }
                continue;
            }
            if op == StepCode::ONEOF_OP {
                oneof_member(msg, field.step, w);
                continue;
            }
            (slot.routines.write)(msg, slot, w);
        }
    }
}

/// The member set of a oneof, if the step covers it: read from the oneof's
/// one answer to which member is set (see `MessageTable::encode_steps`).
#[inline(never)]
fn oneof_member(msg: MsgRef<'_>, step: &Step, w: &mut RevWriter) {
    let Some((slot, value)) = msg.member_in(step.slot as usize, usize::from(step.span)) else { return };
    if slot.value.is_message() {
        if let Some(child) = value.message() {
            one_message(child, &slot.key, slot.value == Value::Group, w);
        }
        return;
    }
    w.put_wire(dispatch_scalar!(slot.value, C => C::wire(value.get::<<C as Codec>::Value>())));
    w.put_key(&slot.key);
}

/// Writes a singular scalar and returns `true`, or returns `false` for a
/// field that goes through its slot's routine. Inline in optimised builds:
/// a call per field costs more than writing most of them. In unoptimised
/// builds a call, so that the frame of the loop above, which nested
/// messages stack up, stays small.
#[cfg_attr(not(debug_assertions), inline(always))]
fn scalar_step(field: StepRef<'_>, w: &mut RevWriter) -> bool {
    // Each arm only reads its value as the wire sees it; one shared path
    // writes it, so that the arms stay small and alike.
    let value: Option<Wire<'_>> = dispatch_step!(table; field.step.op, C => {
        Implicit => {
            let v = field.get::<<C as Codec>::Value>();
            if C::is_default(v) { None } else { Some(C::wire(v)) }
        },
        Always => Some(C::wire(field.get::<<C as Codec>::Value>())),
        Optional => field.get::<Option<<C as Codec>::Value>>().as_ref().map(C::wire),
        // The required-field check rides along with this pass.
        Required => match field.get::<Option<<C as Codec>::Value>>() {
            Some(v) => Some(C::wire(v)),
            None => {
                w.missing_required = true;
                None
            }
        },
        // Nothing to write when empty; else the slot's routine.
        Repeated => if field.get::<Vec<<C as Codec>::Value>>().is_empty() { None } else { return false },
    } else {
        return false
    });
    if let Some(value) = value {
        w.put_field(value, &field.step.key);
    }
    true
}

/// A singular scalar stored as itself: not written at its default under
/// implicit presence, always written otherwise. The write loop takes these
/// inline (their steps are `Implicit` or `Always`), so this is their slot's
/// routine only for completeness: one copy for every kind.
pub(super) fn plain(msg: MsgRef<'_>, slot: &'static Slot, w: &mut RevWriter) {
    let value = dispatch_scalar!(slot.value, C => {
        let v = msg.value::<<C as Codec>::Value>(slot);
        if slot.shape == Shape::Implicit && C::is_default(v) { None } else { Some(C::wire(v)) }
    });
    if let Some(value) = value {
        w.put_wire(value);
        w.put_key(&slot.key);
    }
}

/// A scalar stored as an `Option`: written when set; when not, a required
/// field is flagged (the required-field check rides along with this pass).
/// The write loop takes these inline (their steps are `Optional` or
/// `Required`), so, as [`plain`], one copy for every kind.
pub(super) fn optional(msg: MsgRef<'_>, slot: &'static Slot, w: &mut RevWriter) {
    let value = dispatch_scalar!(slot.value, C => msg.value::<Option<<C as Codec>::Value>>(slot).as_ref().map(C::wire));
    match value {
        Some(value) => {
            w.put_wire(value);
            w.put_key(&slot.key);
        }
        None => w.missing_required |= slot.required,
    }
}

/// A repeated scalar, one key per value. Most repeated fields in real
/// messages are empty, so the test for that comes before anything the
/// loop needs: no frame is set up for an empty field. (The write loop
/// tests it inline first, `StepCode::Repeated`; this one serves the other
/// callers.)
pub(super) fn repeated<C: Codec>(msg: MsgRef<'_>, slot: &'static Slot, w: &mut RevWriter)
where
    Vec<C::Value>: Storage,
{
    let values = msg.value::<Vec<C::Value>>(slot);
    if !values.is_empty() {
        repeated_values::<C>(values, &slot.key, w);
    }
}

#[inline(never)]
fn repeated_values<C: Codec>(values: &[C::Value], key: &EncodedKey, w: &mut RevWriter) {
    for v in values.iter().rev() {
        w.put_wire(C::wire(v));
        w.put_key(key);
    }
}

/// A packed run: the values, their length and one key; nothing when
/// empty, tested first as in [`repeated`].
pub(super) fn packed<C: Codec>(msg: MsgRef<'_>, slot: &'static Slot, w: &mut RevWriter)
where
    Vec<C::Value>: Storage,
{
    let values = msg.value::<Vec<C::Value>>(slot);
    if !values.is_empty() {
        packed_values::<C>(values, &slot.key, w);
    }
}

#[inline(never)]
fn packed_values<C: Codec>(values: &[C::Value], key: &EncodedKey, w: &mut RevWriter) {
    let end = w.written();
    w.put_scalar_run(values, C::wire);
    w.put_varint((w.written() - end) as u64);
    w.put_key(key);
}

/// A scalar oneof member, when it is the member set: one copy for every
/// kind, a jump on the kind inside. The write loop takes oneof members
/// through their oneof's step (`oneof_member`), so, as [`plain`], this is
/// their slot's routine only for completeness.
pub(super) fn oneof(msg: MsgRef<'_>, slot: &'static Slot, w: &mut RevWriter) {
    if let Some(value) = msg.field(slot) {
        w.put_wire(dispatch_scalar!(slot.value, C => C::wire(value.get::<<C as Codec>::Value>())));
        w.put_key(&slot.key);
    }
}

/// A nested message or group, with its key(s) and length; one level
/// deeper, so that a chain too deep for the stack fails to encode instead.
#[inline]
fn one_message(msg: MsgRef<'_>, key: &EncodedKey, group: bool, w: &mut RevWriter) {
    nested_message(msg, key, group, w);
}

/// [`one_message`], inline in optimised builds: a singular message field's
/// arm in the write loop takes it whole, which saves the depth-100 chain a
/// third of its time. (In unoptimised builds its locals would stay in the
/// loop's frame, which every level of nesting stacks.)
#[cfg_attr(not(debug_assertions), inline(always))]
fn nested_message(msg: MsgRef<'_>, key: &EncodedKey, group: bool, w: &mut RevWriter) {
    let Some(left) = w.depth.checked_sub(1) else {
        w.too_deep = true;
        return;
    };
    w.depth = left;
    if group {
        put_key(w, &key.with_wire_type(WireType::EndGroup));
    }
    let end = w.written();
    write_message(msg, w);
    close_message(w, end, key, group);
    w.depth = left + 1;
}

// The writer's inlined routines take a lot of stack in unoptimised builds
// (more under AddressSanitizer), and a frame on the path of the recursion
// is paid once per level: these two keep them off it there.
#[cfg_attr(not(debug_assertions), inline(always))]
#[cfg_attr(debug_assertions, inline(never))]
fn put_key(w: &mut RevWriter, key: &EncodedKey) {
    w.put_key(key);
}

/// A nested message's length (unless a group) and key, in front of the
/// message written since `end`.
#[cfg_attr(not(debug_assertions), inline(always))]
#[cfg_attr(debug_assertions, inline(never))]
fn close_message(w: &mut RevWriter, end: usize, key: &EncodedKey, group: bool) {
    if group {
        w.put_key(key);
    } else {
        // The length as a varint field's value: one test of room for it
        // and the key.
        w.put_field(Wire::Varint((w.written() - end) as u64), key);
    }
}

/// As [`one_message`] for a length-delimited message, writing nothing at
/// all (no key, no length) when the message has no bytes to write.
fn message_unless_empty(msg: MsgRef<'_>, key: &EncodedKey, w: &mut RevWriter) {
    let Some(left) = w.depth.checked_sub(1) else {
        w.too_deep = true;
        return;
    };
    w.depth = left;
    let end = w.written();
    write_message(msg, w);
    let len = w.written() - end;
    if len > 0 {
        w.put_field(Wire::Varint(len as u64), key);
    }
    w.depth = left + 1;
}

#[cfg_attr(not(debug_assertions), inline(always))]
pub(super) fn message(msg: MsgRef<'_>, slot: &'static Slot, w: &mut RevWriter) {
    match msg.field(slot).and_then(Ref::message) {
        Some(child) => nested_message(child, &slot.key, slot.value == Value::Group, w),
        None => w.missing_required |= slot.required,
    }
}

pub(super) fn messages(msg: MsgRef<'_>, slot: &'static Slot, w: &mut RevWriter) {
    let group = slot.value == Value::Group;
    if let Some(value) = msg.field(slot) {
        value.messages().rev().for_each(|child| one_message(child, &slot.key, group, w));
    }
}

pub(super) fn map(msg: MsgRef<'_>, slot: &'static Slot, w: &mut RevWriter) {
    let Some(value) = msg.field(slot) else { return };
    let omit = slot.prost_map_entries;
    value.map_for_each(true, |k, v| {
        let end = w.written();
        write_entry_part(v, slot.value, 2, omit, w);
        write_entry_part(k, slot.key_value, 1, omit, w);
        w.put_varint((w.written() - end) as u64);
        w.put_key(&slot.key);
    });
}

/// Writes a map entry's key (`number` 1) or value (2), with its key; nothing
/// for a default one when `omit_default` (prost's entries).
fn write_entry_part(part: Ref<'_>, value: Value, number: u8, omit_default: bool, w: &mut RevWriter) {
    if value.is_message() {
        // A map value slot always holds a message.
        if let Some(msg) = part.message() {
            let key = EncodedKey::new(u32::from(number), WireType::Len);
            if omit_default { message_unless_empty(msg, &key, w) } else { one_message(msg, &key, false, w) }
        }
        return;
    }
    dispatch_scalar!(value, C => {
        let v = part.get::<<C as Codec>::Value>();
        if !(omit_default && C::is_default(v)) {
            w.put_wire(C::wire(v));
            w.put_u8((number << 3) | C::WIRE_TYPE as u8);
        }
    })
}
