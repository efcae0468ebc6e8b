//! What generated code needs and nothing else uses. Named with the version
//! (as serde does) so that nobody depends on it by accident: it changes
//! without notice.

pub use crate::access::{FieldOffset, Oneof};
pub use crate::enumeration::EnumDebug;
pub use crate::oneof_check::{OneofNumbers, check_oneof_numbers};
pub use crate::table::{
    ABI_VERSION, Cardinality, Entry, FieldInfo, Kind, Member, MessageSpec, OneofField, TableCell, TypedTable,
    assert_oneof_numbers,
};
pub use crate::unknown::UnknownFields;
pub use crate::{Enumeration, Message};

/// The [`FieldOffset`] of field `$field` of struct `$ty`: the one place that
/// pairs `offset_of!` with the field it measures.
#[macro_export]
#[doc(hidden)]
macro_rules! __field_offset {
    ($ty:ty, $field:tt) => {
        // SAFETY: the offset is `offset_of!` of the very field the witness reads.
        unsafe {
            $crate::__private_v2::FieldOffset::<$ty, _>::new(::core::mem::offset_of!($ty, $field), |m: &$ty| &m.$field)
        }
    };
}
pub use crate::__field_offset as field_offset;

/// `Option<T>` spelled so that generated code can name it without caring
/// what a user's crate has shadowed.
pub type Option<T> = core::option::Option<T>;
/// `Result<T, E>` spelled for generated code.
pub type Result<T, E> = core::result::Result<T, E>;
