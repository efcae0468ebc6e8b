//! The `Enumeration` trait, implemented by `#[derive(Enumeration)]`.

/// A protobuf enum: a fieldless Rust enum with `i32` values.
///
/// Enum fields are stored as `i32`, so that an open enum (proto3) keeps
/// values it does not know. A closed enum (proto2) instead puts unknown
/// values into the message's unknown fields, as the spec requires.
pub trait Enumeration: Copy + Eq + Sized + 'static {
    /// The full protobuf name, `package.Enum`.
    const FULL_NAME: &'static str;
    /// Whether the enum is closed (proto2): unknown values are not stored in
    /// the field.
    const CLOSED: bool;

    /// The value with this number, if the enum declares one.
    fn from_i32(value: i32) -> Option<Self>;

    /// The value's number.
    fn to_i32(self) -> i32;

    /// The value's name as declared in the `.proto`.
    fn name(self) -> &'static str;

    /// The value with this declared name.
    fn from_name(name: &str) -> Option<Self>;

    /// Whether the enum declares `value`.
    fn is_valid(value: i32) -> bool {
        Self::from_i32(value).is_some()
    }
}

/// The error of converting an `i32` the enum does not declare.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct UnknownEnumValue(pub i32);

impl std::fmt::Display for UnknownEnumValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "unknown enum value {}", self.0)
    }
}

impl std::error::Error for UnknownEnumValue {}
