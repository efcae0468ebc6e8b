//! The static description of a message that generated code declares: one
//! [`Entry`] per field, one [`OneofField`] per oneof, a [`MessageSpec`]. Every
//! constructor is a `const fn` taking the field's typed offset, and checks at
//! compile time that the kind and cardinality fit the Rust type.

use std::any::TypeId;
use std::marker::PhantomData;

use super::FieldInfo;
use super::kind::{Cardinality, Kind, Shape, Value};
use super::storage::{Base, Container, ScalarValue, Storage, Stored};
use crate::access::{
    EnumOps, EnumOpsOf, FieldOffset, MapOps, MapStorage, MessageOps, Oneof, OneofOps, OneofOpsOf, OpsOf, erase_entries,
    erase_oneofs,
};
use crate::enumeration::Enumeration;
use crate::message::Message;
use crate::registry::DynMessage;
use crate::unknown::UnknownFields;

/// The version of the table format. Generated code states the version it
/// was made for, and fails to build against a runtime with another.
pub const ABI_VERSION: u32 = 2;

/// One field, type-erased: everything the table builder copies into a slot.
#[derive(Clone, Copy)]
pub(crate) struct FieldDesc {
    pub(crate) info: FieldInfo,
    pub(crate) offset: u32,
    pub(crate) shape: Shape,
    pub(crate) value: Value,
    /// For maps, the key's value code.
    pub(crate) key: Value,
    pub(crate) stored: Stored,
    pub(crate) message: Option<&'static MessageOps>,
    pub(crate) map: Option<&'static MapOps>,
    pub(crate) enumeration: Option<&'static EnumOps>,
    /// For maps: entries written and read as prost does (see
    /// [`Entry::prost_map_entries`]).
    pub(crate) prost_map_entries: bool,
}

const fn value_of(kind: Kind, base: Base) -> Value {
    match Value::of(kind, base) {
        Some(value) => value,
        None => panic!("protowire: the field's kind does not fit its Rust type"),
    }
}

const fn scalar_shape(info: &FieldInfo, container: Container) -> Shape {
    match (container, info.cardinality) {
        (Container::Plain, Cardinality::Implicit) => Shape::Implicit,
        (Container::Plain, Cardinality::Required | Cardinality::Optional) => Shape::Always,
        (Container::Option, Cardinality::Required | Cardinality::Optional) => Shape::Optional,
        (Container::Vec, Cardinality::Repeated) => Shape::Repeated,
        (Container::Vec, Cardinality::Packed) => {
            assert!(info.kind.is_packable(), "protowire: only scalar and enum fields can be packed");
            Shape::Packed
        }
        _ => panic!("protowire: the field's cardinality does not fit its Rust type"),
    }
}

const fn desc(info: FieldInfo, offset: u32, stored: Stored, shape: Shape) -> FieldDesc {
    FieldDesc {
        info,
        offset,
        shape,
        value: value_of(info.kind, stored.base),
        key: Value::Bool,
        stored,
        message: None,
        map: None,
        enumeration: None,
        prost_map_entries: false,
    }
}

const fn message_desc(mut info: FieldInfo, offset: u32, ops: &'static MessageOps, shape: Shape) -> FieldDesc {
    assert!(
        matches!(info.kind, Kind::Message | Kind::Group),
        "protowire: a message field must have kind `message` or `group`"
    );
    info.message_table = Some(ops.table);
    let mut d = desc(info, offset, Stored::new(Base::Message, ops.container), shape);
    d.message = Some(ops);
    d
}

/// One field of message `S`, as generated code declares it.
///
/// `repr(transparent)` over its description, so that a message's entries
/// can be read as descriptions without code generic over `S`.
#[repr(transparent)]
pub struct Entry<S> {
    pub(crate) desc: FieldDesc,
    _s: PhantomData<fn(&S)>,
}

impl<S> Entry<S> {
    const fn of(desc: FieldDesc) -> Entry<S> {
        Entry { desc, _s: PhantomData }
    }

    /// A scalar, string or bytes field stored as `T`, `Option<T>` or `Vec<T>`.
    ///
    /// # Panics
    ///
    /// At compile time, if the kind or cardinality does not fit `T`.
    pub const fn scalar<T: Storage>(info: FieldInfo, field: FieldOffset<S, T>) -> Entry<S> {
        assert!(!matches!(info.kind, Kind::Enum), "protowire: enum fields are declared with Entry::enumeration");
        let shape = scalar_shape(&info, T::STORED.container);
        Entry::of(desc(info, field.offset, T::STORED, shape))
    }

    /// An enum field of enum type `E`, stored as `i32`, `Option<i32>` or `Vec<i32>`.
    ///
    /// # Panics
    ///
    /// As [`scalar`](Self::scalar).
    pub const fn enumeration<T: Storage, E: Enumeration>(info: FieldInfo, field: FieldOffset<S, T>) -> Entry<S> {
        assert!(matches!(info.kind, Kind::Enum), "protowire: Entry::enumeration needs kind Enum");
        let shape = scalar_shape(&info, T::STORED.container);
        let mut d = desc(info, field.offset, T::STORED, shape);
        d.enumeration = Some(EnumOpsOf::<E>::OPS);
        Entry::of(d)
    }

