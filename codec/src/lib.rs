//! # protowire
//!
//! Protocol Buffers wire format for Rust, table-driven: each message type
//! gets a table of its fields (number, pre-encoded key, and the functions
//! that size, write and merge the field), built once and cached, and encode
//! and decode are loops over that table.
//!
//! - Encoding computes the exact size first and writes into one allocation;
//!   nested lengths come from writing back to front, so encode time is linear
//!   in the message's size at any nesting depth.
//! - Decoding follows the spec's merge rules, keeps unknown fields byte for
//!   byte, checks proto2 required fields (errors name the path, e.g.
//!   `pkg.Outer.inner.id`), and never panics on bad input.
//!
//! The layers: [`wire`] knows bytes and nothing of messages; [`table`] holds
//! the per-type tables; [`registry`] caches them and finds types by name;
//! [`Message`] is what users call.

#![deny(unsafe_code)]
#![warn(clippy::undocumented_unsafe_blocks)]

#[doc(hidden)]
#[path = "__private.rs"]
pub mod __private_v0_1;
mod decode;
mod encode;
mod enumeration;
mod error;
mod field;
mod message;
pub mod registry;
pub mod table;
mod unknown;
pub mod wire;
#[allow(unsafe_code)]
mod writer;

pub use bytes;
pub use decode::{DEFAULT_RECURSION_LIMIT, DecodeCtx, DecodeOptions};
pub use enumeration::Enumeration;
pub use error::{DecodeError, DecodeErrorKind, EncodeError, EncodeErrorKind, MissingFieldError};
pub use message::Message;
pub use registry::{DynMessage, MessageType};
pub use unknown::{UnknownFieldIter, UnknownFields, UnknownValue};
pub use writer::RevWriter;
