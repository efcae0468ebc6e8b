//! The size pass: every message visited once, its fields summed, each by
//! its slot's size routine.

use super::{dispatch_scalar, dispatch_step};
use crate::access::{MsgRef, Ref, StepRef};
use crate::field::Codec;
use crate::table::{self, Shape, Slot, Storage, Value};
use crate::unknown::UnknownFields;
use crate::wire::varint_len;

/// The encoded size of a message's fields and unknown fields (no length
/// prefix).
pub(crate) fn message_size(msg: MsgRef<'_>) -> usize {
    let mut size = msg.unknown().map_or(0, UnknownFields::encoded_len);
    let slots = &msg.table().slots;
    for field in msg.encode_steps() {
        size += match step(field) {
            Step::Len(len) => len,
            Step::Message => {
                // Not a group: a group's op is never this.
                let slot = &slots[field.step.slot as usize];
                msg.message_at(field.step.slot as usize).map_or(0, |child| one_message(child, slot.key.len(), false))
            }
            Step::Oneof => oneof_member(msg, field.step),
            Step::Call => {
                let slot = &slots[field.step.slot as usize];
                (slot.routines.size)(msg, slot)
            }
        };
    }
    size
}

/// The size of the member set of a oneof, if the step covers it (as the
/// write pass's `oneof_member`).
#[inline(never)]
fn oneof_member(msg: MsgRef<'_>, step: &table::Step) -> usize {
    let Some((slot, value)) = msg.member_in(step.slot as usize, usize::from(step.span)) else { return 0 };
    if slot.value.is_message() {
        return value.message().map_or(0, |child| one_message(child, slot.key.len(), slot.value == Value::Group));
    }
    slot.key.len() + dispatch_scalar!(slot.value, C => C::encoded_len(value.get::<<C as Codec>::Value>()))
}

/// What the size pass does with a step, by its op.
enum Step {
    /// A singular scalar's size, key included (0 when not written).
    Len(usize),
    /// A singular message field (`StepCode::MESSAGE_OP`).
    Message,
    /// The members of a oneof (`StepCode::ONEOF_OP`).
    Oneof,
    /// Any other field: its slot's routine.
    Call,
}

/// The size of a singular scalar, or where any other field goes: one jump
/// on the op for every field. Inline in optimised builds, as in the write
/// pass.
#[cfg_attr(not(debug_assertions), inline(always))]
fn step(field: StepRef<'_>) -> Step {
    Step::Len(dispatch_step!(table; field.step.op, C => {
        Implicit => implicit_step::<C>(field),
        Always => always_step::<C>(field),
        Optional => optional_step::<C>(field),
        Required => optional_step::<C>(field),
        Repeated => if field.get::<Vec<<C as Codec>::Value>>().is_empty() { 0 } else { return Step::Call },
    } message => return Step::Message, oneof => return Step::Oneof, else return Step::Call))
}

#[cfg_attr(not(debug_assertions), inline(always))]
fn implicit_step<C: Codec>(field: StepRef<'_>) -> usize {
    let v = field.get::<C::Value>();
    if C::is_default(v) { 0 } else { field.step.key.len() + C::encoded_len(v) }
}

#[cfg_attr(not(debug_assertions), inline(always))]
fn always_step<C: Codec>(field: StepRef<'_>) -> usize {
    field.step.key.len() + C::encoded_len(field.get::<C::Value>())
}

#[cfg_attr(not(debug_assertions), inline(always))]
fn optional_step<C: Codec>(field: StepRef<'_>) -> usize
where
    Option<C::Value>: Storage,
{
    field.get::<Option<C::Value>>().as_ref().map_or(0, |v| field.step.key.len() + C::encoded_len(v))
}

/// Any scalar field, by its shape.
pub(super) fn scalar<C: Codec>(msg: MsgRef<'_>, slot: &'static Slot) -> usize
where
    Option<C::Value>: Storage,
    Vec<C::Value>: Storage,
{
    let key_len = slot.key.len();
    match slot.shape {
        Shape::Implicit | Shape::Always => {
            let v = msg.value::<C::Value>(slot);
            if slot.shape == Shape::Implicit && C::is_default(v) { 0 } else { key_len + C::encoded_len(v) }
        }
        Shape::Optional => msg.value::<Option<C::Value>>(slot).as_ref().map_or(0, |v| key_len + C::encoded_len(v)),
        Shape::Repeated => {
            let values = msg.value::<Vec<C::Value>>(slot);
            match C::FIXED_LEN {
                Some(width) => values.len() * (key_len + width),
                None => values.iter().map(|v| key_len + C::encoded_len(v)).sum(),
            }
        }
        Shape::Packed => {
            let values = msg.value::<Vec<C::Value>>(slot);
            if values.is_empty() {
                return 0;
            }
            let body = match C::FIXED_LEN {
                Some(width) => width * values.len(),
                None => values.iter().map(C::encoded_len).sum(),
            };
            key_len + varint_len(body as u64) + body
        }
        Shape::Oneof | Shape::Map => match msg.field(slot) {
            Some(value) => key_len + C::encoded_len(value.get::<C::Value>()),
            None => 0,
        },
    }
}

/// A nested message or group, with its key(s) and length.
#[inline]
fn one_message(msg: MsgRef<'_>, key_len: usize, group: bool) -> usize {
    let len = message_size(msg);
    if group { 2 * key_len + len } else { key_len + varint_len(len as u64) + len }
}

#[cfg_attr(not(debug_assertions), inline(always))]
pub(super) fn message(msg: MsgRef<'_>, slot: &'static Slot) -> usize {
    match msg.field(slot).and_then(Ref::message) {
        Some(child) => one_message(child, slot.key.len(), slot.value == Value::Group),
        None => 0,
    }
}

pub(super) fn messages(msg: MsgRef<'_>, slot: &'static Slot) -> usize {
    let (key_len, group) = (slot.key.len(), slot.value == Value::Group);
    match msg.field(slot) {
        Some(value) => value.messages().map(|child| one_message(child, key_len, group)).sum(),
        None => 0,
    }
}

pub(super) fn map(msg: MsgRef<'_>, slot: &'static Slot) -> usize {
    let Some(value) = msg.field(slot) else { return 0 };
    let key_len = slot.key.len();
    let mut size = 0;
    let omit = slot.prost_map_entries;
    value.map_for_each(false, |k, v| {
        let len = entry_part_size(k, slot.key_value, omit) + entry_part_size(v, slot.value, omit);
        size += key_len + varint_len(len as u64) + len;
    });
    size
}

/// The size of a map entry's key or value, with its one-byte key; 0 for a
/// default one when `omit_default` (prost's entries).
fn entry_part_size(part: Ref<'_>, value: Value, omit_default: bool) -> usize {
    if value.is_message() {
        return part.message().map_or(0, |msg| {
            let len = message_size(msg);
            if omit_default && len == 0 { 0 } else { 1 + varint_len(len as u64) + len }
        });
    }
    dispatch_scalar!(value, C => {
        let v = part.get::<<C as Codec>::Value>();
        if omit_default && C::is_default(v) { 0 } else { 1 + C::encoded_len(v) }
    })
}