    /// A message (or group) field stored as `M`: always written.
    pub const fn message<M: Message>(info: FieldInfo, field: FieldOffset<S, M>) -> Entry<S> {
        Entry::of(message_desc(info, field.offset, OpsOf::<M>::PLAIN, Shape::Always))
    }

    /// A message field stored as `Box<M>`: always written.
    pub const fn message_boxed<M: Message>(info: FieldInfo, field: FieldOffset<S, Box<M>>) -> Entry<S> {
        Entry::of(message_desc(info, field.offset, OpsOf::<M>::BOXED, Shape::Always))
    }

    /// A message or group field stored as `Option<M>`.
    pub const fn message_option<M: Message>(info: FieldInfo, field: FieldOffset<S, Option<M>>) -> Entry<S> {
        Entry::of(message_desc(info, field.offset, OpsOf::<M>::OPTION, Shape::Optional))
    }

    /// A message field stored as `Option<Box<M>>`.
    pub const fn message_option_boxed<M: Message>(info: FieldInfo, field: FieldOffset<S, Option<Box<M>>>) -> Entry<S> {
        Entry::of(message_desc(info, field.offset, OpsOf::<M>::OPTION_BOX, Shape::Optional))
    }

    /// A repeated message or group field stored as `Vec<M>`.
    pub const fn message_vec<M: Message>(info: FieldInfo, field: FieldOffset<S, Vec<M>>) -> Entry<S> {
        Entry::of(message_desc(info, field.offset, OpsOf::<M>::VEC, Shape::Repeated))
    }

    /// A map field; `key` and `value` are the protobuf kinds of its keys and
    /// values (`Kind::Message` for message values).
    ///
    /// # Panics
    ///
    /// At compile time, if a kind does not fit the map's Rust key or value type.
    pub const fn map<T: MapStorage>(info: FieldInfo, key: Kind, value: Kind, field: FieldOffset<S, T>) -> Entry<S> {
        assert!(!matches!(value, Kind::Enum), "protowire: maps of enums are declared with Entry::map_enum");
        Entry::of(map_desc::<T>(info, key, value, field.offset))
    }

    /// A map field whose values are enum `E`, stored as `i32`.
    pub const fn map_enum<T: MapStorage, E: Enumeration>(
        info: FieldInfo,
        key: Kind,
        field: FieldOffset<S, T>,
    ) -> Entry<S> {
        let mut d = map_desc::<T>(info, key, Kind::Enum, field.offset);
        d.enumeration = Some(EnumOpsOf::<E>::OPS);
        Entry::of(d)
    }

    /// For a map field: writes and reads each entry as prost does. Writing
    /// leaves out a key or value equal to its default (zero, empty, or a
    /// message that encodes to nothing); other implementations write both
    /// parts always, and both forms decode the same. Reading merges an entry
    /// that holds fields besides its key and value, ignoring them, where
    /// protowire otherwise keeps such an entry whole as an unknown field.
    /// The prost facade's derive sets it.
    ///
    /// # Panics
    ///
    /// At compile time, if the field is not a map.
    pub const fn prost_map_entries(mut self) -> Entry<S> {
        assert!(self.desc.map.is_some(), "protowire: prost_map_entries applies to map fields");
        self.desc.prost_map_entries = true;
        self
    }
}

const fn map_desc<T: MapStorage>(mut info: FieldInfo, key: Kind, value: Kind, offset: u32) -> FieldDesc {
    assert!(matches!(info.cardinality, Cardinality::Map), "protowire: a map field needs cardinality Map");
    assert!(
        !matches!(key, Kind::Float | Kind::Double | Kind::Bytes | Kind::Message | Kind::Group | Kind::Enum),
        "protowire: a map key must be an integer, bool or string kind"
    );
    assert!(!matches!(value, Kind::Group), "protowire: a map value cannot be a group");
    let ops = T::OPS;
    if let Some(message) = ops.value_message {
        info.message_table = Some(message.table);
    }
    FieldDesc {
        info,
        offset,
        shape: Shape::Map,
        value: value_of(value, ops.value.base),
        key: value_of(key, ops.key.base),
        stored: Stored::new(ops.value.base, Container::Map),
        message: ops.value_message,
        map: Some(ops),
        enumeration: None,
        prost_map_entries: false,
    }
}

/// One member of a oneof enum, as `#[derive(Oneof)]` declares it. The
/// variant constructor passed to each constructor fixes the value's type.
#[derive(Clone, Copy)]
pub struct Member {
    pub(crate) desc: FieldDesc,
}

impl Member {
    const fn of(info: FieldInfo, stored: Stored) -> FieldDesc {
        assert_member(&info);
        desc(info, 0, stored, Shape::Oneof)
    }

    /// A scalar, string or bytes member holding a `T`.
    pub const fn scalar<E, T: ScalarValue>(info: FieldInfo, variant: fn(T) -> E) -> Member {
        let _ = variant;
        assert!(!matches!(info.kind, Kind::Enum), "protowire: enum members are declared with Member::enumeration");
        Member { desc: Member::of(info, Stored::new(T::BASE, Container::Plain)) }
    }

