//! The Rust types a field may be stored as, each with a code. A table entry
//! records the code of the type its constructor was given (through a typed
//! [`FieldOffset`](crate::access::FieldOffset)); field access checks it. The
//! trait is sealed: only the types listed here have a code.

/// The element type of a field, as stored.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum Base {
    /// `i32`
    I32,
    /// `i64`
    I64,
    /// `u32`
    U32,
    /// `u64`
    U64,
    /// `f32`
    F32,
    /// `f64`
    F64,
    /// `bool`
    Bool,
    /// `String`
    String,
    /// `Box<str>`
    BoxStr,
    /// `Vec<u8>`
    VecU8,
    /// `bytes::Bytes`
    Bytes,
    /// `bytestring::ByteString` (re-exported as `protowire::ByteString`)
    ByteStr,
    /// A message type, reached through its ops.
    Message,
}

/// What holds the element(s).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum Container {
    /// The element itself.
    Plain,
    /// `Box<T>`.
    Boxed,
    /// `Option<T>`.
    Option,
    /// `Option<Box<T>>`.
    OptionBox,
    /// `Vec<T>`.
    Vec,
    /// A map type.
    Map,
}

/// The storage code of a field: element and container.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(C)]
pub struct Stored {
    pub(crate) base: Base,
    pub(crate) container: Container,
}

impl Stored {
    pub(crate) const fn new(base: Base, container: Container) -> Stored {
        Stored { base, container }
    }

    /// Compared as one 16-bit code: every field access makes this check.
    #[inline(always)]
    pub(crate) const fn eq(self, other: Stored) -> bool {
        self.code() == other.code()
    }

    /// Element and container as one 16-bit code.
    pub(crate) const fn code(self) -> u16 {
        (self.container as u16) << 8 | self.base as u16
    }
}

/// Seals the storage traits: the codes are the runtime's promise about
/// memory layout, so no type outside this crate may claim one.
pub(crate) mod sealed {
    pub trait Sealed {}
    pub trait MapValueSeal {}
}
use sealed::MapValueSeal;

/// A Rust type a scalar field (or a map key or value) may be stored as.
/// Sealed: the codes are the runtime's promise about memory layout.
pub trait Storage: sealed::Sealed + 'static {
    /// The type's code.
    const STORED: Stored;
}

/// A scalar element type: `Storage` for itself, in an `Option` and in a `Vec`.
pub trait ScalarValue: Storage + Default {
    /// The element code.
    const BASE: Base;
}

macro_rules! storage {
    ($($base:ident $ty:ty,)*) => {$(
        impl sealed::Sealed for $ty {}
        impl Storage for $ty {
            const STORED: Stored = Stored::new(Base::$base, Container::Plain);
        }
        impl ScalarValue for $ty {
            const BASE: Base = Base::$base;
        }
        impl MapValueSeal for $ty {}
        impl crate::access::MapValue for $ty {
            const STORED: Stored = Stored::new(Base::$base, Container::Plain);
            const MESSAGE: Option<&'static crate::access::MessageOps> = None;
        }
        impl sealed::Sealed for Option<$ty> {}
        impl Storage for Option<$ty> {
            const STORED: Stored = Stored::new(Base::$base, Container::Option);
        }
        impl sealed::Sealed for Vec<$ty> {}
        impl Storage for Vec<$ty> {
            const STORED: Stored = Stored::new(Base::$base, Container::Vec);
        }
    )*};
}

storage! {
    I32 i32,
    I64 i64,
    U32 u32,
    U64 u64,
    F32 f32,
    F64 f64,
    Bool bool,
    String String,
    BoxStr Box<str>,
    VecU8 Vec<u8>,
    Bytes bytes::Bytes,
    ByteStr bytestring::ByteString,
}

/// A type a map may use as its key: the integer, bool and string types.
pub trait MapKey: ScalarValue + Eq + std::hash::Hash + Ord {}
impl MapKey for i32 {}
impl MapKey for i64 {}
impl MapKey for u32 {}
impl MapKey for u64 {}
impl MapKey for bool {}
impl MapKey for String {}
impl MapKey for Box<str> {}
impl MapKey for bytestring::ByteString {}
