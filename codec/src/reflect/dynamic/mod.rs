//! Dynamic messages: messages of any type a [`DescriptorPool`] describes,
//! without generated code, on tables built at run time and driven by the
//! same engine as generated types (binary, JSON and text format alike).
//!
//! ```
//! use protowire::reflect::{DescriptorPool, DynamicMessage, Value};
//! use protowire::types::field_descriptor_proto::{Label, Type};
//! use protowire::types::{DescriptorProto, FieldDescriptorProto, FileDescriptorProto, FileDescriptorSet};
//!
//! // `message Point { sint32 x = 1; sint32 y = 2; }`, as protoc or
//! // protowire-codegen would describe it.
//! let field = |name: &str, number| FieldDescriptorProto {
//!     name: Some(name.into()),
//!     number: Some(number),
//!     label: Some(Label::Optional as i32),
//!     r#type: Some(Type::Sint32 as i32),
//!     ..Default::default()
//! };
//! let file = FileDescriptorProto {
//!     name: Some("point.proto".into()),
//!     package: Some("demo".into()),
//!     syntax: Some("proto3".into()),
//!     message_type: vec![DescriptorProto {
//!         name: Some("Point".into()),
//!         field: vec![field("x", 1), field("y", 2)],
//!         ..Default::default()
//!     }],
//!     ..Default::default()
//! };
//! let mut pool = DescriptorPool::new();
//! pool.add_file_descriptor_set(FileDescriptorSet { file: vec![file], ..Default::default() })?;
//! let point = pool.get_message_by_name("demo.Point").unwrap();
//!
//! let mut message = DynamicMessage::new(point.clone());
//! message.set_field_by_name("x", Value::I32(-1))?;
//! message.set_field_by_name("y", Value::I32(2))?;
//! let bytes = message.encode_to_vec()?;
//! assert_eq!(bytes, [0x08, 0x01, 0x10, 0x04]);
//! assert_eq!(protowire::json::to_string_dyn(&message, &Default::default())?, r#"{"x":-1,"y":2}"#);
//!
//! let decoded = DynamicMessage::decode(point, &bytes[..])?;
//! assert_eq!(decoded.get_field_by_name("y"), Some(Value::I32(2)));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub(crate) mod build;
mod value;

use bytes::{Buf, BufMut};

pub use crate::access::dynamic::{DynamicMessage, MapKey, Value};
pub use value::{ConversionError, SetFieldError};

use super::{FieldDescriptor, MessageDescriptor};
use crate::access::dynamic::{CellType, DynOneof};
use crate::decode::{self, DecodeOptions};
use crate::encode;
use crate::engine;
use crate::error::{DecodeError, EncodeError, MissingFieldError};
use crate::message::Message;
use crate::registry::DynMessage;
use crate::table::{Base, Shape, Slot};
use crate::unknown::UnknownFields;

impl DynMessage for DynamicMessage {
    fn __dyn_table(&self) -> &'static crate::table::MessageTable {
        self.table()
    }

    fn __rust_type_name(&self) -> &'static str {
        "protowire::reflect::DynamicMessage"
    }

    fn __dyn_data(&self) -> std::ptr::NonNull<u8> {
        self.data()
    }

    fn __dyn_data_mut(&mut self) -> std::ptr::NonNull<u8> {
        // The data pointer is shared by `&self` and `&mut self` alike; the
        // exclusive borrow of `self` is what makes writing through it sound.
        self.data()
    }
}

impl DynamicMessage {
    /// A message of type `descriptor` with every field at its default.
    ///
    /// The first message of a pool builds the tables of all the pool's types;
    /// they stay in memory for the rest of the program (as generated types'
    /// tables do), so make the pool once and keep it. Pools with the same
    /// files share their tables.
    ///
    /// Messages of pools with different files are of different types, even
    /// where a type of the same name is in both: one cannot be set into a
    /// field of the other, and they are never `==`. That includes snapshots
    /// of [`global`](crate::reflect::global) taken before and after a
    /// package's `register_types()`: register first, then make messages.
    pub fn new(descriptor: MessageDescriptor) -> DynamicMessage {
        DynamicMessage::of_table(super::dynamic_table(&descriptor))
    }

    /// Decodes a message of type `descriptor`.
    ///
    /// # Errors
    ///
    /// As [`Message::decode`]: malformed input, a missing required field, a
    /// limit of [`DecodeOptions`] exceeded.
    pub fn decode<B: Buf>(descriptor: MessageDescriptor, buf: B) -> Result<DynamicMessage, DecodeError> {
        DynamicMessage::decode_with_options(descriptor, buf, &DecodeOptions::new())
    }

