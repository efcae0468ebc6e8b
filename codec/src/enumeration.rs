//! The `Enumeration` trait, implemented by `#[derive(Enumeration)]`, and
//! the `Debug` of enum fields.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::marker::PhantomData;

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

impl fmt::Display for UnknownEnumValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown enum value {}", self.0)
    }
}

impl std::error::Error for UnknownEnumValue {}

/// Formats an enum field's stored numbers (an `i32`, `Option<i32>`,
/// `Vec<i32>` or a map with `i32` values) with the variant names of `E`
/// for declared values and the bare number for others, as the `Debug` that
/// `#[proto(debug)]` derives does. Reached through `__private`.
pub struct EnumDebug<'a, E, T: ?Sized> {
    value: &'a T,
    enumeration: PhantomData<fn() -> E>,
}

impl<'a, E, T: ?Sized> EnumDebug<'a, E, T> {
    /// Wraps `value` for formatting.
    pub fn new(value: &'a T) -> Self {
        EnumDebug { value, enumeration: PhantomData }
    }
}

impl<E: Enumeration + fmt::Debug> fmt::Debug for EnumDebug<'_, E, i32> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match E::from_i32(*self.value) {
            Some(known) => fmt::Debug::fmt(&known, f),
            None => fmt::Debug::fmt(self.value, f),
        }
    }
}

impl<E: Enumeration + fmt::Debug> fmt::Debug for EnumDebug<'_, E, Option<i32>> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.value.as_ref().map(EnumDebug::<E, i32>::new), f)
    }
}

impl<E: Enumeration + fmt::Debug> fmt::Debug for EnumDebug<'_, E, Vec<i32>> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.value.iter().map(EnumDebug::<E, i32>::new)).finish()
    }
}

impl<E: Enumeration + fmt::Debug, K: fmt::Debug, S> fmt::Debug for EnumDebug<'_, E, HashMap<K, i32, S>> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.value.iter().map(|(k, v)| (k, EnumDebug::<E, i32>::new(v)))).finish()
    }
}

impl<E: Enumeration + fmt::Debug, K: fmt::Debug> fmt::Debug for EnumDebug<'_, E, BTreeMap<K, i32>> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.value.iter().map(|(k, v)| (k, EnumDebug::<E, i32>::new(v)))).finish()
    }
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, HashMap};

    use super::EnumDebug;

    #[derive(Clone, Copy, Debug, PartialEq, Eq, crate::Enumeration)]
    #[repr(i32)]
    enum Color {
        Red = 0,
        Green = 2,
    }

    fn show<T: ?Sized>(value: &T) -> String
    where
        for<'a> EnumDebug<'a, Color, T>: std::fmt::Debug,
    {
        format!("{:?}", EnumDebug::<Color, T>::new(value))
    }

    #[test]
    fn names_known_values_and_numbers_others() {
        assert_eq!(show(&2), "Green");
        assert_eq!(show(&7), "7");
        assert_eq!(show(&Some(0)), "Some(Red)");
        assert_eq!(show(&Some(-1)), "Some(-1)");
        assert_eq!(show(&None::<i32>), "None");
        assert_eq!(show(&vec![0, 2, 5]), "[Red, Green, 5]");
        assert_eq!(show(&BTreeMap::from([("a", 2), ("b", 9)])), r#"{"a": Green, "b": 9}"#);
        assert_eq!(show(&HashMap::from([(1u32, 0)])), "{1: Red}");
    }
}
