//! # protowire
//!
//! Protocol Buffers wire format for Rust, table-driven: each message type
//! gets a static table of its fields (number, kind, cardinality and where
//! the field lives in the struct), and one engine, compiled once in this
//! crate, walks it to size, write, merge and check every message.
//!
//! - Encoding computes the exact size first and writes into one allocation;
//!   nested lengths come from writing back to front, so encode time is linear
//!   in the message's size at any nesting depth.
//! - Decoding follows the spec's merge rules, keeps unknown fields byte for
//!   byte, checks proto2 required fields (errors name the path, e.g.
//!   `pkg.Outer.inner.id`), and never panics on bad input.
//!
//! ```
//! use protowire::{Message, UnknownFields};
//!
//! #[derive(Message, Clone, PartialEq, Default, Debug)]
//! #[proto(package = "shop")]
//! struct Order {
//!     #[proto(1)]
//!     id: u64,
//!     #[proto(2, required)]
//!     customer: Option<String>,
//!     #[proto(3, sint64)]
//!     delta: i64,
//!     #[proto(unknown)]
//!     unknown: UnknownFields,
//! }
//!
//! let order = Order { id: 7, customer: Some("ada".into()), delta: -1, ..Order::default() };
//! let bytes = order.encode_to_vec()?;
//! assert_eq!(bytes, [0x08, 7, 0x12, 3, b'a', b'd', b'a', 0x18, 1]);
//! assert_eq!(Order::decode(&bytes[..])?, order);
//!
//! let err = Order::decode(&[0x08, 7][..]).unwrap_err();
//! assert_eq!(err.path(), "shop.Order.customer");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! ## The `#[proto(...)]` attributes
//!
//! On a struct deriving [`Message`](derive@Message):
//!
//! | attribute | meaning |
//! |---|---|
//! | `#[proto(package = "pkg")]` / `#[proto(name = "pkg.Msg")]` | the full protobuf name (default: the struct's name) |
//! | `#[proto(debug)]` (also on a oneof enum) | implements `Debug` as `#[derive(Debug)]` would, except that enum fields show the variant name of a declared value (`mood: Happy`) rather than the stored `i32`; generated code uses it |
//! | `#[proto(N)]` | field number `N`; the kind is inferred from the type: `bool`, `i32` int32, `i64` int64, `u32` uint32, `u64` uint64, `f32` float, `f64` double, `String` string, `Vec<u8>`/`bytes::Bytes` bytes, any other type a message (`Box<T>` for recursion) |
//! | `#[proto(N, sint32)]` … | an explicit kind: `int32 int64 uint32 uint64 sint32 sint64 fixed32 fixed64 sfixed32 sfixed64 float double bool string bytes message group` |
//! | `#[proto(N, unchecked_string)]` | a `string` kept in `Vec<u8>` or `bytes::Bytes` and not checked to be UTF-8 (proto2's `utf8_validation = NONE`; also as a map value kind) |
//! | `#[proto(N, enumeration = "Path")]` | an enum field stored as `i32` (`Option<i32>`, `Vec<i32>`); `Path` derives [`Enumeration`](derive@Enumeration) |
//! | `T` / `Option<T>` / `Vec<T>` | implicit presence (default values not written) / explicit presence / repeated |
//! | `#[proto(N, required)]` | proto2 required: checked on decode and, for `Option<T>`, on encode |
//! | `#[proto(N, packed = false)]` | repeated scalars are packed unless this says otherwise; both forms are accepted on decode |
//! | `#[proto(N, map = "K, V")]` | a `HashMap`/`BTreeMap`; kinds as above, `message`, or `enumeration(Path)`; `#[proto(N)]` or `#[proto(N, map)]` infers both from the Rust types as for other fields (so enum values need `map = "..."`) |
//! | `#[proto(oneof = "9, 10")]` | an `Option<E>` where `E` derives [`Oneof`](derive@Oneof), its variants `#[proto(9)] A(String)` … |
//! | `#[proto(N, group)]` | a proto2 group (`Option<T>` or `Vec<T>`) |
//! | `#[proto(unknown)]` | the [`UnknownFields`] store; without one, unknown fields are dropped |
//! | `name = "..."`, `json_name = "..."`, `default = "..."` | the protobuf field name, JSON name and proto2 default, kept for reflection |
//! | `#[proto(skip)]` | a field protowire ignores (left at its default on decode) |
//!
//! On an enum deriving [`Enumeration`](derive@Enumeration) (`#[repr(i32)]`,
//! every variant with an explicit value): `#[proto(package = "...")]`,
//! `#[proto(closed)]` for proto2 semantics (undeclared values go to unknown
//! fields), and `#[proto(name = "VALUE_NAME", alias = "OTHER_NAME")]` on
//! variants (`alias`, repeatable, for `allow_alias` names that
//! [`Enumeration::from_name`] accepts too).
//!
//! ## Streams of messages
//!
//! [`Message::encode_length_delimited`] writes a message after its length;
//! [`Message::decode_length_delimited`] reads one from the front of a buffer.
//! When the buffer ends before the frame does, the error is
//! [`DecodeErrorKind::Incomplete`] and nothing was consumed: read more and
//! try again. Any other error is corrupt input.
//!
//! ```
//! use std::io::Read;
//!
//! use protowire::{DecodeErrorKind, Message};
//!
//! #[derive(Message, Clone, PartialEq, Default, Debug)]
//! struct Event {
//!     #[proto(1)]
//!     id: u64,
//! }
//!
//! /// Every message of a stream, reading it in pieces of any size.
//! fn read_all(mut input: impl Read) -> std::io::Result<Vec<Event>> {
//!     let mut events = Vec::new();
//!     let mut pending: Vec<u8> = Vec::new();
//!     let mut chunk = [0u8; 4096];
//!     loop {
//!         // Decode every whole frame buffered so far.
//!         let mut rest = &pending[..];
//!         loop {
//!             match Event::decode_length_delimited(&mut rest) {
//!                 Ok(event) => events.push(event),
//!                 Err(e) if matches!(e.kind(), DecodeErrorKind::Incomplete { .. }) => break,
//!                 Err(e) => return Err(e.into()), // corrupt: io::ErrorKind::InvalidData
//!             }
//!         }
//!         let used = pending.len() - rest.len();
//!         pending.drain(..used);
//!         match input.read(&mut chunk)? {
//!             0 if pending.is_empty() => return Ok(events),
//!             0 => return Err(std::io::ErrorKind::UnexpectedEof.into()),
//!             n => pending.extend_from_slice(&chunk[..n]),
//!         }
//!     }
//! }
//!
//! let mut stream = Vec::new();
//! for id in 1..=3 {
//!     Event { id }.encode_length_delimited(&mut stream)?;
//! }
//! // A reader that hands out three bytes at a time still yields every event.
//! struct Trickle<'a>(&'a [u8]);
//! impl Read for Trickle<'_> {
//!     fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
//!         let n = self.0.len().min(out.len()).min(3);
//!         out[..n].copy_from_slice(&self.0[..n]);
//!         self.0 = &self.0[n..];
//!         Ok(n)
//!     }
//! }
//! let events = read_all(Trickle(&stream))?;
//! assert_eq!(events.iter().map(|e| e.id).collect::<Vec<_>>(), [1, 2, 3]);
//!
//! // From a partial buffer: incomplete, nothing consumed.
//! let mut partial = &stream[..2];
//! let err = Event::decode_length_delimited(&mut partial).unwrap_err();
//! assert!(matches!(err.kind(), DecodeErrorKind::Incomplete { .. }));
//! assert_eq!(partial.len(), 2);
//! // Corrupt input is another error.
//! assert!(read_all(&[0x02, 0x08, 0x80][..]).is_err_and(|e| e.kind() == std::io::ErrorKind::InvalidData));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! The layers: [`wire`] knows bytes and nothing of messages; the table layer
//! holds the per-type tables; the engine walks them; [`registry`] finds
//! types by name; [`Message`] is what users call.
//!
//! Generated code contains `unsafe` in one place per field: the pairing of
//! `offset_of!` with the field it measures (`__field_offset!`). A crate with
//! `#![forbid(unsafe_code)]` can still hold generated types in a module that
//! allows it.

