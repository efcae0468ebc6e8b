//! The write pass: fields from the last to the first, each value before its
//! key, so that a nested message's length is just how far the writer moved.

use super::dispatch_scalar;
use crate::access::{MsgRef, Ref};
use crate::field::Codec;
use crate::table::{Shape, Slot, Storage, Value};
use crate::wire::WireType;
use crate::writer::RevWriter;

/// Writes a message's fields (and unknown fields, last) back to front.
pub(crate) fn write_message(msg: MsgRef<'_>, w: &mut RevWriter<'_>) {
    if let Some(unknown) = msg.unknown() {
        w.put_slice(unknown.as_bytes());
    }
    let slots = &msg.table().slots;
    for i in (0..slots.len()).rev() {
        if let Some(value) = msg.field(i) {
            write_field(value, &slots[i], w);
        }
    }
}

#[inline]
fn write_field(value: Ref<'_>, slot: &Slot, w: &mut RevWriter<'_>) {
    match slot.shape {
        Shape::Map => write_map(value, slot, w),
        _ if slot.value.is_message() => write_message_field(value, slot, w),
        shape => dispatch_scalar!(slot.value, C => write_scalar::<C>(value, shape, slot, w)),
    }
}

fn write_scalar<C: Codec>(value: Ref<'_>, shape: Shape, slot: &Slot, w: &mut RevWriter<'_>)
where
    Option<C::Value>: Storage,
    Vec<C::Value>: Storage,
{
    let key = &slot.key;
    match shape {
        Shape::Implicit => {
            let v = value.get::<C::Value>();
            if !C::is_default(v) {
                C::write(v, w);
                w.put_key(key);
            }
        }
        Shape::Always | Shape::Oneof => {
            C::write(value.get::<C::Value>(), w);
            w.put_key(key);
        }
        Shape::Optional => {
            if let Some(v) = value.get::<Option<C::Value>>() {
                C::write(v, w);
                w.put_key(key);
            }
        }
        Shape::Repeated => {
            for v in value.get::<Vec<C::Value>>().iter().rev() {
                C::write(v, w);
                w.put_key(key);
            }
        }
        Shape::Packed => {
            let values = value.get::<Vec<C::Value>>();
            if values.is_empty() {
                return;
            }
            let end = w.written();
            for v in values.iter().rev() {
                C::write(v, w);
            }
            w.put_varint((w.written() - end) as u64);
            w.put_key(key);
        }
        Shape::Map => unreachable!("protowire: map written as a scalar"),
    }
}

fn write_message_field(value: Ref<'_>, slot: &Slot, w: &mut RevWriter<'_>) {
    let group = slot.value == Value::Group;
    let key = &slot.key;
    let mut one = |msg: MsgRef<'_>| {
        if group {
            w.put_key(&key.with_wire_type(WireType::EndGroup));
            write_message(msg, w);
        } else {
            let end = w.written();
            write_message(msg, w);
            w.put_varint((w.written() - end) as u64);
        }
        w.put_key(key);
    };
    match slot.shape {
        Shape::Repeated => value.messages().rev().for_each(one),
        _ => {
            if let Some(msg) = value.message() {
                one(msg);
            }
        }
    }
}

fn write_map(value: Ref<'_>, slot: &Slot, w: &mut RevWriter<'_>) {
    value.map_for_each(true, |k, v| {
        let end = w.written();
        write_entry_part(v, slot.value, 2, w);
        write_entry_part(k, slot.key_value, 1, w);
        w.put_varint((w.written() - end) as u64);
        w.put_key(&slot.key);
    });
}

/// Writes a map entry's key (`number` 1) or value (2), with its key.
fn write_entry_part(part: Ref<'_>, value: Value, number: u8, w: &mut RevWriter<'_>) {
    if value.is_message() {
        let end = w.written();
        if let Some(msg) = part.message() {
            write_message(msg, w);
        }
        w.put_varint((w.written() - end) as u64);
        w.put_u8((number << 3) | WireType::Len as u8);
        return;
    }
    dispatch_scalar!(value, C => {
        C::write(part.get::<<C as Codec>::Value>(), w);
        w.put_u8((number << 3) | C::WIRE_TYPE as u8);
    })
}
