//! Values of dynamic messages' fields: checking a value against a field,
//! reading and writing scalar cells through the engine's typed access,
//! defaults, and the errors.

use std::fmt;

use super::super::FieldDescriptor;
use super::{DynamicMessage, Value};
use crate::access::{MsgMut, MsgRef};
use crate::error::{DecodeError, EncodeError};
use crate::table::{Base, Container, Kind, ScalarValue, Shape, Slot, Storage};

/// A value that does not fit the field it was set on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SetFieldError {
    field: String,
    why: String,
}

impl SetFieldError {
    pub(super) fn new(field: String, why: String) -> SetFieldError {
        SetFieldError { field, why }
    }
}

impl fmt::Display for SetFieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cannot set {}: {}", self.field, self.why)
    }
}

impl std::error::Error for SetFieldError {}

/// A conversion between a generated message and a dynamic one that failed.
#[derive(Debug)]
#[non_exhaustive]
pub enum ConversionError {
    /// The generated type embeds no descriptor (a hand-written derive);
    /// carries its full name.
    NoDescriptor(&'static str),
    /// The dynamic message is of another type.
    WrongType {
        /// The dynamic message's type.
        from: &'static str,
        /// The type asked for.
        to: &'static str,
    },
    /// The message could not be encoded.
    Encode(EncodeError),
    /// The encoding did not decode as the other type.
    Decode(DecodeError),
}

impl fmt::Display for ConversionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConversionError::NoDescriptor(name) => write!(f, "{name} has no descriptor in the global pool"),
            ConversionError::WrongType { from, to } => write!(f, "a {from} cannot become a {to}"),
            ConversionError::Encode(e) => write!(f, "{e}"),
            ConversionError::Decode(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for ConversionError {}

/// Enum fields' values read as numbers of the enum.
pub(super) fn enum_number(value: Value, is_enum: bool) -> Value {
    match value {
        Value::I32(v) if is_enum => Value::EnumNumber(v),
        other => other,
    }
}

/// Whether a scalar is its kind's zero (`-0.0` is not: it is written).
pub(super) fn is_zero(value: &Value) -> bool {
    match value {
        Value::Bool(v) => !v,
        Value::I32(v) | Value::EnumNumber(v) => *v == 0,
        Value::I64(v) => *v == 0,
        Value::U32(v) => *v == 0,
        Value::U64(v) => *v == 0,
        Value::F32(v) => v.to_bits() == 0,
        Value::F64(v) => v.to_bits() == 0,
        Value::String(v) => v.is_empty(),
        Value::Bytes(v) => v.is_empty(),
        Value::Message(_) => false,
        Value::List(v) => v.is_empty(),
        Value::Map(v) => v.is_empty(),
    }
}

/// Whether one value fits a slot's element: its storage, its message type,
/// and a closed enum's declared numbers.
fn fits_element(slot: &'static Slot, value: &Value) -> Result<(), String> {
    if !value.fits(slot.stored.base, slot.message) {
        return Err(format!("{} does not hold {}", describe(slot), variant(value)));
    }
    if let (Value::I32(n) | Value::EnumNumber(n), Some(e)) = (value, slot.enumeration)
        && e.closed
        && !e.is_valid(*n)
    {
        return Err(format!("{n} is not a value of closed enum {}", e.full_name));
    }
    Ok(())
}

/// Whether `value` may be stored in the slot's field.
pub(super) fn check(slot: &'static Slot, value: &Value) -> Result<(), String> {
    match (slot.shape, value) {
        (Shape::Map, Value::Map(map)) => {
            let key = slot.map.map(|m| m.key.base);
            for (k, v) in map {
                if !key.is_some_and(|base| k.fits(base)) {
                    return Err(format!("map key {k:?} is not of the key type"));
                }
                fits_element(slot, v)?;
            }
            Ok(())
        }
        (Shape::Repeated | Shape::Packed, Value::List(list)) => list.iter().try_for_each(|v| fits_element(slot, v)),
        (Shape::Map | Shape::Repeated | Shape::Packed, other) => Err(format!(
            "{} holds a {}, not {}",
            describe(slot),
            if slot.shape == Shape::Map { "map" } else { "list" },
            variant(other)
        )),
        (_, Value::List(_) | Value::Map(_)) => {
            Err(format!("{} holds one value, not {}", describe(slot), variant(value)))
        }
        _ => fits_element(slot, value),
    }
}

fn describe(slot: &Slot) -> String {
    let kind = slot.value.kind();
    match slot.message {
        Some(ops) => format!("a field of message type {}", ops.table().full_name),
        None => format!("a field of kind {kind:?}"),
    }
}

fn variant(value: &Value) -> String {
    match value {
        Value::Message(m) => format!("a {} message", m.table().full_name),
        other => {
            let debug = format!("{other:?}");
            let name = debug.split('(').next().unwrap_or_default().to_owned();
            format!("a {name} value")
        }
    }
}

/// A scalar field's value; `None` when it has presence and is not set.
fn read_as<T>(msg: MsgRef<'_>, slot: &'static Slot, wrap: impl Fn(T) -> Value) -> Option<Value>
where
    T: ScalarValue + Clone,
    Option<T>: Storage,
    Vec<T>: Storage,
{
    match slot.stored.container {
        Container::Plain => Some(wrap(msg.value::<T>(slot).clone())),
        Container::Option => msg.value::<Option<T>>(slot).clone().map(wrap),
        _ => Some(Value::List(msg.value::<Vec<T>>(slot).iter().cloned().map(wrap).collect())),
    }
}

pub(super) fn read_scalar(msg: MsgRef<'_>, slot: &'static Slot, is_enum: bool) -> Option<Value> {
    match slot.stored.base {
        Base::I32 if is_enum => read_as::<i32>(msg, slot, Value::EnumNumber),
        Base::I32 => read_as::<i32>(msg, slot, Value::I32),
        Base::I64 => read_as::<i64>(msg, slot, Value::I64),
        Base::U32 => read_as::<u32>(msg, slot, Value::U32),
        Base::U64 => read_as::<u64>(msg, slot, Value::U64),
        Base::F32 => read_as::<f32>(msg, slot, Value::F32),
        Base::F64 => read_as::<f64>(msg, slot, Value::F64),
        Base::Bool => read_as::<bool>(msg, slot, Value::Bool),
        Base::String => read_as::<String>(msg, slot, Value::String),
        Base::VecU8 => read_as::<Vec<u8>>(msg, slot, Value::Bytes),
        other => panic!("protowire: dynamic messages do not store {other:?}"),
    }
}

fn write_as<T>(mut msg: MsgMut<'_>, slot: &'static Slot, value: Value, unwrap: impl Fn(Value) -> Option<T>)
where
    T: ScalarValue,
    Option<T>: Storage,
    Vec<T>: Storage,
{
    match (slot.stored.container, value) {
        (Container::Vec, Value::List(list)) => {
            *msg.value::<Vec<T>>(slot) = list.into_iter().filter_map(unwrap).collect()
        }
        (Container::Plain, value) => *msg.value::<T>(slot) = unwrap(value).unwrap_or_default(),
        (_, value) => *msg.value::<Option<T>>(slot) = unwrap(value),
    }
}

/// Stores a scalar value `check` accepted.
pub(super) fn write_scalar(msg: MsgMut<'_>, slot: &'static Slot, value: Value) {
    match slot.stored.base {
        Base::I32 => write_as(msg, slot, value, |v| match v {
            Value::I32(v) | Value::EnumNumber(v) => Some(v),
            _ => None,
        }),
        Base::I64 => write_as(msg, slot, value, |v| if let Value::I64(v) = v { Some(v) } else { None }),
        Base::U32 => write_as(msg, slot, value, |v| if let Value::U32(v) = v { Some(v) } else { None }),
        Base::U64 => write_as(msg, slot, value, |v| if let Value::U64(v) = v { Some(v) } else { None }),
        Base::F32 => write_as(msg, slot, value, |v| if let Value::F32(v) = v { Some(v) } else { None }),
        Base::F64 => write_as(msg, slot, value, |v| if let Value::F64(v) = v { Some(v) } else { None }),
        Base::Bool => write_as(msg, slot, value, |v| if let Value::Bool(v) = v { Some(v) } else { None }),
        Base::String => write_as(msg, slot, value, |v| if let Value::String(v) = v { Some(v) } else { None }),
        Base::VecU8 => write_as(msg, slot, value, |v| if let Value::Bytes(v) = v { Some(v) } else { None }),
        other => panic!("protowire: dynamic messages do not store {other:?}"),
    }
}

fn clear_as<T>(mut msg: MsgMut<'_>, slot: &'static Slot)
where
    T: ScalarValue,
    Option<T>: Storage,
    Vec<T>: Storage,
{
    match slot.stored.container {
        Container::Plain => *msg.value::<T>(slot) = T::default(),
        Container::Option => *msg.value::<Option<T>>(slot) = None,
        _ => msg.value::<Vec<T>>(slot).clear(),
    }
}

pub(super) fn clear_scalar(msg: MsgMut<'_>, slot: &'static Slot) {
    match slot.stored.base {
        Base::I32 => clear_as::<i32>(msg, slot),
        Base::I64 => clear_as::<i64>(msg, slot),
        Base::U32 => clear_as::<u32>(msg, slot),
        Base::U64 => clear_as::<u64>(msg, slot),
        Base::F32 => clear_as::<f32>(msg, slot),
        Base::F64 => clear_as::<f64>(msg, slot),
        Base::Bool => clear_as::<bool>(msg, slot),
        Base::String => clear_as::<String>(msg, slot),
        Base::VecU8 => clear_as::<Vec<u8>>(msg, slot),
        other => panic!("protowire: dynamic messages do not store {other:?}"),
    }
}

/// The value of a field that is not set: the declared default, else zero,
/// empty, or an empty message.
pub(super) fn default_of(field: &FieldDescriptor) -> Value {
    if field.is_map() {
        return Value::Map(Default::default());
    }
    if field.is_list() {
        return Value::List(Vec::new());
    }
    let declared = field.default_value();
    let kind = field.kind();
    let parse_float = |s: &str| -> Option<f64> {
        match s {
            "inf" => Some(f64::INFINITY),
            "-inf" => Some(f64::NEG_INFINITY),
            "nan" => Some(f64::NAN),
            s => s.parse().ok(),
        }
    };
    match kind {
        Kind::Message | Kind::Group => match field.message_type() {
            Some(m) => Value::Message(DynamicMessage::new(m)),
            None => Value::List(Vec::new()),
        },
        Kind::Enum => {
            let e = field.enum_type();
            let named = declared.and_then(|d| e.as_ref()?.get_value_by_name(d).map(|v| v.number));
            Value::EnumNumber(named.or_else(|| e.as_ref()?.values().next().map(|v| v.number)).unwrap_or(0))
        }
        Kind::Bool => Value::Bool(declared == Some("true")),
        Kind::String => Value::String(declared.unwrap_or_default().to_owned()),
        Kind::Bytes => Value::Bytes(declared.map(unescape).unwrap_or_default()),
        Kind::Float => Value::F32(declared.and_then(parse_float).unwrap_or(0.0) as f32),
        Kind::Double => Value::F64(declared.and_then(parse_float).unwrap_or(0.0)),
        Kind::Int32 | Kind::SInt32 | Kind::SFixed32 => Value::I32(declared.and_then(|d| d.parse().ok()).unwrap_or(0)),
        Kind::Int64 | Kind::SInt64 | Kind::SFixed64 => Value::I64(declared.and_then(|d| d.parse().ok()).unwrap_or(0)),
        Kind::UInt32 | Kind::Fixed32 => Value::U32(declared.and_then(|d| d.parse().ok()).unwrap_or(0)),
        Kind::UInt64 | Kind::Fixed64 => Value::U64(declared.and_then(|d| d.parse().ok()).unwrap_or(0)),
    }
}

/// A `bytes` default as descriptors write it: C escapes.
fn unescape(text: &str) -> Vec<u8> {
    let quoted = format!("\"{text}\"");
    match crate::text::lex::Lexer::new(quoted.as_bytes()).next() {
        Ok(Some(crate::text::lex::Token::Str(bytes))) => bytes,
        _ => text.as_bytes().to_vec(),
    }
}