    /// Decodes a message of type `descriptor` with `options`.
    ///
    /// # Errors
    ///
    /// As [`decode`](Self::decode).
    pub fn decode_with_options<B: Buf>(
        descriptor: MessageDescriptor,
        buf: B,
        options: &DecodeOptions,
    ) -> Result<DynamicMessage, DecodeError> {
        let mut message = DynamicMessage::new(descriptor);
        decode::merge_buf(message.as_mut(), buf, options, true)?;
        Ok(message)
    }

    /// Decodes a length-delimited message of type `descriptor`.
    ///
    /// # Errors
    ///
    /// As [`Message::decode_length_delimited`].
    pub fn decode_length_delimited<B: Buf>(
        descriptor: MessageDescriptor,
        buf: B,
    ) -> Result<DynamicMessage, DecodeError> {
        let mut message = DynamicMessage::new(descriptor);
        decode::merge_length_delimited(message.as_mut(), buf, &DecodeOptions::new(), true)?;
        Ok(message)
    }

    /// Merges encoded bytes into the message.
    ///
    /// # Errors
    ///
    /// As [`Message::merge`].
    pub fn merge<B: Buf>(&mut self, buf: B) -> Result<(), DecodeError> {
        decode::merge_buf(self.as_mut(), buf, &DecodeOptions::new(), false)
    }

    /// Merges encoded bytes into the message with `options`.
    ///
    /// # Errors
    ///
    /// As [`Message::merge`].
    pub fn merge_with_options<B: Buf>(&mut self, buf: B, options: &DecodeOptions) -> Result<(), DecodeError> {
        decode::merge_buf(self.as_mut(), buf, options, false)
    }

    /// The message's type.
    pub fn descriptor(&self) -> MessageDescriptor {
        self.layout().descriptor.clone()
    }

    /// The encoded length in bytes.
    pub fn encoded_len(&self) -> usize {
        engine::message_size(self.as_ref())
    }

    /// Encodes the message into `buf`.
    ///
    /// # Errors
    ///
    /// As [`Message::encode`].
    pub fn encode<B: BufMut + ?Sized>(&self, buf: &mut B) -> Result<(), EncodeError> {
        encode::encode_to_buf(self.as_ref(), buf, true, false)
    }

    /// Encodes the message into a new vector.
    ///
    /// # Errors
    ///
    /// As [`Message::encode_to_vec`].
    pub fn encode_to_vec(&self) -> Result<Vec<u8>, EncodeError> {
        encode::encode_to_vec(self.as_ref(), true, false)
    }

    /// Encodes the message into a new vector without checking required
    /// fields.
    ///
    /// # Errors
    ///
    /// As [`Message::encode_partial_to_vec`].
    pub fn encode_partial_to_vec(&self) -> Result<Vec<u8>, EncodeError> {
        encode::encode_to_vec(self.as_ref(), false, false)
    }

    /// Encodes the message with its length in front.
    ///
    /// # Errors
    ///
    /// As [`Message::encode_length_delimited`].
    pub fn encode_length_delimited<B: BufMut + ?Sized>(&self, buf: &mut B) -> Result<(), EncodeError> {
        encode::encode_to_buf(self.as_ref(), buf, true, true)
    }

    /// Checks that every required field, here and in nested messages, is set.
    ///
    /// # Errors
    ///
    /// A [`MissingFieldError`] naming the first missing field's path.
    pub fn check_initialized(&self) -> Result<(), MissingFieldError> {
        encode::check_initialized(self.as_ref())
    }

    /// Resets every field and forgets the unknown fields.
    pub fn clear(&mut self) {
        *self = DynamicMessage::of_table(self.table());
    }

    /// The fields the message holds that its type does not declare.
    pub fn unknown_fields(&self) -> &UnknownFields {
        self.as_ref().unknown().expect("dynamic types keep unknown fields")
    }

    /// As [`unknown_fields`](Self::unknown_fields), to change them.
    pub fn unknown_fields_mut(&mut self) -> &mut UnknownFields {
        self.as_mut().into_unknown().expect("dynamic types keep unknown fields")
    }

