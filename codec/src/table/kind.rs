//! What a field holds (its kind), how many of it (its cardinality), and the
//! codes the engine dispatches on. The scalar value codes, their kinds, their
//! Rust storage and their codecs come from one list, [`scalar_values!`], so a
//! value cannot be added to one dispatch and forgotten in another.

use super::storage::Base;
use crate::wire::WireType;

/// The protobuf type of a field's values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Kind {
    /// `double`
    Double,
    /// `float`
    Float,
    /// `int64`
    Int64,
    /// `uint64`
    UInt64,
    /// `int32`
    Int32,
    /// `fixed64`
    Fixed64,
    /// `fixed32`
    Fixed32,
    /// `bool`
    Bool,
    /// `string`
    String,
    /// A group: a nested message framed by start- and end-group keys.
    Group,
    /// A nested message.
    Message,
    /// `bytes`
    Bytes,
    /// `uint32`
    UInt32,
    /// An enum, stored as its `i32` value.
    Enum,
    /// `sfixed32`
    SFixed32,
    /// `sfixed64`
    SFixed64,
    /// `sint32` (zigzag)
    SInt32,
    /// `sint64` (zigzag)
    SInt64,
}

impl Kind {
    /// The wire type of one value of this kind (not packed).
    pub const fn wire_type(self) -> WireType {
        match self {
            Kind::Double | Kind::Fixed64 | Kind::SFixed64 => WireType::I64,
            Kind::Float | Kind::Fixed32 | Kind::SFixed32 => WireType::I32,
            Kind::Int64
            | Kind::UInt64
            | Kind::Int32
            | Kind::Bool
            | Kind::UInt32
            | Kind::Enum
            | Kind::SInt32
            | Kind::SInt64 => WireType::Varint,
            Kind::String | Kind::Message | Kind::Bytes => WireType::Len,
            Kind::Group => WireType::StartGroup,
        }
    }

    /// Whether repeated fields of this kind may be packed (scalars and enums).
    pub const fn is_packable(self) -> bool {
        !matches!(self, Kind::String | Kind::Bytes | Kind::Message | Kind::Group)
    }
}

/// How many values a field holds and how its presence is tracked.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Cardinality {
    /// proto3 singular scalar without `optional`: absent means the default
    /// value, and the default value is not written.
    Implicit,
    /// A singular field with presence (`optional`, messages, proto2).
    Optional,
    /// A proto2 `required` field.
    Required,
    /// A repeated field written as one length-delimited run.
    Packed,
    /// A repeated field written one key per value.
    Repeated,
    /// A `map<K, V>` field.
    Map,
    /// A member of a `oneof`.
    Oneof,
}

/// The one list of scalar values: the value code, the protobuf kind, the Rust
/// storage and the runtime codec. Every dispatch over scalar values is
/// generated from it by the macro passed in.
macro_rules! scalar_values {
    ($($then:ident)::+ ! $(($($extra:tt)*))?) => {
        $($then)::+! {
            $($($extra)*)?
            Int32 Int32 I32 Int32,
            Int64 Int64 I64 Int64,
            UInt32 UInt32 U32 UInt32,
            UInt64 UInt64 U64 UInt64,
            SInt32 SInt32 I32 SInt32,
            SInt64 SInt64 I64 SInt64,
            Fixed32 Fixed32 U32 Fixed32,
            Fixed64 Fixed64 U64 Fixed64,
            SFixed32 SFixed32 I32 SFixed32,
            SFixed64 SFixed64 I64 SFixed64,
            Float Float F32 Float,
            Double Double F64 Double,
            Bool Bool Bool Bool,
            Enum Enum I32 Int32,
            String String String StringCodec,
            BoxStr String BoxStr BoxStrCodec,
            ByteStr String ByteStr ByteStrCodec,
            BytesVec Bytes VecU8 BytesVec,
            Bytes Bytes Bytes BytesShared,
            // `string` fields whose UTF-8 is not checked
            // (`utf8_validation = NONE`), kept as bytes.
            RawStringVec String VecU8 BytesVec,
            RawStringBytes String Bytes BytesShared,
        }
    };
}
pub(crate) use scalar_values;

macro_rules! define_values {
    ($($value:ident $kind:ident $base:ident $codec:ident,)*) => {
        /// What one value is and how it is coded: a scalar (by protobuf kind
        /// and Rust storage), a message or a group.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        #[repr(u8)]
        pub(crate) enum Value {
            $($value,)*
            Message,
            Group,
        }

        impl Value {
            /// The value code for a field of `kind` stored as `base`, or
            /// `None` when the two do not fit (an `int64` in an `i32`).
            pub(crate) const fn of(kind: Kind, base: Base) -> Option<Value> {
                $(
                    if matches!(kind, Kind::$kind) && matches!(base, Base::$base) {
                        return Some(Value::$value);
                    }
                )*
                match (kind, base) {
                    (Kind::Message, Base::Message) => Some(Value::Message),
                    (Kind::Group, Base::Message) => Some(Value::Group),
                    _ => None,
                }
            }

            /// The value whose code (`Value::X as u8`) is `code`.
            pub(crate) const fn from_code(code: u8) -> Option<Value> {
                $(
                    if code == Value::$value as u8 {
                        return Some(Value::$value);
                    }
                )*
                None
            }

            /// How one scalar value of this code is stored; `None` for
            /// messages and groups.
            pub(crate) const fn base(self) -> Option<Base> {
                match self {
                    $(Value::$value => Some(Base::$base),)*
                    Value::Message | Value::Group => None,
                }
            }

            /// The protobuf kind of values of this code.
            pub(crate) const fn kind(self) -> Kind {
                match self {
                    $(Value::$value => Kind::$kind,)*
                    Value::Message => Kind::Message,
                    Value::Group => Kind::Group,
                }
            }
        }
    };
}
scalar_values!(define_values!);

impl Value {
    /// Whether values are messages (or groups), reached through their type's ops.
    pub(crate) const fn is_message(self) -> bool {
        matches!(self, Value::Message | Value::Group)
    }

    /// Whether values are `string`s kept as bytes, not checked to be UTF-8.
    pub(crate) const fn is_raw_string(self) -> bool {
        matches!(self, Value::RawStringVec | Value::RawStringBytes)
    }
}

/// How a field's values sit in the struct, as the engine sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub(crate) enum Shape {
    /// `T`, not written at its default (proto3 implicit presence).
    Implicit,
    /// `T` or `Box<T>`, always written (required scalars, message fields).
    Always,
    /// `Option<T>` / `Option<Box<T>>`.
    Optional,
    /// `Vec<T>`, one key per value.
    Repeated,
    /// `Vec<T>`, one length-delimited run.
    Packed,
    /// A member of a oneof: the value lives in the oneof enum when set.
    Oneof,
    /// A `HashMap` or `BTreeMap`.
    Map,
}
