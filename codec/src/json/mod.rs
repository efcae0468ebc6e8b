//! The proto3 JSON mapping, for every message: an interpreter over the same
//! tables the binary codec walks, so no code is generated per type and
//! dynamic messages get it too.
//!
//! ```
//! use protowire::{Message, json};
//!
//! #[derive(Message, Clone, PartialEq, Default, Debug)]
//! #[proto(package = "demo")]
//! struct Point {
//!     #[proto(1)]
//!     x_coord: i64,
//!     #[proto(2)]
//!     label: String,
//! }
//!
//! let p = Point { x_coord: -3, label: "a".into() };
//! let text = json::to_string(&p)?;
//! // lowerCamelCase names, 64-bit integers as strings.
//! assert_eq!(text, r#"{"xCoord":"-3","label":"a"}"#);
//! assert_eq!(json::from_str::<Point>(&text)?, p);
//! # Ok::<(), json::JsonError>(())
//! ```
//!
//! What the mapping says, in short: fields by their JSON name (proto names
//! accepted on input); implicit-presence fields at their default left out;
//! 64-bit integers as strings (numbers accepted); `bytes` as base64;
//! enums by name; `NaN`/`Infinity` as strings; maps as objects with string
//! keys; `null` meaning "not set"; and the well-known types in their own
//! forms (`Any` with `@type`, resolved through the
//! [`registry`](crate::registry); `Timestamp` in RFC 3339; `Duration` as
//! `"1.5s"`; `FieldMask`, `Struct`, `Value`, `ListValue`, the wrappers).

mod lex;
mod number;
mod parse;
mod print;
#[cfg(feature = "serde")]
mod serde_impl;
pub(crate) use number::push_float;
mod wkt;

use std::fmt;

#[cfg(feature = "serde")]
pub use serde_impl::{Json, serde};

use crate::access::{MsgMut, MsgRef};
use crate::decode::DEFAULT_RECURSION_LIMIT;
use crate::message::Message;
use crate::registry::DynMessage;

/// How to print JSON.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct PrintOptions {
    /// Print implicit-presence fields at their default, and empty repeated
    /// and map fields, too.
    pub emit_defaults: bool,
    /// Print enum values as numbers instead of names.
    pub enums_as_ints: bool,
    /// Use the `.proto` field names instead of the lowerCamelCase JSON names.
    pub proto_names: bool,
    /// Spaces per level of indentation; `None` prints everything on one line.
    pub indent: Option<usize>,
}

impl PrintOptions {
    /// The defaults: compact, JSON names, enums by name, defaults left out.
    pub fn new() -> PrintOptions {
        PrintOptions::default()
    }

    /// Sets [`emit_defaults`](Self::emit_defaults).
    pub fn emit_defaults(mut self, yes: bool) -> PrintOptions {
        self.emit_defaults = yes;
        self
    }

    /// Sets [`enums_as_ints`](Self::enums_as_ints).
    pub fn enums_as_ints(mut self, yes: bool) -> PrintOptions {
        self.enums_as_ints = yes;
        self
    }

    /// Sets [`proto_names`](Self::proto_names).
    pub fn proto_names(mut self, yes: bool) -> PrintOptions {
        self.proto_names = yes;
        self
    }

    /// Sets [`indent`](Self::indent).
    pub fn indent(mut self, width: Option<usize>) -> PrintOptions {
        self.indent = width;
        self
    }
}

/// How to parse JSON.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct ParseOptions {
    /// Skip members that name no field (and enum names the enum does not
    /// declare) instead of failing.
    pub ignore_unknown_fields: bool,
    /// How deeply objects and arrays may nest.
    pub recursion_limit: u32,
}

impl Default for ParseOptions {
    fn default() -> Self {
        ParseOptions::new()
    }
}

impl ParseOptions {
    /// Unknown fields are errors; nesting limited as in binary decoding.
    pub fn new() -> ParseOptions {
        ParseOptions { ignore_unknown_fields: false, recursion_limit: DEFAULT_RECURSION_LIMIT }
    }

