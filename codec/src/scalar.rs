//! Scalars between fields and the text formats (JSON, text format): a
//! stored value of any Rust storage read as one [`Scalar`], a parsed
//! [`Owned`] value stored back.

use crate::access::{MsgMut, Mut, Ref};
use crate::table::{Base, Container, ScalarValue, Slot, Storage};

/// One scalar value as read from a field, whatever its Rust storage.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Scalar<'a> {
    I32(i32),
    I64(i64),
    U32(u32),
    U64(u64),
    F32(f32),
    F64(f64),
    Bool(bool),
    Str(&'a str),
    Bytes(&'a [u8]),
}

/// A parsed value, to be stored in a field of any Rust storage of its kind.
#[derive(Debug)]
pub(crate) enum Owned {
    I32(i32),
    I64(i64),
    U32(u32),
    U64(u64),
    F32(f32),
    F64(f64),
    Bool(bool),
    Str(String),
    Bytes(Vec<u8>),
}

/// The scalar element types, between `Scalar`/`Owned` and the stored type.
pub(crate) trait FieldScalar: ScalarValue
where
    Option<Self>: Storage,
    Vec<Self>: Storage,
{
    fn scalar(&self) -> Scalar<'_>;
    /// `None` when `owned` is not of this type's kind (an engine bug).
    fn from_owned(owned: Owned) -> Option<Self>;
}

macro_rules! copy_scalar {
    ($($ty:ty => $variant:ident,)*) => {$(
        impl FieldScalar for $ty {
            fn scalar(&self) -> Scalar<'_> {
                Scalar::$variant(*self)
            }
            fn from_owned(owned: Owned) -> Option<Self> {
                match owned {
                    Owned::$variant(v) => Some(v),
                    _ => None,
                }
            }
        }
    )*};
}
copy_scalar! {
    i32 => I32,
    i64 => I64,
    u32 => U32,
    u64 => U64,
    f32 => F32,
    f64 => F64,
    bool => Bool,
}

impl FieldScalar for String {
    fn scalar(&self) -> Scalar<'_> {
        Scalar::Str(self)
    }
    fn from_owned(owned: Owned) -> Option<Self> {
        match owned {
            Owned::Str(s) => Some(s),
            _ => None,
        }
    }
}

impl FieldScalar for Box<str> {
    fn scalar(&self) -> Scalar<'_> {
        Scalar::Str(self)
    }
    fn from_owned(owned: Owned) -> Option<Self> {
        String::from_owned(owned).map(String::into_boxed_str)
    }
}

impl FieldScalar for bytestring::ByteString {
    fn scalar(&self) -> Scalar<'_> {
        Scalar::Str(self)
    }
    fn from_owned(owned: Owned) -> Option<Self> {
        String::from_owned(owned).map(bytestring::ByteString::from)
    }
}

impl FieldScalar for Vec<u8> {
    fn scalar(&self) -> Scalar<'_> {
        Scalar::Bytes(self)
    }
    fn from_owned(owned: Owned) -> Option<Self> {
        match owned {
            Owned::Bytes(b) => Some(b),
            // A `string` field kept as bytes (`utf8_validation = NONE`).
            Owned::Str(s) => Some(s.into_bytes()),
            _ => None,
        }
    }
}

impl FieldScalar for bytes::Bytes {
    fn scalar(&self) -> Scalar<'_> {
        Scalar::Bytes(self)
    }
    fn from_owned(owned: Owned) -> Option<Self> {
        Vec::<u8>::from_owned(owned).map(bytes::Bytes::from)
    }
}

/// Runs `$body` with `$T` naming the scalar Rust type of base `$base`.
macro_rules! with_base {
    ($base:expr, $T:ident => $body:expr) => {
        match $base {
            Base::I32 => {
                type $T = i32;
                $body
            }
            Base::I64 => {
                type $T = i64;
                $body
            }
            Base::U32 => {
                type $T = u32;
                $body
            }
            Base::U64 => {
                type $T = u64;
                $body
            }
            Base::F32 => {
                type $T = f32;
                $body
            }
            Base::F64 => {
                type $T = f64;
                $body
            }
            Base::Bool => {
                type $T = bool;
                $body
            }
            Base::String => {
                type $T = String;
                $body
            }
            Base::BoxStr => {
                type $T = Box<str>;
                $body
            }
            Base::VecU8 => {
                type $T = Vec<u8>;
                $body
            }
            Base::Bytes => {
                type $T = bytes::Bytes;
                $body
            }
            Base::ByteStr => {
                type $T = bytestring::ByteString;
                $body
            }
            Base::Message => unreachable!("protowire: a message read as a scalar"),
        }
    };
}

/// Calls `f` with each value a scalar field holds: one for a plain value,
/// none or one for an `Option`, each element of a `Vec`.
pub(crate) fn for_each<'a>(value: Ref<'a>, base: Base, container: Container, mut f: impl FnMut(Scalar<'a>)) {
    with_base!(base, T => match container {
        Container::Option => {
            if let Some(v) = value.get::<Option<T>>() {
                f(v.scalar());
            }
        }
        Container::Vec => value.get::<Vec<T>>().iter().for_each(|v| f(v.scalar())),
        _ => f(value.get::<T>().scalar()),
    })
}

/// The value of a singular scalar field: the plain value, or the `Option`'s
/// when set. Not for `Vec`s.
#[inline]
pub(crate) fn single<'a>(value: Ref<'a>, base: Base, container: Container) -> Option<Scalar<'a>> {
    with_base!(base, T => match container {
        Container::Option => value.get::<Option<T>>().as_ref().map(FieldScalar::scalar),
        _ => Some(value.get::<T>().scalar()),
    })
}

/// Stores `owned` in a scalar field: sets a plain value or an `Option`,
/// pushes onto a `Vec`. `false` if it is not of the field's kind.
pub(crate) fn store(value: Mut<'_>, base: Base, container: Container, owned: Owned) -> bool {
    with_base!(base, T => {
        let Some(v) = T::from_owned(owned) else { return false };
        match container {
            Container::Option => *value.get::<Option<T>>() = Some(v),
            Container::Vec => value.get::<Vec<T>>().push(v),
            _ => *value.get::<T>() = v,
        }
        true
    })
}

/// Stores `owned` in the scalar field of `slot`: its oneof member made the
/// one set, or the field set (or, repeated, pushed onto). `false` if it is
/// not of the field's kind.
pub(crate) fn set(msg: &mut MsgMut<'_>, slot: &'static Slot, owned: Owned) -> bool {
    if slot.oneof.is_some() {
        let (member, _) = msg.select(slot);
        let stored = member.stored();
        store(member, stored.base, Container::Plain, owned)
    } else {
        let value = msg.field(slot);
        let stored = value.stored();
        store(value, stored.base, stored.container, owned)
    }
}

/// Whether a scalar is its type's default (zero, empty, false).
pub(crate) fn is_default(s: Scalar<'_>) -> bool {
    match s {
        Scalar::I32(v) => v == 0,
        Scalar::I64(v) => v == 0,
        Scalar::U32(v) => v == 0,
        Scalar::U64(v) => v == 0,
        // -0.0 is not the default: it is written on the wire too.
        Scalar::F32(v) => v.to_bits() == 0,
        Scalar::F64(v) => v.to_bits() == 0,
        Scalar::Bool(v) => !v,
        Scalar::Str(v) => v.is_empty(),
        Scalar::Bytes(v) => v.is_empty(),
    }
}
