//! The protobuf text format, for every message: printed and parsed by
//! walking the same tables the binary codec uses.
//!
//! ```
//! use protowire::{Message, text};
//!
//! #[derive(Message, Clone, PartialEq, Default, Debug)]
//! #[proto(package = "demo")]
//! struct Point {
//!     #[proto(1)]
//!     x: i64,
//!     #[proto(2)]
//!     tags: Vec<String>,
//! }
//!
//! let p = Point { x: -3, tags: vec!["a\n".into()] };
//! let printed = text::to_string(&p)?;
//! assert_eq!(printed, "x: -3\ntags: \"a\\n\"\n");
//! assert_eq!(text::from_str::<Point>("x: -3 tags: ['a\\n'] # comment")?, p);
//! # Ok::<(), text::TextError>(())
//! ```
//!
//! Printing follows protoc's `--decode`: one `name: value` per line, nested
//! messages in braces, strings C-escaped (UTF-8 kept), enums by name, an
//! `Any` of a registered type expanded as `[type.googleapis.com/pkg.T] {…}`.
//! Parsing takes what protoc's parser takes: `#` comments, `:` optional
//! before a message, `{}` or `<>`, `,` or `;` between fields, lists
//! (`[1, 2]`), adjacent strings joined, octal/hex/unicode escapes, hex and
//! octal integers, `inf`/`nan`, enum names or numbers. Extensions are not
//! supported yet.

pub(crate) mod lex;
mod parse;
mod print;

use std::fmt;

use crate::access::{MsgMut, MsgRef};
use crate::decode::DEFAULT_RECURSION_LIMIT;
use crate::message::Message;
use crate::registry::DynMessage;

/// How to print the text format.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct PrintOptions {
    /// Everything on one line, fields separated by spaces.
    pub single_line: bool,
    /// Print the unknown fields too, by number (as protoc does).
    pub print_unknown_fields: bool,
}

impl PrintOptions {
    /// One field per line, unknown fields left out.
    pub fn new() -> PrintOptions {
        PrintOptions::default()
    }

    /// Sets [`single_line`](Self::single_line).
    pub fn single_line(mut self, yes: bool) -> PrintOptions {
        self.single_line = yes;
        self
    }

    /// Sets [`print_unknown_fields`](Self::print_unknown_fields).
    pub fn print_unknown_fields(mut self, yes: bool) -> PrintOptions {
        self.print_unknown_fields = yes;
        self
    }
}

/// Text that does not parse into the message (where, and in which field),
/// or a message too deep to print.
#[derive(Clone, PartialEq, Eq)]
pub struct TextError {
    inner: Box<(String, Option<usize>, Vec<&'static str>)>,
}

impl TextError {
    #[cold]
    pub(crate) fn new(offset: usize, message: String) -> TextError {
        TextError { inner: Box::new((message, Some(offset), Vec::new())) }
    }

    #[cold]
    pub(crate) fn value(message: String) -> TextError {
        TextError { inner: Box::new((message, None, Vec::new())) }
    }

    #[cold]
    pub(crate) fn in_field(mut self, name: &'static str) -> TextError {
        self.inner.2.push(name);
        self
    }

    /// What was wrong.
    pub fn message(&self) -> &str {
        &self.inner.0
    }

    /// The byte offset in the input where parsing failed.
    pub fn offset(&self) -> Option<usize> {
        self.inner.1
    }

    /// The dotted path of fields to the failure, empty at the top.
    pub fn path(&self) -> String {
        let mut path = self.inner.2.clone();
        path.reverse();
        path.join(".")
    }
}

impl fmt::Display for TextError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.inner.1 {
            Some(offset) => write!(f, "invalid text format at byte {offset}")?,
            None => f.write_str("cannot print the message")?,
        }
        let path = self.path();
        if !path.is_empty() {
            write!(f, " (field {path})")?;
        }
        write!(f, ": {}", self.inner.0)
    }
}

impl fmt::Debug for TextError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl std::error::Error for TextError {}

/// Prints `msg` in the text format, one field per line.
///
/// # Errors
///
/// Messages nested deeper than [`ENCODE_RECURSION_LIMIT`](crate::ENCODE_RECURSION_LIMIT).
pub fn to_string<M: Message>(msg: &M) -> Result<String, TextError> {
    to_string_with(msg, &PrintOptions::new())
}

/// Prints `msg` in the text format with `options`.
///
/// # Errors
///
/// As [`to_string`].
pub fn to_string_with<M: Message>(msg: &M, options: &PrintOptions) -> Result<String, TextError> {
    print(MsgRef::new(msg), options)
}

/// Prints a message of any type in the text format.
///
/// # Errors
///
/// As [`to_string`].
pub fn to_string_dyn(msg: &dyn DynMessage, options: &PrintOptions) -> Result<String, TextError> {
    print(MsgRef::from_dyn(msg), options)
}

fn print(msg: MsgRef<'_>, options: &PrintOptions) -> Result<String, TextError> {
    let mut printer = print::Printer::new(options);
    printer.fields(msg)?;
    let mut out = printer.out;
    if options.single_line {
        out.truncate(out.trim_end().len());
    }
    Ok(out)
}

/// Parses a message from the text format.
///
/// # Errors
///
/// Text that does not parse, names a field the message does not have, gives
/// a value of the wrong type or out of range, a singular field twice, two
/// members of one oneof, or nests past the default recursion limit.
pub fn from_str<M: Message>(text: &str) -> Result<M, TextError> {
    let mut msg = M::default();
    parse(MsgMut::new(&mut msg), text)?;
    Ok(msg)
}

/// Merges text-format fields into a message of any type.
///
/// # Errors
///
/// As [`from_str`].
pub fn merge_dyn(msg: &mut dyn DynMessage, text: &str) -> Result<(), TextError> {
    parse(MsgMut::from_dyn(msg), text)
}

fn parse(msg: MsgMut<'_>, text: &str) -> Result<(), TextError> {
    parse::Parser::new(text.as_bytes(), DEFAULT_RECURSION_LIMIT).fields(msg, None)
}

/// The name text format gives a group-like field: its type's name, for a
/// delimited field whose name is that type's name lowercased and whose type
/// is declared in the same message (every proto2 group, and editions fields
/// written the same way). Other delimited fields go by their field name.
fn group_like_name(table: &crate::table::MessageTable, i: usize) -> Option<&'static str> {
    let slot = &table.slots[i];
    if slot.value != crate::table::Value::Group {
        return None;
    }
    let type_name = slot.message?.table().full_name;
    let (scope, short) = type_name.rsplit_once('.').unwrap_or(("", type_name));
    (scope == table.full_name && short.to_ascii_lowercase() == table.infos[i].name).then_some(short)
}
