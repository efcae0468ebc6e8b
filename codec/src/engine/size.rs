//! The size pass: every message visited once, its fields summed.

use super::dispatch_scalar;
use crate::access::{MsgRef, Ref};
use crate::field::Codec;
use crate::table::{Shape, Slot, Storage, Value};
use crate::unknown::UnknownFields;
use crate::wire::varint_len;

/// The encoded size of a message's fields and unknown fields (no length
/// prefix).
pub(crate) fn message_size(msg: MsgRef<'_>) -> usize {
    let mut size = msg.unknown().map_or(0, UnknownFields::encoded_len);
    for (i, slot) in msg.table().slots.iter().enumerate() {
        if let Some(value) = msg.field(i) {
            size += field_size(value, slot);
        }
    }
    size
}

#[inline]
fn field_size(value: Ref<'_>, slot: &Slot) -> usize {
    let key_len = slot.key.len();
    match slot.shape {
        Shape::Map => map_size(value, slot, key_len),
        _ if slot.value.is_message() => message_field_size(value, slot, key_len),
        shape => dispatch_scalar!(slot.value, C => scalar_size::<C>(value, shape, key_len)),
    }
}

fn scalar_size<C: Codec>(value: Ref<'_>, shape: Shape, key_len: usize) -> usize
where
    Option<C::Value>: Storage,
    Vec<C::Value>: Storage,
{
    match shape {
        Shape::Implicit => {
            let v = value.get::<C::Value>();
            if C::is_default(v) { 0 } else { key_len + C::encoded_len(v) }
        }
        Shape::Always | Shape::Oneof => key_len + C::encoded_len(value.get::<C::Value>()),
        Shape::Optional => value.get::<Option<C::Value>>().as_ref().map_or(0, |v| key_len + C::encoded_len(v)),
        Shape::Repeated => {
            let values = value.get::<Vec<C::Value>>();
            match C::FIXED_LEN {
                Some(width) => values.len() * (key_len + width),
                None => values.iter().map(|v| key_len + C::encoded_len(v)).sum(),
            }
        }
        Shape::Packed => {
            let values = value.get::<Vec<C::Value>>();
            if values.is_empty() {
                return 0;
            }
            let body = packed_body::<C>(values);
            key_len + varint_len(body as u64) + body
        }
        Shape::Map => unreachable!("protowire: map sized as a scalar"),
    }
}

/// The bytes of a packed run's values.
#[inline]
pub(super) fn packed_body<C: Codec>(values: &[C::Value]) -> usize {
    match C::FIXED_LEN {
        Some(width) => width * values.len(),
        None => values.iter().map(C::encoded_len).sum(),
    }
}

fn message_field_size(value: Ref<'_>, slot: &Slot, key_len: usize) -> usize {
    let group = slot.value == Value::Group;
    let one = |msg: MsgRef<'_>| {
        let len = message_size(msg);
        if group { 2 * key_len + len } else { key_len + varint_len(len as u64) + len }
    };
    match slot.shape {
        Shape::Repeated => value.messages().map(one).sum(),
        _ => value.message().map_or(0, one),
    }
}

fn map_size(value: Ref<'_>, slot: &Slot, key_len: usize) -> usize {
    let mut size = 0;
    value.map_for_each(false, |k, v| {
        let len = entry_part_size(k, slot.key_value) + entry_part_size(v, slot.value);
        size += key_len + varint_len(len as u64) + len;
    });
    size
}

/// The size of a map entry's key or value, with its one-byte key.
pub(super) fn entry_part_size(part: Ref<'_>, value: Value) -> usize {
    if value.is_message() {
        let len = part.message().map_or(0, message_size);
        return 1 + varint_len(len as u64) + len;
    }
    1 + dispatch_scalar!(value, C => C::encoded_len(part.get::<<C as Codec>::Value>()))
}
