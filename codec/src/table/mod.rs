//! The per-type field table: what generated code declares about a message
//! (a [`MessageSpec`], static data) and what the runtime derives from it once
//! (a [`MessageTable`]: fields sorted by number, a dense number index, the
//! required mask). The encode and decode loops walk it; no part of it knows
//! any one message.

mod build;
mod kind;

pub use kind::{Cardinality, Kind};

use std::sync::atomic::AtomicU8;

use crate::decode::DecodeCtx;
use crate::error::DecodeError;
use crate::registry::MessageType;
use crate::unknown::UnknownFields;
use crate::wire::{EncodedKey, WireType};
use crate::writer::RevWriter;

/// Size of one field of `M` on the wire, key included; 0 when absent.
pub type SizeFn<M> = fn(&M) -> usize;
/// Writes one field of `M` (key included) back to front; nothing when absent.
pub type EncodeFn<M> = fn(&M, &mut RevWriter<'_>);
/// Merges one occurrence of a field into `M`: its key (of the given wire type,
/// one the field accepts) has been read, the value is next in the input.
pub type MergeFn<M> = for<'a> fn(&mut M, WireType, &mut &'a [u8], &mut DecodeCtx) -> Result<(), DecodeError>;
/// Checks a field's required-ness: present when required, and every message
/// it holds initialised.
pub type CheckFn<M> = fn(&M) -> Result<(), Missing>;

/// Reflection data of one field, independent of the Rust type it lives in.
#[derive(Clone, Copy, Debug)]
pub struct FieldInfo {
    /// The field number.
    pub number: u32,
    /// The field's name as declared in the `.proto` (or the Rust field name).
    pub name: &'static str,
    /// The JSON name (lowerCamelCase unless set by `json_name`).
    pub json_name: &'static str,
    /// What the field holds.
    pub kind: Kind,
    /// How many, and how presence is tracked.
    pub cardinality: Cardinality,
    /// For message and group fields (and maps whose values are messages), the
    /// message type.
    pub message_type: Option<fn() -> MessageType>,
    /// The default value as written in the `.proto` (`[default = ...]`).
    pub default_value: Option<&'static str>,
}

impl FieldInfo {
    /// Field metadata; the JSON name defaults to `name`.
    pub const fn new(number: u32, name: &'static str, kind: Kind, cardinality: Cardinality) -> FieldInfo {
        FieldInfo { number, name, json_name: name, kind, cardinality, message_type: None, default_value: None }
    }

    /// Sets the JSON name.
    pub const fn with_json_name(mut self, json_name: &'static str) -> FieldInfo {
        self.json_name = json_name;
        self
    }

    /// Names the message type of a message, group or map-of-message field.
    pub const fn with_message_type(mut self, message_type: fn() -> MessageType) -> FieldInfo {
        self.message_type = Some(message_type);
        self
    }

    /// Records the `.proto` text of the field's default value.
    pub const fn with_default_value(mut self, default_value: &'static str) -> FieldInfo {
        self.default_value = Some(default_value);
        self
    }

    /// The wire type this field is written with.
    pub const fn wire_type(&self) -> WireType {
        match self.cardinality {
            Cardinality::Packed | Cardinality::Map => WireType::Len,
            _ => self.kind.wire_type(),
        }
    }
}

/// One entry of a message's table: metadata, the pre-encoded key, and the
/// functions that size, write, merge and check the field.
pub struct Field<M: 'static> {
    pub(crate) info: FieldInfo,
    pub(crate) key: EncodedKey,
    pub(crate) size: SizeFn<M>,
    pub(crate) encode: EncodeFn<M>,
    pub(crate) merge: MergeFn<M>,
    pub(crate) check: Option<CheckFn<M>>,
}

impl<M> Clone for Field<M> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<M> Copy for Field<M> {}

impl<M: 'static> Field<M> {
    /// A table entry. The key is encoded here, at compile time when used in a
    /// `static`.
    ///
    /// # Panics
    ///
    /// Panics (at compile time in a `static`) if the field number is out of range.
    pub const fn new(info: FieldInfo, size: SizeFn<M>, encode: EncodeFn<M>, merge: MergeFn<M>) -> Field<M> {
        Field { key: EncodedKey::new(info.number, info.wire_type()), info, size, encode, merge, check: None }
    }

    /// Adds the function that checks required-ness (required fields, and
    /// fields holding messages that may have required fields).
    pub const fn with_check(mut self, check: CheckFn<M>) -> Field<M> {
        self.check = Some(check);
        self
    }

    /// The field's metadata.
    pub fn info(&self) -> &FieldInfo {
        &self.info
    }

    /// The field's key, encoded.
    pub fn key(&self) -> EncodedKey {
        self.key
    }
}

/// Where a message keeps its unknown fields.
pub struct UnknownAccess<M: 'static> {
    pub(crate) get: fn(&M) -> &UnknownFields,
    pub(crate) get_mut: fn(&mut M) -> &mut UnknownFields,
}