    /// A dynamic copy of a generated message (of the type
    /// [`Message::descriptor`] describes), through its encoding. Required
    /// fields need not be set.
    ///
    /// # Errors
    ///
    /// A type without an embedded descriptor (a hand-written derive), or a
    /// message too large to encode.
    pub fn from_message<M: Message>(message: &M) -> Result<DynamicMessage, ConversionError> {
        let descriptor = M::descriptor().ok_or(ConversionError::NoDescriptor(M::full_name()))?;
        let bytes = message.encode_partial_to_vec().map_err(ConversionError::Encode)?;
        let mut dynamic = DynamicMessage::new(descriptor);
        let options = DecodeOptions::new().check_required(false);
        decode::merge_slice(dynamic.as_mut(), &bytes, &options, true).map_err(ConversionError::Decode)?;
        Ok(dynamic)
    }

    /// The message as generated type `M`, through its encoding. Required
    /// fields need not be set.
    ///
    /// # Errors
    ///
    /// A message whose type's full name is not `M`'s, or one `M` does not
    /// accept (a string field that `M` checks for UTF-8 holding other bytes).
    pub fn to_message<M: Message>(&self) -> Result<M, ConversionError> {
        let from = self.table().full_name;
        if from != M::full_name() {
            return Err(ConversionError::WrongType { from, to: M::full_name() });
        }
        let bytes = encode::encode_to_vec(self.as_ref(), false, false).map_err(ConversionError::Encode)?;
        M::decode_partial(&bytes[..]).map_err(ConversionError::Decode)
    }

