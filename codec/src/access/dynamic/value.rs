//! The values dynamic messages hold where generated code would have an enum
//! or a map type of its own: map keys and values, oneof members; and the
//! public [`Value`] of a field.

use std::collections::BTreeMap;

use super::super::ops::MessageOps;
use super::DynamicMessage;
use crate::table::Base;

/// A value of a dynamic message's field.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// `bool`
    Bool(bool),
    /// `int32`, `sint32`, `sfixed32`
    I32(i32),
    /// `int64`, `sint64`, `sfixed64`
    I64(i64),
    /// `uint32`, `fixed32`
    U32(u32),
    /// `uint64`, `fixed64`
    U64(u64),
    /// `float`
    F32(f32),
    /// `double`
    F64(f64),
    /// `string`
    String(String),
    /// `bytes`
    Bytes(Vec<u8>),
    /// An enum value, by number.
    EnumNumber(i32),
    /// A message or group.
    Message(DynamicMessage),
    /// A repeated field's values.
    List(Vec<Value>),
    /// A map field's entries.
    Map(BTreeMap<MapKey, Value>),
}

/// A key of a map field.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum MapKey {
    /// `bool`
    Bool(bool),
    /// `int32`, `sint32`, `sfixed32`
    I32(i32),
    /// `int64`, `sint64`, `sfixed64`
    I64(i64),
    /// `uint32`, `fixed32`
    U32(u32),
    /// `uint64`, `fixed64`
    U64(u64),
    /// `string`
    String(String),
}

/// The Rust storage of a map field of a dynamic type.
pub(crate) type DynMap = BTreeMap<MapKey, Value>;

/// The Rust storage of a oneof of a dynamic type (in an `Option`): the
/// member set and its value.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct DynOneof {
    pub(crate) number: u32,
    pub(crate) value: Value,
}

/// A member of a dynamic oneof, as its ops know it.
#[derive(Clone, Copy)]
pub(crate) struct DynMember {
    pub(crate) number: u32,
    pub(crate) base: Base,
    pub(crate) message: Option<&'static MessageOps>,
}

impl Value {
    /// The default value of a map value or oneof member stored as `base`.
    pub(super) fn default_of(base: Base, message: Option<&'static MessageOps>) -> Value {
        match base {
            Base::I32 => Value::I32(0),
            Base::I64 => Value::I64(0),
            Base::U32 => Value::U32(0),
            Base::U64 => Value::U64(0),
            Base::F32 => Value::F32(0.0),
            Base::F64 => Value::F64(0.0),
            Base::Bool => Value::Bool(false),
            Base::String => Value::String(String::new()),
            Base::VecU8 => Value::Bytes(Vec::new()),
            Base::Message => match message {
                Some(ops) => Value::Message(DynamicMessage::of_table(ops.table())),
                None => panic!("protowire: a dynamic message value without its type"),
            },
            other => panic!("protowire: dynamic messages do not store {other:?}"),
        }
    }

    /// Whether the value is stored as `base` (and, for a message, is of the
    /// type of `message`).
    pub(crate) fn fits(&self, base: Base, message: Option<&'static MessageOps>) -> bool {
        match (self, base) {
            (Value::I32(_) | Value::EnumNumber(_), Base::I32)
            | (Value::I64(_), Base::I64)
            | (Value::U32(_), Base::U32)
            | (Value::U64(_), Base::U64)
            | (Value::F32(_), Base::F32)
            | (Value::F64(_), Base::F64)
            | (Value::Bool(_), Base::Bool)
            | (Value::String(_), Base::String)
            | (Value::Bytes(_), Base::VecU8) => true,
            (Value::Message(m), Base::Message) => message.is_some_and(|ops| std::ptr::eq(m.table, ops.table())),
            _ => false,
        }
    }

    /// The address of the value as stored as `base`.
    ///
    /// # Panics
    ///
    /// If the value is not stored as `base`.
    pub(super) fn payload(&self, base: Base) -> *const u8 {
        match (self, base) {
            (Value::I32(v) | Value::EnumNumber(v), Base::I32) => (v as *const i32).cast(),
            (Value::I64(v), Base::I64) => (v as *const i64).cast(),
            (Value::U32(v), Base::U32) => (v as *const u32).cast(),
            (Value::U64(v), Base::U64) => (v as *const u64).cast(),
            (Value::F32(v), Base::F32) => (v as *const f32).cast(),
            (Value::F64(v), Base::F64) => (v as *const f64).cast(),
            (Value::Bool(v), Base::Bool) => (v as *const bool).cast(),
            (Value::String(v), Base::String) => (v as *const String).cast(),
            (Value::Bytes(v), Base::VecU8) => (v as *const Vec<u8>).cast(),
            (Value::Message(v), Base::Message) => (v as *const DynamicMessage).cast(),
            _ => panic!("protowire: dynamic value of the wrong type"),
        }
    }

    /// As `payload`, to write.
    pub(super) fn payload_mut(&mut self, base: Base) -> *mut u8 {
        self.payload(base).cast_mut()
    }
}

impl MapKey {
    pub(super) fn default_of(base: Base) -> MapKey {
        match base {
            Base::I32 => MapKey::I32(0),
            Base::I64 => MapKey::I64(0),
            Base::U32 => MapKey::U32(0),
            Base::U64 => MapKey::U64(0),
            Base::Bool => MapKey::Bool(false),
            Base::String => MapKey::String(String::new()),
            other => panic!("protowire: a map key cannot be stored as {other:?}"),
        }
    }

    /// Whether the key is stored as `base`.
    pub(crate) fn fits(&self, base: Base) -> bool {
        matches!(
            (self, base),
            (MapKey::I32(_), Base::I32)
                | (MapKey::I64(_), Base::I64)
                | (MapKey::U32(_), Base::U32)
                | (MapKey::U64(_), Base::U64)
                | (MapKey::Bool(_), Base::Bool)
                | (MapKey::String(_), Base::String)
        )
    }

    /// # Panics
    ///
    /// If the key is not stored as `base`.
    pub(super) fn payload(&self, base: Base) -> *const u8 {
        match (self, base) {
            (MapKey::I32(v), Base::I32) => (v as *const i32).cast(),
            (MapKey::I64(v), Base::I64) => (v as *const i64).cast(),
            (MapKey::U32(v), Base::U32) => (v as *const u32).cast(),
            (MapKey::U64(v), Base::U64) => (v as *const u64).cast(),
            (MapKey::Bool(v), Base::Bool) => (v as *const bool).cast(),
            (MapKey::String(v), Base::String) => (v as *const String).cast(),
            _ => panic!("protowire: dynamic map key of the wrong type"),
        }
    }
}