impl<M> Clone for UnknownAccess<M> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<M> Copy for UnknownAccess<M> {}

/// What generated code declares about a message type, as `static` data.
pub struct MessageSpec<M: 'static> {
    pub(crate) full_name: &'static str,
    pub(crate) fields: &'static [Field<M>],
    pub(crate) oneofs: &'static [&'static [Field<M>]],
    pub(crate) unknown: Option<UnknownAccess<M>>,
}

impl<M: 'static> MessageSpec<M> {
    /// A message called `full_name` (`package.Outer.Inner`) with these fields
    /// (in any order) and no unknown-field store: unknown fields are dropped.
    pub const fn new(full_name: &'static str, fields: &'static [Field<M>]) -> MessageSpec<M> {
        MessageSpec { full_name, fields, oneofs: &[], unknown: None }
    }

    /// Adds the members of the message's oneofs.
    pub const fn with_oneofs(mut self, oneofs: &'static [&'static [Field<M>]]) -> MessageSpec<M> {
        self.oneofs = oneofs;
        self
    }

    /// Keeps unknown fields in the store these functions reach.
    pub const fn with_unknown(
        mut self,
        get: fn(&M) -> &UnknownFields,
        get_mut: fn(&mut M) -> &mut UnknownFields,
    ) -> MessageSpec<M> {
        self.unknown = Some(UnknownAccess { get, get_mut });
        self
    }
}

/// What the decode loop needs of a field, packed close together.
pub(crate) struct Slot<M: 'static> {
    pub(crate) number: u32,
    /// Bit `w` set when wire type `w` is accepted (packed and unpacked both,
    /// for packable repeated fields).
    pub(crate) accepts: u8,
    /// The slot to try first for the next key: the next field, or this one
    /// again for repeated fields, which tend to come in runs.
    pub(crate) next_hint: u32,
    /// This field's bit in the required mask, or 0.
    pub(crate) required_bit: u64,
    pub(crate) merge: MergeFn<M>,
}

/// The runtime table of a message type, built once from its [`MessageSpec`]
/// and cached for the life of the program.
///
/// The encode and decode loops each get a dense array of just what they
/// call, so that walking a wide message touches few cache lines.
pub struct MessageTable<M: 'static> {
    pub(crate) full_name: &'static str,
    /// The fields, sorted by number.
    pub(crate) fields: Box<[Field<M>]>,
    pub(crate) infos: Box<[FieldInfo]>,
    /// Decode slots, parallel to `fields`.
    pub(crate) slots: Box<[Slot<M>]>,
    /// Size functions, in field order.
    pub(crate) sizers: Box<[SizeFn<M>]>,
    /// Write functions, in reverse field order (the writer runs back to front).
    pub(crate) writers: Box<[EncodeFn<M>]>,
    /// `dense[n]` is 1 + the slot index of field `n`, or 0.
    pub(crate) dense: Box<[u16]>,
    pub(crate) required_mask: u64,
    /// Indexes of the fields with a check function.
    pub(crate) checked: Box<[usize]>,
    /// Whether this message itself declares a required field.
    pub(crate) has_required: bool,
    /// Whether this message, or any message reachable from it, declares a
    /// required field: 0 not yet known, 1 no, 2 yes. Worked out on first
    /// use, so that checking a message tree with no required field anywhere
    /// (all of proto3) costs nothing.
    pub(crate) needs_check: AtomicU8,
    pub(crate) unknown: Option<UnknownAccess<M>>,
}

impl<M: 'static> MessageTable<M> {
    /// The message's full protobuf name.
    pub fn full_name(&self) -> &'static str {
        self.full_name
    }

    /// The fields' metadata, sorted by number.
    pub fn fields(&self) -> &[FieldInfo] {
        &self.infos
    }

    /// The index of field `number`, trying `hint` first.
    #[inline]
    pub(crate) fn find(&self, number: u32, hint: usize) -> Option<usize> {
        if let Some(slot) = self.slots.get(hint)
            && slot.number == number
        {
            return Some(hint);
        }
        match self.dense.get(number as usize) {
            Some(&0) => None,
            Some(&i) => Some(usize::from(i) - 1),
            None => self.find_sparse(number),
        }
    }

    #[inline(never)]
    fn find_sparse(&self, number: u32) -> Option<usize> {
        self.slots.binary_search_by_key(&number, |slot| slot.number).ok()
    }
}

/// The path to a missing required field, built on the way out of the check
/// (innermost field first).
#[derive(Debug)]
pub struct Missing {
    pub(crate) path: Vec<&'static str>,
}

impl Missing {
    /// The field being checked is itself missing.
    #[cold]
    pub fn here() -> Missing {
        Missing { path: Vec::new() }
    }

    #[cold]
    pub(crate) fn in_field(mut self, name: &'static str) -> Missing {
        self.path.push(name);
        self
    }
}
