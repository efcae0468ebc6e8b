//! What one field's size, encode and merge functions are made of: a
//! [`Codec`] per protobuf type, and helpers per cardinality (implicit,
//! optional, always present, repeated, packed, map, oneof). Generated code
//! picks one helper and one codec per field; the helpers know nothing of the
//! message they are in.

mod codec;
mod enums;
mod map;
mod oneof;
mod repeated;
mod single;

pub use codec::{
    Bool, BoxStrCodec, BoxedMessage, BytesShared, BytesVec, Codec, Double, Fixed32, Fixed64, Float, Int32, Int64,
    MessageCodec, PackedCodec, SFixed32, SFixed64, SInt32, SInt64, StringCodec, UInt32, UInt64,
};
pub use enums::{merge_enum, merge_enum_optional, merge_enum_repeated, read_enum};
pub use map::{MapField, merge_map, merge_map_enum, size_map, write_map};
pub use oneof::{Oneof, OneofAccess, OneofFields, assert_oneof_numbers};
pub use repeated::{merge_packable, merge_repeated, size_packed, size_repeated, write_packed, write_repeated};
pub use single::{
    check_messages, check_present, merge_group_optional, merge_group_repeated, merge_oneof, merge_optional,
    merge_value, size_always, size_group, size_implicit, size_optional, write_always, write_group, write_implicit,
    write_optional,
};