    /// Sets [`ignore_unknown_fields`](Self::ignore_unknown_fields).
    pub fn ignore_unknown_fields(mut self, yes: bool) -> ParseOptions {
        self.ignore_unknown_fields = yes;
        self
    }

    /// Sets [`recursion_limit`](Self::recursion_limit).
    pub fn recursion_limit(mut self, limit: u32) -> ParseOptions {
        self.recursion_limit = limit;
        self
    }
}

/// A JSON input that does not parse into the message, or a message that
/// has no JSON form: what was wrong, where in the input (for parsing), and
/// the path of fields to it.
#[derive(Clone, PartialEq, Eq)]
pub struct JsonError {
    inner: Box<Inner>,
}

#[derive(Clone, PartialEq, Eq)]
struct Inner {
    message: String,
    /// Byte offset in the input, for parse errors.
    offset: Option<usize>,
    /// Field names, innermost first.
    path: Vec<String>,
}

impl JsonError {
    #[cold]
    pub(crate) fn syntax(offset: usize, message: String) -> JsonError {
        JsonError { inner: Box::new(Inner { message, offset: Some(offset), path: Vec::new() }) }
    }

    #[cold]
    pub(crate) fn value(message: String) -> JsonError {
        JsonError { inner: Box::new(Inner { message, offset: None, path: Vec::new() }) }
    }

    #[cold]
    pub(crate) fn in_field(self, name: &str) -> JsonError {
        self.in_field_owned(name.to_owned())
    }

    #[cold]
    pub(crate) fn in_field_owned(mut self, name: String) -> JsonError {
        self.inner.path.push(name);
        self
    }

    /// What was wrong.
    pub fn message(&self) -> &str {
        &self.inner.message
    }

    /// The byte offset in the input where parsing failed, if it was parsing.
    pub fn offset(&self) -> Option<usize> {
        self.inner.offset
    }

    /// The dotted path of fields to the failure (`inner.items`), empty at the top.
    pub fn path(&self) -> String {
        let mut path: Vec<&str> = self.inner.path.iter().map(String::as_str).collect();
        path.reverse();
        path.join(".")
    }
}

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.inner.offset {
            Some(offset) => write!(f, "invalid JSON for the message at byte {offset}")?,
            None => f.write_str("message has no JSON form")?,
        }
        let path = self.path();
        if !path.is_empty() {
            write!(f, " (field {path})")?;
        }
        write!(f, ": {}", self.inner.message)
    }
}

impl fmt::Debug for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl std::error::Error for JsonError {}

/// Prints `msg` as compact JSON.
///
/// # Errors
///
/// A value with no JSON form: a `Timestamp` or `Duration` out of range, an
/// `Any` holding a type not in the [`registry`](crate::registry), a
/// `FieldMask` path that would not read back, a `Value` holding `NaN`; or
/// messages nested deeper than
/// [`ENCODE_RECURSION_LIMIT`](crate::ENCODE_RECURSION_LIMIT) levels (printing
/// takes more stack per level than encoding: give a thread printing
/// messages nested hundreds of levels deep a larger stack in debug builds).
pub fn to_string<M: Message>(msg: &M) -> Result<String, JsonError> {
    to_string_with(msg, &PrintOptions::new())
}

/// Prints `msg` as JSON with `options`.
///
/// # Errors
///
/// As [`to_string`].
pub fn to_string_with<M: Message>(msg: &M, options: &PrintOptions) -> Result<String, JsonError> {
    print(MsgRef::new(msg), options)
}

/// Prints `msg` as JSON into a byte vector.
///
/// # Errors
///
/// As [`to_string`].
pub fn to_vec<M: Message>(msg: &M, options: &PrintOptions) -> Result<Vec<u8>, JsonError> {
    to_string_with(msg, options).map(String::into_bytes)
}

/// Prints `msg` as JSON into `writer`.
///
/// # Errors
///
/// As [`to_string`]; an I/O error becomes a [`JsonError`] naming it.
pub fn to_writer<M: Message, W: std::io::Write>(
    msg: &M,
    options: &PrintOptions,
    mut writer: W,
) -> Result<(), JsonError> {
    let text = to_string_with(msg, options)?;
    writer.write_all(text.as_bytes()).map_err(|e| JsonError::value(format!("writing JSON: {e}")))
}

