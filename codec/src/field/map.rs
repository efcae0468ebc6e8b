//! Helpers for `map<K, V>` fields: each entry is a nested message with the
//! key as field 1 and the value as field 2, both always written.

use std::collections::{BTreeMap, HashMap};
use std::hash::{BuildHasher, Hash};

use super::codec::{Codec, Int32};
use crate::decode::DecodeCtx;
use crate::enumeration::Enumeration;
use crate::error::DecodeError;
use crate::unknown::UnknownFields;
use crate::wire::{EncodedKey, read_key, read_len_delimited, skip_field, varint_len};
use crate::writer::RevWriter;

/// A map type a `map<K, V>` field can be stored in.
pub trait MapField {
    /// The key type.
    type Key;
    /// The value type.
    type Value;
    /// Inserts an entry, replacing any entry with the same key.
    fn insert_entry(&mut self, key: Self::Key, value: Self::Value);
    /// Visits every entry, in reverse order where the map has one.
    fn for_each_rev(&self, f: impl FnMut(&Self::Key, &Self::Value));
    /// Visits every entry.
    fn for_each(&self, f: impl FnMut(&Self::Key, &Self::Value));
}

impl<K: Eq + Hash, V, S: BuildHasher> MapField for HashMap<K, V, S> {
    type Key = K;
    type Value = V;
    fn insert_entry(&mut self, key: K, value: V) {
        self.insert(key, value);
    }
    fn for_each_rev(&self, f: impl FnMut(&K, &V)) {
        self.for_each(f);
    }
    fn for_each(&self, mut f: impl FnMut(&K, &V)) {
        for (k, v) in self {
            f(k, v);
        }
    }
}

impl<K: Ord, V> MapField for BTreeMap<K, V> {
    type Key = K;
    type Value = V;
    fn insert_entry(&mut self, key: K, value: V) {
        self.insert(key, value);
    }
    fn for_each_rev(&self, mut f: impl FnMut(&K, &V)) {
        for (k, v) in self.iter().rev() {
            f(k, v);
        }
    }
    fn for_each(&self, mut f: impl FnMut(&K, &V)) {
        for (k, v) in self {
            f(k, v);
        }
    }
}

const fn entry_key<C: Codec>(number: u8) -> u8 {
    (number << 3) | C::WIRE_TYPE as u8
}

#[inline]
fn entry_len<KC: Codec, VC: Codec>(key: &KC::Value, value: &VC::Value) -> usize {
    2 + KC::encoded_len(key) + VC::encoded_len(value)
}

/// Size of a map field.
#[inline]
pub fn size_map<KC: Codec, VC: Codec, MP: MapField<Key = KC::Value, Value = VC::Value>>(
    map: &MP,
    key_len: usize,
) -> usize {
    let mut size = 0;
    map.for_each(|k, v| {
        let len = entry_len::<KC, VC>(k, v);
        size += key_len + varint_len(len as u64) + len;
    });
    size
}

/// Writes a map field, one entry per key.
#[inline]
pub fn write_map<KC: Codec, VC: Codec, MP: MapField<Key = KC::Value, Value = VC::Value>>(
    map: &MP,
    key: &EncodedKey,
    w: &mut RevWriter<'_>,
) {
    map.for_each_rev(|k, v| {
        let end = w.written();
        VC::write(v, w);
        w.put_u8(entry_key::<VC>(2));
        KC::write(k, w);
        w.put_u8(entry_key::<KC>(1));
        w.put_varint((w.written() - end) as u64);
        w.put_key(key);
    });
}

fn read_entry<KC: Codec, VC: Codec>(
    entry: &mut &[u8],
    ctx: &mut DecodeCtx,
) -> Result<(KC::Value, VC::Value), DecodeError> {
    let mut key = KC::new_value();
    let mut value = VC::new_value();
    let mut value_fresh = true;
    while !entry.is_empty() {
        let (number, wire_type) = read_key(entry)?;
        match number {
            1 if wire_type == KC::WIRE_TYPE => KC::merge(&mut key, true, entry, ctx)?,
            2 if wire_type == VC::WIRE_TYPE => {
                VC::merge(&mut value, value_fresh, entry, ctx)?;
                value_fresh = false;
            }
            _ => skip_field(wire_type, number, entry, ctx.depth())?,
        }
    }
    Ok((key, value))
}

/// Merges one map entry; a missing key or value takes its default, and a
/// repeated key replaces the earlier entry.
///
/// # Errors
///
/// Malformed input.
#[inline]
pub fn merge_map<KC: Codec, VC: Codec, MP: MapField<Key = KC::Value, Value = VC::Value>>(
    map: &mut MP,
    buf: &mut &[u8],
    ctx: &mut DecodeCtx,
) -> Result<(), DecodeError> {
    let mut entry = read_len_delimited(buf)?;
    let (k, v) = ctx.nested(|ctx| read_entry::<KC, VC>(&mut entry, ctx))?;
    map.insert_entry(k, v);
    Ok(())
}

/// Merges one entry of a map whose values are an enum. With a closed enum,
/// an entry with an undeclared value is kept whole among the unknown fields.
///
/// # Errors
///
/// Malformed input.
#[inline]
pub fn merge_map_enum<KC: Codec, E: Enumeration, MP: MapField<Key = KC::Value, Value = i32>>(
    map: &mut MP,
    key: &EncodedKey,
    unknown: Option<&mut UnknownFields>,
    buf: &mut &[u8],
    ctx: &mut DecodeCtx,
) -> Result<(), DecodeError> {
    let start = *buf;
    let mut entry = read_len_delimited(buf)?;
    let (k, v) = ctx.nested(|ctx| read_entry::<KC, Int32>(&mut entry, ctx))?;
    if !E::CLOSED || E::is_valid(v) {
        map.insert_entry(k, v);
    } else if let Some(unknown) = unknown {
        unknown.extend_raw(key.as_bytes());
        unknown.extend_raw(&start[..start.len() - buf.len()]);
    }
    Ok(())
}
