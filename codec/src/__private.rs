//! What generated code needs and nothing else uses. Named with the version
//! (as serde does) so that nobody depends on it by accident: it changes
//! without notice.

pub use crate::decode::{DecodeCtx, merge_fields, merge_group, merge_nested};
pub use crate::encode::{check_message, message_size, table_size, table_write, write_message};
pub use crate::field::*;
pub use crate::registry::TableCell;
pub use crate::table::{Cardinality, Field, FieldInfo, Kind, MessageSpec, MessageTable, Missing};
pub use crate::unknown::UnknownFields;
pub use crate::wire::{EncodedKey, WireType};
pub use crate::writer::RevWriter;
pub use crate::{Enumeration, Message};

/// `Option<T>` spelled so that generated code can name it without caring
/// what a user's crate has shadowed.
pub type Option<T> = core::option::Option<T>;
/// `Result<T, E>` spelled for generated code.
pub type Result<T, E> = core::result::Result<T, E>;
