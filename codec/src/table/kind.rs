//! What a field holds (its kind) and how many of it (its cardinality).

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