#![deny(unsafe_code)]
#![warn(clippy::undocumented_unsafe_blocks)]

// Lets code generated by the derive, which names `::protowire`, live in
// this crate too (the well-known types, and tests).
extern crate self as protowire;

#[doc(hidden)]
#[path = "__private.rs"]
pub mod __private_v2;
#[allow(unsafe_code)]
mod access;
mod decode;
mod encode;
mod engine;
mod enumeration;
mod error;
pub mod extension;
mod field;
pub mod json;
mod message;
mod oneof_check;
pub mod prost;
pub mod reflect;
pub mod registry;
mod scalar;
mod table;
pub mod text;
pub mod types;
mod unknown;
pub mod wire;

pub use bytes;
pub use bytestring::ByteString;
pub use decode::{DEFAULT_MAX_MESSAGE_SIZE, DEFAULT_RECURSION_LIMIT, DecodeOptions};
pub use encode::{ENCODE_RECURSION_LIMIT, MAX_ENCODED_LEN};
pub use enumeration::{Enumeration, UnknownEnumValue};
pub use error::{DecodeError, DecodeErrorKind, EncodeError, EncodeErrorKind, Limit, MissingFieldError};
pub use extension::{Extension, Extensions};
pub use message::Message;
pub use protowire_derive::{Enumeration, Message, Oneof};
pub use registry::{DynMessage, MessageType};
pub use table::{Cardinality, FieldInfo, Kind};
pub use unknown::{UnknownFieldIter, UnknownFields, UnknownValue};

/// Includes the code `protowire-codegen` generated for a package into the
/// current module: `include_proto!("shop")` includes `$OUT_DIR/shop.rs`.
#[macro_export]
macro_rules! include_proto {
    ($package:literal) => {
        include!(concat!(env!("OUT_DIR"), "/", $package, ".rs"));
    };
}