    /// The slot of `field`.
    ///
    /// # Panics
    ///
    /// If `field` is not a field of this message's type.
    fn slot(&self, field: &FieldDescriptor) -> &'static Slot {
        let table = self.table();
        let ours =
            !field.is_extension() && field.containing_message().is_some_and(|m| m.full_name() == table.full_name);
        let index = ours.then(|| table.find(field.number(), 0)).flatten();
        match index {
            Some(i) => &table.slots[i],
            None => panic!("protowire: {} is not a field of {}", field.full_name(), table.full_name),
        }
    }

    fn field_named(&self, name: &str) -> Option<FieldDescriptor> {
        self.descriptor().get_field_by_name(name)
    }

    /// Whether the field is set: present (fields with presence), not at its
    /// default (implicit presence), not empty (repeated fields and maps), the
    /// member set (oneof members).
    ///
    /// # Panics
    ///
    /// If `field` is not a field of this message's type.
    pub fn has_field(&self, field: &FieldDescriptor) -> bool {
        let slot = self.slot(field);
        match self.read(slot) {
            None => false,
            Some(Value::List(v)) => !v.is_empty(),
            Some(Value::Map(v)) => !v.is_empty(),
            Some(v) if slot.shape == Shape::Implicit => !value::is_zero(&v),
            Some(_) => true,
        }
    }

    /// The field's value; its default when it is not set (the declared
    /// `[default = ...]`, zero, empty, or an empty message).
    ///
    /// # Panics
    ///
    /// If `field` is not a field of this message's type.
    pub fn get_field(&self, field: &FieldDescriptor) -> Value {
        let slot = self.slot(field);
        self.read(slot).unwrap_or_else(|| value::default_of(field))
    }

    /// Sets the field. Setting a oneof member unsets the others.
    ///
    /// # Errors
    ///
    /// A value of a type the field does not hold (a message of another type
    /// included), or a number a closed enum does not declare.
    ///
    /// # Panics
    ///
    /// If `field` is not a field of this message's type.
    pub fn set_field(&mut self, field: &FieldDescriptor, value: Value) -> Result<(), SetFieldError> {
        let slot = self.slot(field);
        value::check(slot, &value).map_err(|why| SetFieldError::new(field.full_name(), why))?;
        self.write(slot, value);
        Ok(())
    }

    /// Unsets the field (for a oneof member, only if it is the one set).
    ///
    /// # Panics
    ///
    /// If `field` is not a field of this message's type.
    pub fn clear_field(&mut self, field: &FieldDescriptor) {
        let slot = self.slot(field);
        self.clear_slot(slot);
    }

    /// As [`has_field`](Self::has_field), by name; `false` for a name the
    /// type does not declare.
    pub fn has_field_by_name(&self, name: &str) -> bool {
        self.field_named(name).is_some_and(|f| self.has_field(&f))
    }

    /// As [`get_field`](Self::get_field), by name; `None` for a name the
    /// type does not declare.
    pub fn get_field_by_name(&self, name: &str) -> Option<Value> {
        self.field_named(name).map(|f| self.get_field(&f))
    }

    /// As [`set_field`](Self::set_field), by name.
    ///
    /// # Errors
    ///
    /// As [`set_field`](Self::set_field), and a name the type does not declare.
    pub fn set_field_by_name(&mut self, name: &str, value: Value) -> Result<(), SetFieldError> {
        let field = self
            .field_named(name)
            .ok_or_else(|| SetFieldError::new(format!("{}.{name}", self.table().full_name), "no such field".into()))?;
        self.set_field(&field, value)
    }

    /// As [`clear_field`](Self::clear_field), by name; nothing for a name the
    /// type does not declare.
    pub fn clear_field_by_name(&mut self, name: &str) {
        if let Some(field) = self.field_named(name) {
            self.clear_field(&field);
        }
    }

    /// The fields that are set, with their values, by field number.
    pub fn fields(&self) -> impl Iterator<Item = (FieldDescriptor, Value)> + '_ {
        let descriptor = self.descriptor();
        let mut set: Vec<(FieldDescriptor, Value)> =
            descriptor.fields().filter(|f| self.has_field(f)).map(|f| (f.clone(), self.get_field(&f))).collect();
        set.sort_by_key(|(f, _)| f.number());
        set.into_iter()
    }

    /// The slot's value; `None` when a field with presence is not set.
    fn read(&self, slot: &'static Slot) -> Option<Value> {
        let is_enum = slot.value == crate::table::Value::Enum;
        if slot.shape == Shape::Oneof {
            let oneof = self.oneof_cell(slot).as_ref().filter(|o| o.number == slot.number)?;
            return Some(value::enum_number(oneof.value.clone(), is_enum));
        }
        if slot.shape == Shape::Map {
            let map = self.map_cell(slot);
            return Some(Value::Map(
                map.iter().map(|(k, v)| (k.clone(), value::enum_number(v.clone(), is_enum))).collect(),
            ));
        }
        match self.cell_type(slot) {
            CellType::Inline => self.inline_get(slot).map(Value::Message),
            CellType::Elements => Some(Value::List(self.elements_get(slot).into_iter().map(Value::Message).collect())),
            CellType::Message => self.message_cell(slot).clone().map(Value::Message),
            _ => value::read_scalar(self.as_ref(), slot, is_enum),
        }
    }

    /// Stores a value `value::check` accepted for the slot.
    fn write(&mut self, slot: &'static Slot, value: Value) {
        if slot.shape == Shape::Oneof {
            *self.oneof_cell_mut(slot) = Some(DynOneof { number: slot.number, value });
            return;
        }
        match value {
            Value::Map(map) if slot.shape == Shape::Map => *self.map_cell_mut(slot) = map,
            Value::List(list) if slot.stored.base == Base::Message => {
                let messages =
                    list.into_iter().filter_map(|v| if let Value::Message(m) = v { Some(m) } else { None }).collect();
                self.elements_set(slot, messages);
            }
            Value::Message(m) if self.cell_type(slot) == CellType::Inline => self.inline_set(slot, Some(m)),
            Value::Message(m) => *self.message_cell_mut(slot) = Some(m),
            value => value::write_scalar(self.as_mut(), slot, value),
        }
    }

    fn clear_slot(&mut self, slot: &'static Slot) {
        if slot.shape == Shape::Oneof {
            let oneof = self.oneof_cell_mut(slot);
            if oneof.as_ref().is_some_and(|o| o.number == slot.number) {
                *oneof = None;
            }
        } else if slot.shape == Shape::Map {
            self.map_cell_mut(slot).clear();
        } else if slot.stored.base == Base::Message {
            match self.cell_type(slot) {
                CellType::Inline => self.inline_set(slot, None),
                CellType::Elements => self.elements_clear(slot),
                _ => *self.message_cell_mut(slot) = None,
            }
        } else {
            value::clear_scalar(self.as_mut(), slot);
        }
    }
}

impl std::fmt::Debug for DynamicMessage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut s = f.debug_struct(self.table().full_name);
        for (field, value) in self.fields() {
            s.field(field.name(), &value);
        }
        s.finish()
    }
}

impl PartialEq for DynamicMessage {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self.table(), other.table())
            && self.table().slots.iter().all(|slot| self.read(slot) == other.read(slot))
            && self.unknown_fields() == other.unknown_fields()
    }
}