    /// An enum member of enum type `En`, holding an `i32`.
    pub const fn enumeration<E, En: Enumeration>(info: FieldInfo, variant: fn(i32) -> E) -> Member {
        let _ = variant;
        let mut desc = Member::of(info, Stored::new(Base::I32, Container::Plain));
        desc.enumeration = Some(EnumOpsOf::<En>::OPS);
        Member { desc }
    }

    /// A message or group member holding an `M`.
    pub const fn message<E, M: Message>(info: FieldInfo, variant: fn(M) -> E) -> Member {
        let _ = variant;
        Member::message_with(info, OpsOf::<M>::PLAIN)
    }

    /// A message member holding a `Box<M>`.
    pub const fn message_boxed<E, M: Message>(info: FieldInfo, variant: fn(Box<M>) -> E) -> Member {
        let _ = variant;
        Member::message_with(info, OpsOf::<M>::BOXED)
    }

    const fn message_with(info: FieldInfo, ops: &'static MessageOps) -> Member {
        assert_member(&info);
        Member { desc: message_desc(info, 0, ops, Shape::Oneof) }
    }
}

const fn assert_member(info: &FieldInfo) {
    assert!(matches!(info.cardinality, Cardinality::Oneof), "protowire: a oneof member needs cardinality Oneof");
}

/// A struct field of `S` holding a oneof (`Option<E>`).
///
/// `repr(transparent)`, as [`Entry`].
#[repr(transparent)]
pub struct OneofField<S> {
    pub(crate) spec: OneofSpec,
    _s: PhantomData<fn(&S)>,
}

/// A oneof field, type-erased.
#[derive(Clone, Copy)]
pub(crate) struct OneofSpec {
    pub(crate) offset: u32,
    pub(crate) ops: &'static OneofOps,
}

impl<S> OneofField<S> {
    /// The oneof at `field`.
    pub const fn new<E: Oneof>(field: FieldOffset<S, Option<E>>) -> OneofField<S> {
        OneofField { spec: OneofSpec { offset: field.offset, ops: OneofOpsOf::<E>::OPS }, _s: PhantomData }
    }
}

/// What generated code declares about message type `S`, as `static` data.
pub struct MessageSpec<S: 'static> {
    pub(crate) erased: ErasedSpec,
    _s: PhantomData<fn(&S)>,
}

/// A message spec without its type: what the table builder reads. Erased
/// when the spec is made (at compile time), so that no code on the way from
/// a spec to its table is compiled once per message type: a few hundred
/// types' worth of such code was most of a generated crate's build time.
pub(crate) struct ErasedSpec {
    pub(crate) full_name: &'static str,
    pub(crate) fields: &'static [FieldDesc],
    pub(crate) oneofs: &'static [OneofSpec],
    pub(crate) unknown: Option<u32>,
    pub(crate) type_id: TypeId,
    pub(crate) new_dyn: fn(&'static super::MessageTable) -> Box<dyn DynMessage>,
}

fn new_dyn<M: Message>(_: &'static super::MessageTable) -> Box<dyn DynMessage> {
    Box::new(M::default())
}

impl<S: Message> MessageSpec<S> {
    /// A message called `full_name` (`package.Outer.Inner`) with these fields
    /// (in any order), oneofs and unknown-field store (without one, unknown
    /// fields are dropped). `abi` is the [`ABI_VERSION`] the code was
    /// generated for.
    ///
    /// # Panics
    ///
    /// At compile time, if `abi` is not this runtime's.
    pub const fn new(
        abi: u32,
        full_name: &'static str,
        fields: &'static [Entry<S>],
        oneofs: &'static [OneofField<S>],
        unknown: Option<FieldOffset<S, UnknownFields>>,
    ) -> MessageSpec<S> {
        assert!(abi == ABI_VERSION, "protowire: generated for another version of the runtime; regenerate the code");
        let erased = ErasedSpec {
            full_name,
            fields: erase_entries(fields),
            oneofs: erase_oneofs(oneofs),
            unknown: match unknown {
                Some(field) => Some(field.offset),
                None => None,
            },
            type_id: TypeId::of::<S>(),
            new_dyn: new_dyn::<S>,
        };
        MessageSpec { erased, _s: PhantomData }
    }
}

/// Fails compilation (when used in a constant) unless the numbers a message
/// lists for a oneof field are the oneof enum's members'.
///
/// # Panics
///
/// At compile time, on a mismatch.
pub const fn assert_oneof_numbers(members: &[Member], listed: &[u32]) {
    let mut same = members.len() == listed.len();
    let mut i = 0;
    while same && i < members.len() {
        let mut found = false;
        let mut j = 0;
        while j < listed.len() {
            if listed[j] == members[i].desc.info.number {
                found = true;
            }
            j += 1;
        }
        same = found;
        i += 1;
    }
    assert!(same, "the numbers in #[proto(oneof = \"...\")] differ from the oneof enum's #[proto(N)] numbers");
}