/// Prints a message of any type as JSON.
///
/// # Errors
///
/// As [`to_string`].
pub fn to_string_dyn(msg: &dyn DynMessage, options: &PrintOptions) -> Result<String, JsonError> {
    print(MsgRef::from_dyn(msg), options)
}

fn print(msg: MsgRef<'_>, options: &PrintOptions) -> Result<String, JsonError> {
    use std::sync::atomic::Ordering::Relaxed;
    thread_local! {
        // Printing grows a buffer; one per thread, kept, so that a message
        // costs one allocation (the copy at its exact size), not a doubling
        // series.
        static SCRATCH: std::cell::Cell<String> = const { std::cell::Cell::new(String::new()) };
    }
    /// Texts this long are printed into their own buffer, sized from the
    /// last one of the type, and returned as they are: copying them out of
    /// a scratch buffer would cost more than the little capacity left over.
    const LARGE: usize = 1 << 20;
    let hint = &print::quoted_names(msg.table()).json_len;
    let expected = hint.load(Relaxed);
    let mut printer = print::Printer::new(options);
    if expected >= LARGE {
        // A little over the last length, so that one slightly longer fits.
        printer.out = String::with_capacity(expected + expected / 16);
    } else {
        printer.out = SCRATCH.take();
        printer.out.clear();
    }
    let result = printer.message(msg);
    let len = printer.out.len();
    let new = if len >= LARGE { len } else { 0 };
    if new > expected || new < expected / 2 {
        hint.store(new, Relaxed);
    }
    if expected >= LARGE {
        // A short text is not handed out with a large buffer's capacity.
        return result.map(|()| if len >= LARGE { printer.out } else { printer.out.as_str().to_owned() });
    }
    let result = result.map(|()| printer.out.as_str().to_owned());
    // A buffer grown by a huge message is not kept.
    if printer.out.capacity() <= LARGE {
        SCRATCH.set(printer.out);
    }
    result
}

/// Parses a message from JSON text.
///
/// # Errors
///
/// Text that is not JSON, or JSON that does not fit the message: an unknown
/// field, a value of the wrong type or out of range, a field given twice,
/// two members of one oneof, nesting past the recursion limit. The error
/// names the byte offset and the field path.
pub fn from_str<M: Message>(text: &str) -> Result<M, JsonError> {
    from_str_with(text, &ParseOptions::new())
}

/// Parses a message from JSON text with `options`.
///
/// # Errors
///
/// As [`from_str`].
pub fn from_str_with<M: Message>(text: &str, options: &ParseOptions) -> Result<M, JsonError> {
    let mut msg = M::default();
    parse(MsgMut::new(&mut msg), text, options)?;
    Ok(msg)
}

/// Parses a message from JSON bytes (UTF-8).
///
/// # Errors
///
/// As [`from_str`]; also bytes that are not UTF-8 inside strings.
pub fn from_slice<M: Message>(bytes: &[u8]) -> Result<M, JsonError> {
    from_slice_with(bytes, &ParseOptions::new())
}

/// Parses a message from JSON bytes with `options`.
///
/// # Errors
///
/// As [`from_slice`].
pub fn from_slice_with<M: Message>(bytes: &[u8], options: &ParseOptions) -> Result<M, JsonError> {
    let text = simdutf8::compat::from_utf8(bytes)
        .map_err(|e| JsonError::syntax(e.valid_up_to(), "the input is not UTF-8".into()))?;
    from_str_with(text, options)
}

/// Merges JSON into a message of any type: fields in the JSON replace
/// singular fields and extend repeated ones.
///
/// # Errors
///
/// As [`from_str`].
pub fn merge_dyn(msg: &mut dyn DynMessage, text: &str, options: &ParseOptions) -> Result<(), JsonError> {
    parse(MsgMut::from_dyn(msg), text, options)
}

fn parse(msg: MsgMut<'_>, text: &str, options: &ParseOptions) -> Result<(), JsonError> {
    let mut parser = parse::Parser { r: lex::Reader::new(text, options.recursion_limit), options };
    parser.message(msg)?;
    parser.r.finish()
}
