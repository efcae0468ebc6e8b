//! Printing the text format by walking a message's table, as protoc's
//! `--decode` does: `name: value` per field, nested messages in braces,
//! strings C-escaped, `Any` expanded when its type is registered.

use super::{PrintOptions, TextError};
use crate::access::{EnumOps, MsgRef, OneofCase, Ref};
use crate::registry;
use crate::scalar::{self, Scalar};
use crate::table::{Container, Kind, Shape};
use crate::unknown::{UnknownFieldIter, UnknownValue};

pub(crate) struct Printer<'o> {
    pub(crate) out: String,
    options: &'o PrintOptions,
    level: usize,
    /// Nesting left before printing fails (as encoding's limit).
    depth: u32,
}

impl<'o> Printer<'o> {
    pub(crate) fn new(options: &'o PrintOptions) -> Printer<'o> {
        Printer { out: String::new(), options, level: 0, depth: crate::ENCODE_RECURSION_LIMIT }
    }

    /// The fields of `msg`, one after the other.
    pub(crate) fn fields(&mut self, msg: MsgRef<'_>) -> Result<(), TextError> {
        if msg.table().full_name == "google.protobuf.Any" && self.any(msg)? {
            return Ok(());
        }
        let table = msg.table();
        let mut case = OneofCase::new();
        for (i, (slot, step)) in table.slots.iter().zip(msg.steps()).enumerate() {
            // Most fields of most messages are unset (or, under implicit
            // presence, at their default, which text format leaves out too):
            // skipped in one jump, and a oneof's members by asking the oneof
            // once.
            if crate::engine::scalar_absent(step, true) || !crate::engine::may_be_set(msg, slot, step, &mut case) {
                continue;
            }
            let Some(value) = msg.field(slot) else { continue };
            // A group is named by its type, as it is declared.
            let name = super::group_like_name(table, i).unwrap_or(table.infos[i].name);
            self.field(table, i, name, value)?;
        }
        let extensions = match msg.unknown() {
            Some(unknown) if !unknown.is_empty() => self.extensions(table.full_name, unknown)?,
            _ => Vec::new(),
        };
        if self.options.print_unknown_fields
            && let Some(unknown) = msg.unknown()
        {
            self.unknown(unknown.iter().filter(|(n, _)| !extensions.contains(n)), self.depth)?;
        }
        Ok(())
    }

    /// The registered extensions among `unknown`, as `[pkg.ext]` fields;
    /// returns their numbers.
    fn extensions(&mut self, extendee: &str, unknown: &crate::UnknownFields) -> Result<Vec<u32>, TextError> {
        let mut printed = Vec::new();
        for (info, holder) in crate::extension::stored(extendee, unknown) {
            let holder = holder.map_err(|e| TextError::value(format!("extension {}: {e}", info.full_name)))?;
            let h = MsgRef::from_dyn(&*holder);
            if let Some(value) = h.field(&h.table().slots[0]) {
                self.field(h.table(), 0, &format!("[{}]", info.full_name), value)?;
            }
            printed.push(info.number);
        }
        Ok(printed)
    }

    /// Field `i` of a message of `table`, holding `value`, printed as `name`.
    fn field(
        &mut self,
        table: &'static crate::table::MessageTable,
        i: usize,
        name: &str,
        value: Ref<'_>,
    ) -> Result<(), TextError> {
        let slot = &table.slots[i];
        let kind = table.infos[i].kind;
        match slot.shape {
            Shape::Map => {
                let mut result = Ok(());
                value.map_for_each(false, |k, v| {
                    if result.is_err() {
                        return;
                    }
                    self.open(name);
                    self.line_start();
                    self.out.push_str("key: ");
                    scalar::for_each(k, k.stored().base, Container::Plain, |s| {
                        self.scalar(Kind::String, s, None);
                    });
                    self.line_end();
                    result = if matches!(kind, Kind::Message | Kind::Group) {
                        match v.message() {
                            Some(child) => self.nested("value", child),
                            None => Ok(()),
                        }
                    } else {
                        self.line_start();
                        self.out.push_str("value: ");
                        scalar::for_each(v, v.stored().base, Container::Plain, |s| {
                            self.scalar(kind, s, slot.enumeration);
                        });
                        self.line_end();
                        Ok(())
                    };
                    self.close();
                });
                result?;
            }
            _ if matches!(kind, Kind::Message | Kind::Group) => {
                if slot.stored.container == Container::Vec {
                    for child in value.messages() {
                        self.nested(name, child)?;
                    }
                } else if let Some(child) = value.message() {
                    self.nested(name, child)?;
                }
            }
            shape => {
                self.scalar_field(name, kind, shape, slot.stored.base, slot.stored.container, value, slot.enumeration)
            }
        }
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    fn scalar_field(
        &mut self,
        name: &str,
        kind: Kind,
        shape: Shape,
        base: crate::table::Base,
        container: Container,
        value: Ref<'_>,
        enumeration: Option<&'static EnumOps>,
    ) {
        scalar::for_each(value, base, container, |s| {
            if shape == Shape::Implicit && scalar::is_default(s) {
                return;
            }
            self.line_start();
            self.out.push_str(name);
            self.out.push_str(": ");
            self.scalar(kind, s, enumeration);
            self.line_end();
        });
    }

    fn nested(&mut self, name: &str, child: MsgRef<'_>) -> Result<(), TextError> {
        self.depth = self.depth.checked_sub(1).ok_or_else(|| TextError::value("messages nested too deeply".into()))?;
        self.open(name);
        self.fields(child)?;
        self.close();
        self.depth += 1;
        Ok(())
    }

    /// An `Any` whose type is registered, expanded; `false` to print it as
    /// its two fields instead.
    fn any(&mut self, msg: MsgRef<'_>) -> Result<bool, TextError> {
        let table = msg.table();
        let (Some(url_slot), Some(value_slot)) = (table.find(1, 0), table.find(2, 1)) else { return Ok(false) };
        let (mut url, mut bytes) = ("", &[][..]);
        if let Some(v) = msg.field(&table.slots[url_slot]) {
            scalar::for_each(v, v.stored().base, v.stored().container, |s| {
                if let Scalar::Str(s) = s {
                    url = s;
                }
            });
        }
        if let Some(v) = msg.field(&table.slots[value_slot]) {
            scalar::for_each(v, v.stored().base, v.stored().container, |s| {
                if let Scalar::Bytes(b) = s {
                    bytes = b;
                }
            });
        }
        let Some(message_type) = url.rsplit_once('/').and_then(|(_, name)| registry::find_for(table, name)) else {
            return Ok(false);
        };
        let mut inner = message_type.new_message();
        if inner.merge_slice(bytes).is_err() {
            return Ok(false);
        }
        self.nested(&format!("[{url}]"), MsgRef::from_dyn(&*inner))?;
        Ok(true)
    }

    fn unknown<'u>(
        &mut self,
        fields: impl Iterator<Item = (u32, UnknownValue<'u>)>,
        depth: u32,
    ) -> Result<(), TextError> {
        use std::fmt::Write;
        for (number, value) in fields {
            self.line_start();
            match value {
                UnknownValue::Varint(v) => {
                    let _ = write!(self.out, "{number}: {v}");
                }
                UnknownValue::Fixed32(v) => {
                    let _ = write!(self.out, "{number}: 0x{v:08x}");
                }
                UnknownValue::Fixed64(v) => {
                    let _ = write!(self.out, "{number}: 0x{v:016x}");
                }
                // Bytes that read as fields are printed as a message, as
                // protoc does; anything else as a string.
                UnknownValue::LengthDelimited(b) if depth > 0 && !b.is_empty() && parses_as_fields(b, depth) => {
                    let _ = write!(self.out, "{number} {{");
                    self.line_end();
                    self.level += 1;
                    self.unknown(UnknownFieldIter::over(b), depth - 1)?;
                    self.level -= 1;
                    self.line_start();
                    self.out.push('}');
                }
                UnknownValue::LengthDelimited(b) => {
                    let _ = write!(self.out, "{number}: ");
                    self.bytes(b);
                }
                UnknownValue::Group(b) => {
                    let depth =
                        depth.checked_sub(1).ok_or_else(|| TextError::value("groups nested too deeply".into()))?;
                    let _ = write!(self.out, "{number} {{");
                    self.line_end();
                    self.level += 1;
                    self.unknown(UnknownFieldIter::over(b), depth)?;
                    self.level -= 1;
                    self.line_start();
                    self.out.push('}');
                }
            }
            self.line_end();
        }
        Ok(())
    }

    fn scalar(&mut self, kind: Kind, s: Scalar<'_>, enumeration: Option<&'static EnumOps>) {
        use std::fmt::Write;
        let _ = match s {
            Scalar::I32(v) if kind == Kind::Enum => match enumeration.and_then(|e| e.name(v)) {
                Some(name) => write!(self.out, "{name}"),
                None => write!(self.out, "{v}"),
            },
            Scalar::I32(v) => write!(self.out, "{v}"),
            Scalar::I64(v) => write!(self.out, "{v}"),
            Scalar::U32(v) => write!(self.out, "{v}"),
            Scalar::U64(v) => write!(self.out, "{v}"),
            Scalar::F32(v) => self.float(f64::from(v), true),
            Scalar::F64(v) => self.float(v, false),
            Scalar::Bool(v) => write!(self.out, "{v}"),
            Scalar::Str(v) => {
                self.string(v);
                Ok(())
            }
            Scalar::Bytes(v) => {
                // A `string` kept as bytes (`utf8_validation = NONE`) prints
                // as text when it is UTF-8, escaped bytes otherwise.
                if kind == Kind::String
                    && let Ok(text) = std::str::from_utf8(v)
                {
                    self.string(text);
                } else {
                    self.bytes(v);
                }
                Ok(())
            }
        };
    }

    fn float(&mut self, v: f64, single: bool) -> std::fmt::Result {
        if v.is_nan() {
            self.out.push_str("nan");
        } else if v.is_infinite() {
            self.out.push_str(if v > 0.0 { "inf" } else { "-inf" });
        } else {
            crate::json::push_float(&mut self.out, v, single);
        }
        Ok(())
    }

    /// A string: UTF-8 printed as is, quotes, backslashes and control
    /// characters escaped.
    fn string(&mut self, s: &str) {
        self.out.push('"');
        for c in s.chars() {
            if c.is_ascii() {
                self.byte(c as u8);
            } else {
                self.out.push(c);
            }
        }
        self.out.push('"');
    }

    /// Bytes: printable ASCII as is, everything else in octal.
    fn bytes(&mut self, b: &[u8]) {
        self.out.push('"');
        for &byte in b {
            self.byte(byte);
        }
        self.out.push('"');
    }

    fn byte(&mut self, b: u8) {
        use std::fmt::Write;
        match b {
            b'\n' => self.out.push_str("\\n"),
            b'\r' => self.out.push_str("\\r"),
            b'\t' => self.out.push_str("\\t"),
            b'"' => self.out.push_str("\\\""),
            b'\'' => self.out.push_str("\\'"),
            b'\\' => self.out.push_str("\\\\"),
            0x20..=0x7e => self.out.push(char::from(b)),
            _ => {
                let _ = write!(self.out, "\\{b:03o}");
            }
        }
    }

    fn open(&mut self, name: &str) {
        self.line_start();
        self.out.push_str(name);
        self.out.push_str(" {");
        self.line_end();
        self.level += 1;
    }

    fn close(&mut self) {
        self.level -= 1;
        self.line_start();
        self.out.push('}');
        self.line_end();
    }

    fn line_start(&mut self) {
        if self.options.single_line {
            if !self.out.is_empty() && !self.out.ends_with(' ') {
                self.out.push(' ');
            }
        } else {
            for _ in 0..self.level * 2 {
                self.out.push(' ');
            }
        }
    }

    fn line_end(&mut self) {
        if !self.options.single_line {
            self.out.push('\n');
        }
    }
}

/// Whether `bytes` are a sequence of whole, well-formed fields.
fn parses_as_fields(bytes: &[u8], depth: u32) -> bool {
    let mut rest = bytes;
    while !rest.is_empty() {
        let Ok((number, wire_type)) = crate::wire::read_key(&mut rest) else { return false };
        if crate::wire::skip_field(wire_type, number, &mut rest, depth).is_err()
            || wire_type == crate::wire::WireType::EndGroup
        {
            return false;
        }
    }
    true
}
