//! The per-type field table.
//!
//! Generated code declares a [`MessageSpec`]: `static` data, one [`Entry`]
//! per field giving its number, kind, cardinality and *where it lives* (a
//! byte offset, with the Rust type checked at compile time). The runtime
//! builds a [`MessageTable`] from it once per type (sorted slots, a dense
//! number index, the required mask) and one engine, compiled once in this
//! crate, walks it for every message: size, write, merge, check. Nothing in
//! it is generic over the message type; what differs per *type* (reaching a
//! message inside an `Option`, a map's entries, a oneof's member) goes
//! through a small table of functions per type (`crate::access`).

mod build;
mod cell;
mod entry;
mod kind;
pub(crate) mod storage;

pub(crate) use build::SpecParts;
pub use cell::TableCell;
pub use entry::{ABI_VERSION, Entry, Member, MessageSpec, OneofField, assert_oneof_numbers};
pub(crate) use entry::{ErasedSpec, FieldDesc, OneofSpec};
pub use kind::{Cardinality, Kind};
pub(crate) use kind::{Shape, Value, scalar_values};
pub use storage::{Base, Container, MapKey, ScalarValue, Storage, Stored};

use std::any::TypeId;
use std::marker::PhantomData;
use std::sync::atomic::AtomicU8;

use crate::access::{EnumOps, MapOps, MessageOps, OneofOps, TableSource};
use crate::registry::{DynMessage, MessageType};
use crate::wire::{EncodedKey, WireType};

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
    /// The default value as written in the `.proto` (`[default = ...]`).
    pub default_value: Option<&'static str>,
    pub(crate) message_table: Option<TableSource>,
}

impl FieldInfo {
    /// Field metadata; the JSON name defaults to `name`.
    pub const fn new(number: u32, name: &'static str, kind: Kind, cardinality: Cardinality) -> FieldInfo {
        FieldInfo { number, name, json_name: name, kind, cardinality, default_value: None, message_table: None }
    }

    /// Sets the JSON name.
    pub const fn with_json_name(mut self, json_name: &'static str) -> FieldInfo {
        self.json_name = json_name;
        self
    }

    /// Records the `.proto` text of the field's default value.
    pub const fn with_default_value(mut self, default_value: &'static str) -> FieldInfo {
        self.default_value = Some(default_value);
        self
    }

    /// For message and group fields (and maps whose values are messages), the
    /// message type.
    pub fn message_type(&self) -> Option<MessageType> {
        self.message_table.map(|table| MessageType::from_table(table.get()))
    }

    /// The wire type this field is written with.
    pub const fn wire_type(&self) -> WireType {
        match self.cardinality {
            Cardinality::Packed | Cardinality::Map => WireType::Len,
            _ => self.kind.wire_type(),
        }
    }
}

/// [`Slot::key1`] of a field whose key is not one byte: past any byte's
/// value, so that no input byte is taken for it.
pub(crate) const NO_KEY1: u16 = 0x100;

/// What the engine needs of one field, close together: `repr(C)` with what
/// the merge loop reads for every field in the first 32 bytes, so that a
/// slot costs one cache line there.
#[repr(C)]
pub(crate) struct Slot {
    /// The address of the first slot of the table this slot belongs to.
    pub(crate) home: usize,
    /// This field's bit in the required mask, or 0.
    pub(crate) required_bit: u64,
    pub(crate) number: u32,
    pub(crate) offset: u32,
    /// The slot to try first for the next key: the next field, or this one
    /// again for repeated fields, which tend to come in runs.
    pub(crate) next_hint: u16,
    /// Bit `w` set when wire type `w` is accepted (packed and unpacked both,
    /// for packable repeated fields).
    pub(crate) accepts: u8,
    /// How the merge loop handles the field ([`StepCode::op`]): inline for
    /// the common shapes, through `routines.merge` otherwise.
    pub(crate) merge_op: u8,
    pub(crate) value: Value,
    pub(crate) shape: Shape,
    /// `stored` for a field reached directly; for a oneof member (whose value
    /// is reached through its enum), a code no Rust type has, so that one
    /// comparison tells both "directly reachable" and "of this type".
    pub(crate) direct: Stored,
    /// The field's key when it is one byte (fields 1 to 15) of a wire type
    /// the field accepts, else [`NO_KEY1`]: the merge loop compares the next
    /// input byte with the expected field's, and on a match skips reading
    /// the key and finding its slot.
    pub(crate) key1: u16,
    /// The one-byte key of the field after this one (slot `next_hint`)
    /// when that field takes the same merge op, else [`NO_KEY1`]: a run of
    /// such fields is merged in the arm for that op, without going back
    /// through the jump on it, each next field recognised by one compare
    /// with this slot's own copy of its key.
    pub(crate) run_key1: u16,
    pub(crate) stored: Stored,
    /// For maps, the key's value code.
    pub(crate) key_value: Value,
    /// Whether the field is proto2 `required`.
    pub(crate) required: bool,
    /// For maps: entries written and read as prost does (a default key or
    /// value left out; fields besides key and value ignored).
    pub(crate) prost_map_entries: bool,
    pub(crate) key: EncodedKey,
    /// The routines that size, write and merge the field, picked from the
    /// engine's fixed set by shape and value kind.
    pub(crate) routines: crate::engine::Routines,
    pub(crate) message: Option<&'static MessageOps>,
    /// The message type's table, once first asked for through
    /// [`child_table_of`](Self::child_table_of): cached here, so that a nested
    /// message costs a load, not a call to its type's table getter.
    pub(crate) child: std::sync::OnceLock<&'static MessageTable>,
    pub(crate) map: Option<&'static MapOps>,
    pub(crate) enumeration: Option<&'static EnumOps>,
    pub(crate) oneof: Option<&'static OneofOps>,
}

