//! The wire layer: varints, zigzag, fixed-width values, keys, lengths,
//! skipping, and the back-to-front writer. It knows nothing about messages;
//! the table layer builds on it.
//!
//! Readers take `&mut &[u8]` and advance it past what they consumed, so a
//! failed read leaves the caller's slice where the failing value started.

mod fixed;
mod key;
mod len;
mod skip;
mod varint;
#[allow(unsafe_code)]
mod writer;
mod zigzag;

pub use fixed::{read_fixed32, read_fixed64};
pub use key::{EncodedKey, MAX_FIELD_NUMBER, WireType, read_key};
pub use len::{read_len, read_len_delimited};
pub use skip::skip_field;
pub use varint::{MAX_VARINT_LEN, encode_varint, read_varint, varint_len};
pub(crate) use writer::{RevWriter, Wire, write_exact, write_reversed, write_reversed_to_vec};
pub use zigzag::{zigzag_decode32, zigzag_decode64, zigzag_encode32, zigzag_encode64};