impl Slot {
    /// The table of the field's message type, given the slot's own message
    /// ops (`self.message`, which the caller holds and has tested): cached
    /// in the slot on first use, a load after that instead of a call.
    #[inline(always)]
    pub(crate) fn child_table_of(&self, ops: &'static MessageOps) -> &'static MessageTable {
        self.child.get().copied().unwrap_or_else(|| self.resolve_child(ops))
    }

    #[cold]
    #[inline(never)]
    fn resolve_child(&self, ops: &'static MessageOps) -> &'static MessageTable {
        self.child.get_or_init(|| ops.table())
    }
}

/// One field as the size and write passes see it, packed into 20 bytes (a
/// slot is 104), so that a message's steps sit in a few cache lines and a
/// scalar at its default costs a load and a test, not a call.
#[derive(Clone, Copy)]
#[repr(C)]
pub(crate) struct Step {
    pub(crate) offset: u32,
    /// The index of the field's slot, for [`StepCode::Call`] (for a
    /// oneof's step in [`MessageTable::encode_steps`], its first member's).
    pub(crate) slot: u32,
    pub(crate) key: EncodedKey,
    /// The Rust type at `offset`. Accesses check the op instead, which the
    /// builder checks against this (see [`StepCode::names`]).
    pub(crate) stored: Stored,
    /// The code and the value kind in one byte: [`StepCode::op`].
    pub(crate) op: u8,
    /// For a oneof's step in [`MessageTable::encode_steps`]: how many
    /// slots after `slot` are members it covers too (the members of one
    /// oneof that follow each other in field-number order). 0 otherwise.
    pub(crate) span: u16,
}

/// How the engine's loops handle a field: the singular scalars inline,
/// dispatching on the value kind, length-prefixed singular messages inline
/// in the merge loop, the rest through the slot's routines.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[repr(u8)]
pub(crate) enum StepCode {
    /// A scalar stored as `T`, not written at its default.
    Implicit,
    /// A scalar stored as `T`, always written.
    Always,
    /// A scalar stored as `Option<T>`; in a step, not `required`.
    Optional,
    /// A `required` scalar stored as `Option<T>` (steps only): the write
    /// pass flags it when unset. A code of its own, so that the other
    /// optional fields do not pay for the check.
    Required,
    /// A repeated scalar stored as `Vec<T>`, packed or not (steps only):
    /// the slot's routines, unless empty. Most repeated fields in real
    /// messages are, and the size and write passes test that inline
    /// instead of calling the routine to find out.
    Repeated,
    /// A length-prefixed singular message, not a oneof member.
    Message,
    /// A oneof member (steps only); in [`MessageTable::encode_steps`],
    /// the members of one oneof that follow each other, with the member
    /// set among them written or sized once.
    Oneof,
    /// Anything else: the slot's routines.
    Call,
}

impl StepCode {
    /// The op of `Oneof`, whatever the value kind.
    pub(crate) const ONEOF_OP: u8 = StepCode::Oneof.op(Value::Message);
    /// The op of `Message`, whatever the value kind.
    pub(crate) const MESSAGE_OP: u8 = StepCode::Message.op(Value::Message);

    /// Whether a field with this op (a step's `op`, a slot's `merge_op`) is
    /// stored as `stored`: the scalar codes' ops name the value's storage
    /// and its container; the other ops name none.
    ///
    /// A table's builder asserts that every op that names a storage names
    /// its field's, so that an access made in the dispatch arm of an op can
    /// check the op instead of the field's storage code: the op is known
    /// there, so the check (a load from a constant table) folds away.
    #[inline(always)]
    pub(crate) fn names(op: u8, stored: Stored) -> bool {
        OP_STORAGE[op as usize] == stored.code()
    }

    /// Whether an op names a storage at all.
    pub(crate) fn names_any(op: u8) -> bool {
        OP_STORAGE[op as usize] != u16::MAX
    }

    /// What a table's builder asserts of each op: it names `stored`, or
    /// no storage at all.
    pub(crate) fn fits(op: u8, stored: Stored) -> bool {
        StepCode::names(op, stored) || !StepCode::names_any(op)
    }

    /// As [`names`](Self::names), computed: `None` for an op that names no
    /// storage.
    const fn storage(op: u8) -> Option<Stored> {
        let container = match op / 32 {
            0 | 1 => Container::Plain,
            2 | 3 => Container::Option,
            4 => Container::Vec,
            _ => return None,
        };
        match Value::from_code(op % 32) {
            Some(value) => match value.base() {
                Some(base) => Some(Stored::new(base, container)),
                None => None,
            },
            None => None,
        }
    }

    /// The code and a value kind in one byte, for a one-jump dispatch;
    /// `Oneof`, `Message` and `Call` are the same byte for every value.
    #[inline(always)]
    pub(crate) const fn op(self, value: Value) -> u8 {
        match self {
            StepCode::Oneof => u8::MAX - 2,
            StepCode::Message => u8::MAX - 1,
            StepCode::Call => u8::MAX,
            _ => self as u8 * 32 + value as u8,
        }
    }
}

const _: () = assert!((Value::Group as u8) < 32, "a step's op keeps the value kind in 5 bits");

/// The op of each scalar code and value, as constants a `match` can take
/// as patterns: `step_ops::Implicit::Int32` (see `engine::dispatch_step`).
pub(crate) mod step_ops {
    use super::{StepCode, Value};

    macro_rules! define_step_ops {
        ($($code:ident)*) => {
            $(
                pub(crate) struct $code;
                crate::table::scalar_values!(crate::table::step_ops::define_ops!(($code)));
            )*
        };
    }
    macro_rules! define_ops {
        (($code:ident) $($v:ident $kind:ident $base:ident $codec:ident,)*) => {
            #[allow(non_upper_case_globals, dead_code)]
            impl $code {
                $(pub(crate) const $v: u8 = StepCode::$code.op(Value::$v);)*
            }
        };
    }
    pub(crate) use define_ops;
    define_step_ops!(Implicit Always Optional Required Repeated);

    /// Every op that is neither a scalar code's (one of those above) nor
    /// `StepCode::MESSAGE_OP` or `ONEOF_OP`, as a pattern of literals: the
    /// last arm of a dispatch over all five codes and those two (the size
    /// pass's). With every byte a case of its own, LLVM's jump table covers
    /// the whole `u8` and drops its range check, two instructions on every
    /// field; a `_` arm keeps them.
    /// The compiler checks the list: a byte missing from it leaves the
    /// `match` non-exhaustive, one that is also a scalar op is an
    /// unreachable pattern, denied where the list is used.
    #[rustfmt::skip]
    macro_rules! others {
        () => {
            21 | 22 | 23 | 24 | 25 | 26 | 27 | 28 | 29 | 30 | 31 | 53 | 54 | 55 | 56 | 57 |
            58 | 59 | 60 | 61 | 62 | 63 | 85 | 86 | 87 | 88 | 89 | 90 | 91 | 92 | 93 | 94 |
            95 | 117 | 118 | 119 | 120 | 121 | 122 | 123 | 124 | 125 | 126 | 127 | 149 | 150 | 151 | 152 |
            153 | 154 | 155 | 156 | 157 | 158 | 159 | 160 | 161 | 162 | 163 | 164 | 165 | 166 | 167 | 168 |
            169 | 170 | 171 | 172 | 173 | 174 | 175 | 176 | 177 | 178 | 179 | 180 | 181 | 182 | 183 | 184 |
            185 | 186 | 187 | 188 | 189 | 190 | 191 | 192 | 193 | 194 | 195 | 196 | 197 | 198 | 199 | 200 |
            201 | 202 | 203 | 204 | 205 | 206 | 207 | 208 | 209 | 210 | 211 | 212 | 213 | 214 | 215 | 216 |
            217 | 218 | 219 | 220 | 221 | 222 | 223 | 224 | 225 | 226 | 227 | 228 | 229 | 230 | 231 | 232 |
            233 | 234 | 235 | 236 | 237 | 238 | 239 | 240 | 241 | 242 | 243 | 244 | 245 | 246 | 247 | 248 |
            249 | 250 | 251 | 252 | 255
        };
    }
    pub(crate) use others;
}

/// The storage code each op names ([`StepCode::names`]); `u16::MAX`, no
/// storage's code, for ops that name none.
static OP_STORAGE: [u16; 256] = {
    let mut table = [u16::MAX; 256];
    let mut op = 0;
    while op < 256 {
        if let Some(stored) = StepCode::storage(op as u8) {
            table[op] = stored.code();
        }
        op += 1;
    }
    table
};
const _: () = assert!(size_of::<Step>() == 20, "steps stay small: a message's fit in a few cache lines");

/// Field names as the JSON printer writes them (quoted and escaped, with the
/// colon after them; JSON names and proto names), one per slot.
pub(crate) struct TextNames {
    pub(crate) json: Box<[Box<str>]>,
    pub(crate) proto: Box<[Box<str>]>,
    /// How long the last large JSON text (≥ 1 MiB) printed for a message
    /// of this type was, else 0: the printer's buffer is made that large up
    /// front, rather than doubled (and copied) a dozen times on the way.
    pub(crate) json_len: std::sync::atomic::AtomicUsize,
}

/// The runtime table of a message type, built once from its [`MessageSpec`]
/// and cached for the life of the program.
pub struct MessageTable {
    pub(crate) full_name: &'static str,
    /// One slot per field (oneof members included), sorted by number.
    pub(crate) slots: Box<[Slot]>,
    /// One step per slot, in the same order.
    pub(crate) steps: Box<[Step]>,
    /// The steps of the size and write passes: as `steps`, but the members
    /// of a oneof that follow each other are one step (`Step::span`), which
    /// asks the oneof once which member is set and reads that member's
    /// value from the answer, where a step per member took a call to ask,
    /// another to read, and a turn of the loop for every member not set.
    pub(crate) encode_steps: Box<[Step]>,
    pub(crate) infos: Box<[FieldInfo]>,
    /// `dense[n]` is 1 + the slot index of field `n`, or 0.
    pub(crate) dense: Box<[u16]>,
    pub(crate) required_mask: u64,
    /// Indexes of the slots the required-field check visits: required
    /// fields and fields holding messages.
    pub(crate) checked: Box<[u32]>,
    /// Whether this message itself declares a required field.
    pub(crate) has_required: bool,
    /// Whether every field is a singular scalar (string and bytes included)
    /// or a singular length-prefixed message, all of which the merge loop
    /// handles inline, and none is required: such a message (a point, a
    /// face of points, a key and value) is merged by a smaller loop of its
    /// own.
    pub(crate) simple: bool,
    /// Whether this message, or any message reachable from it, declares a
    /// required field: 0 not yet known, 1 no, 2 yes. Worked out on first
    /// use, so that checking a message tree with no required field anywhere
    /// (all of proto3) costs nothing.
    pub(crate) needs_check: AtomicU8,
    /// Whether this message itself stores a `bytes::Bytes` field (or map
    /// value), which decoding from a `Bytes` input can slice instead of copy.
    pub(crate) has_shared_bytes: bool,
    /// As `needs_check`, for `has_shared_bytes` anywhere reachable.
    pub(crate) shares_bytes: AtomicU8,
    /// Whether the last message of this type encoded into a new `Vec` was
    /// large and mostly long `bytes`/`string` values: then the next one
    /// gets a size pass first and is written straight into its exact
    /// allocation (one copy of those values instead of two). Only a hint:
    /// the bytes are the same either way.
    pub(crate) encodes_large: std::sync::atomic::AtomicBool,
    /// How many bytes the last large message of this type (≥ 4 KiB)
    /// encoded to, else 0: the scratch buffer is made that large up front,
    /// rather than grown (and copied) a dozen times on the way.
    pub(crate) encode_hint: std::sync::atomic::AtomicUsize,
    /// The text formats' data derived from the fields, built on first use.
    pub(crate) text: std::sync::OnceLock<TextNames>,
    /// Offset of the unknown-field store.
    pub(crate) unknown: Option<u32>,
    pub(crate) type_id: TypeId,
    /// A new message of this type (given the table, which is all a dynamic
    /// type has to make one from).
    pub(crate) new_dyn: fn(&'static MessageTable) -> Box<dyn DynMessage>,
    /// For a dynamic type, the layout of its messages.
    pub(crate) dynamic: Option<&'static crate::access::dynamic::DynLayout>,
}

impl MessageTable {
    /// The message's full protobuf name.
    pub fn full_name(&self) -> &'static str {
        self.full_name
    }

    /// The fields' metadata, sorted by number.
    pub fn fields(&self) -> &[FieldInfo] {
        &self.infos
    }

    /// Whether `pred` holds for this table or any message type reachable
    /// from it (through message fields and map values). Walks the types
    /// once; callers cache the answer.
    #[cold]
    pub(crate) fn reaches(&'static self, pred: impl Fn(&MessageTable) -> bool) -> bool {
        let mut seen = std::collections::HashSet::new();
        let mut stack = vec![self];
        while let Some(t) = stack.pop() {
            if !seen.insert(t as *const MessageTable) {
                continue;
            }
            if pred(t) {
                return true;
            }
            stack.extend(t.slots.iter().filter_map(|s| s.message).map(|ops| ops.table()));
        }
        false
    }

    /// Whether a message of this type holds `bytes::Bytes` values anywhere,
    /// worked out on first use (0 unknown, 1 no, 2 yes; racing threads store
    /// the same answer).
    pub(crate) fn shares_bytes(&'static self) -> bool {
        use std::sync::atomic::Ordering;
        match self.shares_bytes.load(Ordering::Relaxed) {
            1 => false,
            2 => true,
            _ => {
                let found = self.reaches(|t| t.has_shared_bytes);
                self.shares_bytes.store(if found { 2 } else { 1 }, Ordering::Relaxed);
                found
            }
        }
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

/// The table of message type `M`: a `MessageTable` that can only have been
/// built from `M`'s own spec, which is what makes reading an `M` through it
/// sound. One pointer, handed out by the type's `TableCell`.
///
/// `repr(transparent)`: `fn() -> TypedTable<M>` is called as
/// `fn() -> &'static MessageTable` where the type is erased (`access::ops`).
#[repr(transparent)]
pub struct TypedTable<M> {
    table: &'static MessageTable,
    _m: PhantomData<fn() -> M>,
}

impl<M> Clone for TypedTable<M> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<M> Copy for TypedTable<M> {}

impl<M> TypedTable<M> {
    /// Only the cell of `M`, which builds the table from `M`'s spec, makes one.
    pub(crate) fn new(table: &'static MessageTable) -> TypedTable<M> {
        TypedTable { table, _m: PhantomData }
    }

    /// The table, without its type.
    #[inline]
    pub fn erased(self) -> &'static MessageTable {
        self.table
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
    pub(crate) fn here() -> Missing {
        Missing { path: Vec::new() }
    }

    #[cold]
    pub(crate) fn in_field(mut self, name: &'static str) -> Missing {
        self.path.push(name);
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The op → storage table that the engine's inline accesses check: each
    /// scalar op names exactly its value's storage in its code's container.
    #[test]
    fn ops_name_their_storage() {
        let mut scalars = 0;
        for code in 0..32u8 {
            let Some(value) = Value::from_code(code) else { continue };
            let Some(base) = value.base() else {
                assert!(value.is_message(), "{value:?} has no base");
                continue;
            };
            scalars += 1;
            // Each code names its own container and not the other two.
            for (step, container, others) in [
                (StepCode::Implicit, Container::Plain, [Container::Option, Container::Vec]),
                (StepCode::Always, Container::Plain, [Container::Option, Container::Vec]),
                (StepCode::Optional, Container::Option, [Container::Plain, Container::Vec]),
                (StepCode::Required, Container::Option, [Container::Plain, Container::Vec]),
                (StepCode::Repeated, Container::Vec, [Container::Option, Container::Plain]),
            ] {
                let op = step.op(value);
                assert!(StepCode::names(op, Stored::new(base, container)), "{step:?} {value:?}");
                for other in others {
                    assert!(!StepCode::names(op, Stored::new(base, other)), "{step:?} {value:?} in {other:?}");
                }
                let wrong = if base == Base::Bool { Base::U64 } else { Base::Bool };
                assert!(!StepCode::names(op, Stored::new(wrong, container)), "{step:?} {value:?} as {wrong:?}");
            }
        }
        assert_eq!(scalars, Value::Message as usize, "every scalar value has a base");
        for op in [StepCode::ONEOF_OP, StepCode::MESSAGE_OP, StepCode::Call.op(Value::Int32)] {
            assert!(!StepCode::names_any(op), "op {op} names a storage");
        }
        // Ops past the five scalar codes name nothing either.
        assert!((160..=255).all(|op| !StepCode::names_any(op)));
    }

    /// A message field's slot caches its type's table on first use, and
    /// the cache holds that type's table (not the parent's, or another
    /// field's), for singular and repeated fields alike.
    #[test]
    fn slots_cache_their_child_tables() {
        use crate::Message;
        use crate::types::{Api, Method, Mixin, SourceContext};

        let api = Api {
            name: "a".into(),
            methods: vec![Method { name: "m".into(), ..Default::default() }],
            source_context: Some(SourceContext { file_name: "f".into(), ..Default::default() }),
            mixins: vec![Mixin { name: "x".into(), ..Default::default() }],
            ..Default::default()
        };
        let bytes = api.encode_to_vec().unwrap();
        assert_eq!(Api::decode(bytes.as_slice()).unwrap(), api);

        let table = Api::__table().erased();
        for (number, child) in
            [(2, Method::__table().erased()), (5, SourceContext::__table().erased()), (6, Mixin::__table().erased())]
        {
            let slot = &table.slots[table.find(number, 0).unwrap()];
            let cached = slot.child.get().copied().expect("cached after a decode and an encode");
            assert!(std::ptr::eq(cached, child), "field {number} cached {}", cached.full_name);
            assert!(std::ptr::eq(slot.child_table_of(slot.message.unwrap()), child));
        }
        let name = &table.slots[table.find(1, 0).unwrap()];
        assert!(name.message.is_none() && name.child.get().is_none(), "a string field has no child table");
    }

    /// A slot runs on into the next field exactly when that field takes
    /// the same merge op and has a one-byte key.
    #[test]
    fn runs_go_on_into_the_next_field_of_the_same_op() {
        use crate::Message;
        use crate::types::{Duration, FieldDescriptorProto};

        let table = FieldDescriptorProto::__table().erased();
        let runs_on = |number| table.slots[table.find(number, 0).unwrap()].run_key1 != NO_KEY1;
        // name (1) and extendee (2) are both optional strings, as are
        // type_name (6) and default_value (7).
        assert!(runs_on(1) && runs_on(6));
        // extendee → number: a string, then an int32; default_value → options:
        // a string, then a message; json_name (10) → proto3_optional (17): a
        // two-byte key, and the last field has no next.
        for number in [2, 3, 7, 10, 17] {
            assert!(!runs_on(number), "field {number}");
        }
        let duration = Duration::__table().erased();
        assert!(duration.slots.iter().all(|slot| slot.run_key1 == NO_KEY1), "an int64 then an int32");
        // The key a run goes on at is the next field's.
        assert_eq!(table.slots[table.find(1, 0).unwrap()].run_key1, 2 << 3 | 2, "name runs on at extendee");
    }

    /// The size and write passes take the members of a oneof that follow
    /// each other as one step: `google.protobuf.Value`'s six members (its
    /// only fields) are one step spanning five more slots.
    #[test]
    fn a_oneofs_members_are_one_encode_step() {
        use crate::Message;
        let table = crate::types::Value::__table().erased();
        assert_eq!(table.steps.len(), 6);
        assert!(table.steps.iter().all(|step| step.op == StepCode::ONEOF_OP && step.span == 0));
        let [step] = &table.encode_steps[..] else { panic!("{} encode steps", table.encode_steps.len()) };
        assert_eq!((step.op, step.slot, step.span), (StepCode::ONEOF_OP, 0, 5));
        // A message without oneofs: the same steps.
        let table = crate::types::Timestamp::__table().erased();
        let ops = |steps: &[Step]| steps.iter().map(|s| (s.slot, s.op, s.span)).collect::<Vec<_>>();
        assert_eq!(ops(&table.encode_steps), ops(&table.steps));
    }
}
