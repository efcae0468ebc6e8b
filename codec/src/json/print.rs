//! Printing a message as JSON by walking its table: the proto3 JSON mapping,
//! field by field, with the well-known types' own forms (`wkt`).

use super::number;
use super::{JsonError, PrintOptions, wkt};
use crate::access::{EnumOps, MsgRef, OneofCase, Ref, StepRef};
use crate::engine::dispatch_step;
use crate::field::Codec;
use crate::scalar::FieldScalar;
use crate::scalar::{self, Scalar};
use crate::table::{Container, Kind, Shape, Slot, StepCode};

pub(crate) struct Printer<'o> {
    pub(crate) out: String,
    options: &'o PrintOptions,
    level: usize,
    /// Message levels left before printing fails, as encoding does.
    depth: u32,
}

impl<'o> Printer<'o> {
    pub(crate) fn new(options: &'o PrintOptions) -> Printer<'o> {
        Printer { out: String::new(), options, level: 0, depth: crate::ENCODE_RECURSION_LIMIT + 1 }
    }

    /// A message, as an object or in its well-known type's form.
    pub(crate) fn message(&mut self, msg: MsgRef<'_>) -> Result<(), JsonError> {
        self.depth = self.depth.checked_sub(1).ok_or_else(|| {
            JsonError::value(format!("messages nested more than {} levels deep", crate::ENCODE_RECURSION_LIMIT))
        })?;
        let result = self.message_at_depth(msg);
        self.depth += 1;
        result
    }

    fn message_at_depth(&mut self, msg: MsgRef<'_>) -> Result<(), JsonError> {
        if let Some(done) = wkt::print(self, msg) {
            return done;
        }
        self.open('{');
        let mut first = true;
        self.fields(msg, &mut first)?;
        self.close('}', first);
        Ok(())
    }

    /// The members of a message's object (after any written before them).
    pub(crate) fn fields(&mut self, msg: MsgRef<'_>, first: &mut bool) -> Result<(), JsonError> {
        let table = msg.table();
        let names = quoted_names(table);
        let names = if self.options.proto_names { &names.proto } else { &names.json };
        let implicit_default = !self.options.emit_defaults;
        let mut case = OneofCase::new();
        for (i, (slot, step)) in table.slots.iter().zip(msg.steps()).enumerate() {
            if self.scalar_field(slot, step, &names[i], implicit_default, first) {
                continue;
            }
            if step.step.op == StepCode::MESSAGE_OP {
                if let Some(child) = msg.field(slot).and_then(Ref::message) {
                    self.member_quoted(&names[i], first);
                    self.message(child).map_err(|e| e.in_field(table.infos[i].name))?;
                }
                continue;
            }
            if !crate::engine::may_be_set(msg, slot, step, &mut case) {
                continue;
            }
            let info = &table.infos[i];
            let Some(value) = msg.field(slot) else { continue };
            self.field(slot, info.kind, &names[i], value, first).map_err(|e| e.in_field(info.name))?;
        }
        if let Some(unknown) = msg.unknown().filter(|u| !u.is_empty()) {
            self.extensions(table.full_name, unknown, first)?;
        }
        Ok(())
    }

    /// A singular scalar field, skipped or printed from its typed value in
    /// one jump on its step, with no further dispatch on the shape or the
    /// value kind; `false` for any other field. Inline in optimised builds;
    /// in debug builds a frame of its own, to keep the recursion's small.
    #[cfg_attr(not(debug_assertions), inline(always))]
    fn scalar_field(
        &mut self,
        slot: &'static Slot,
        step: StepRef<'_>,
        name: &str,
        implicit_default: bool,
        first: &mut bool,
    ) -> bool {
        dispatch_step!(step.step.op, C, V => {
            Implicit => {
                let v = step.get::<<C as Codec>::Value>();
                if !(implicit_default && C::is_default(v)) {
                    self.scalar_member(name, V.kind(), v.scalar(), slot.enumeration, first);
                }
                true
            },
            Always => {
                let v = step.get::<<C as Codec>::Value>();
                self.scalar_member(name, V.kind(), v.scalar(), slot.enumeration, first);
                true
            },
            Optional => {
                if let Some(v) = step.get::<Option<<C as Codec>::Value>>() {
                    self.scalar_member(name, V.kind(), v.scalar(), slot.enumeration, first);
                }
                true
            },
        } else {
            false
        })
    }

    /// The registered extensions among a message's unknown fields, as
    /// `"[pkg.ext]"` members (the rest of the unknown fields JSON drops).
    fn extensions(
        &mut self,
        extendee: &str,
        unknown: &crate::UnknownFields,
        first: &mut bool,
    ) -> Result<(), JsonError> {
        for (info, holder) in crate::extension::stored(extendee, unknown) {
            let in_field = |e: JsonError| e.in_field(info.full_name);
            let holder = holder.map_err(|e| in_field(JsonError::value(e.to_string())))?;
            let h = MsgRef::from_dyn(&*holder);
            let slot = &h.table().slots[0];
            if let Some(value) = h.field(slot) {
                let name = format!("\"[{}]\":", info.full_name);
                self.field(slot, h.table().infos[0].kind, &name, value, first).map_err(in_field)?;
            }
        }
        Ok(())
    }

    /// One field; `name` is quoted and escaped already.
    fn field(
        &mut self,
        slot: &'static Slot,
        kind: Kind,
        name: &str,
        value: Ref<'_>,
        first: &mut bool,
    ) -> Result<(), JsonError> {
        let defaults = self.options.emit_defaults;
        let is_message = matches!(kind, Kind::Message | Kind::Group);
        match slot.shape {
            Shape::Map => {
                let mut count = 0;
                value.map_for_each(false, |_, _| count += 1);
                if count == 0 && !defaults {
                    return Ok(());
                }
                self.member_quoted(name, first);
                self.open('{');
                let mut inner_first = true;
                let mut result = Ok(());
                value.map_for_each(false, |k, v| {
                    if result.is_ok() {
                        let mut key = String::new();
                        scalar::for_each(k, k.stored().base, Container::Plain, |s| key = map_key(s));
                        self.member(&key, &mut inner_first);
                        result = self.value(kind, slot.enumeration, v);
                    }
                });
                result?;
                self.close('}', inner_first);
            }
            Shape::Repeated | Shape::Packed if is_message => {
                if value.messages().len() == 0 && !defaults {
                    return Ok(());
                }
                self.member_quoted(name, first);
                self.open('[');
                let mut inner_first = true;
                for child in value.messages() {
                    self.element(&mut inner_first);
                    self.message(child)?;
                }
                self.close(']', inner_first);
            }
            Shape::Repeated | Shape::Packed => {
                let (base, container) = (slot.stored.base, slot.stored.container);
                let mut count = 0;
                scalar::for_each(value, base, container, |_| count += 1);
                if count == 0 && !defaults {
                    return Ok(());
                }
                self.member_quoted(name, first);
                self.open('[');
                let mut inner_first = true;
                let mut result = Ok(());
                scalar::for_each(value, base, container, |s| {
                    if result.is_ok() {
                        self.element(&mut inner_first);
                        result = self.scalar(kind, s, slot.enumeration);
                    }
                });
                result?;
                self.close(']', inner_first);
            }
            _ if is_message => {
                if let Some(child) = value.message() {
                    self.member_quoted(name, first);
                    self.message(child)?;
                }
            }
            shape => {
                let Some(s) = scalar::single(value, slot.stored.base, slot.stored.container) else { return Ok(()) };
                // Implicit presence: the default is absence, unless asked.
                if shape == Shape::Implicit && scalar::is_default(s) && !defaults {
                    return Ok(());
                }
                self.member_quoted(name, first);
                self.scalar(kind, s, slot.enumeration)?;
            }
        }
        Ok(())
    }

    /// A map value: a message or a scalar.
    fn value(&mut self, kind: Kind, enumeration: Option<&'static EnumOps>, v: Ref<'_>) -> Result<(), JsonError> {
        if matches!(kind, Kind::Message | Kind::Group) {
            return match v.message() {
                Some(child) => self.message(child),
                None => {
                    self.out.push_str("{}");
                    Ok(())
                }
            };
        }
        let mut result = Ok(());
        scalar::for_each(v, v.stored().base, Container::Plain, |s| result = self.scalar(kind, s, enumeration));
        result
    }

    fn int(&mut self, v: impl itoa::Integer) {
        self.out.push_str(itoa::Buffer::new().format(v));
    }

    fn quoted_int(&mut self, v: impl itoa::Integer) {
        self.out.push('"');
        self.int(v);
        self.out.push('"');
    }

    /// A singular scalar field's member: name, then value.
    #[inline(always)]
    fn scalar_member(
        &mut self,
        quoted: &str,
        kind: Kind,
        s: Scalar<'_>,
        enumeration: Option<&'static EnumOps>,
        first: &mut bool,
    ) {
        self.member_quoted(quoted, first);
        self.scalar_value(kind, s, enumeration);
    }

    /// One scalar in the JSON mapping's form for its kind.
    pub(crate) fn scalar(
        &mut self,
        kind: Kind,
        s: Scalar<'_>,
        enumeration: Option<&'static EnumOps>,
    ) -> Result<(), JsonError> {
        self.scalar_value(kind, s, enumeration);
        Ok(())
    }

    /// As [`scalar`](Self::scalar), inline: where the kind and the variant
    /// are constants (the step loop), only one arm's call is left.
    #[inline(always)]
    fn scalar_value(&mut self, kind: Kind, s: Scalar<'_>, enumeration: Option<&'static EnumOps>) {
        match (kind, s) {
            (Kind::Enum, Scalar::I32(v)) => self.enum_value(v, enumeration),
            (_, Scalar::I32(v)) => self.int(v),
            (_, Scalar::U32(v)) => self.int(v),
            (_, Scalar::I64(v)) => self.quoted_int(v),
            (_, Scalar::U64(v)) => self.quoted_int(v),
            (_, Scalar::F32(v)) => self.float(f64::from(v), true),
            (_, Scalar::F64(v)) => self.float(v, false),
            (_, Scalar::Bool(v)) => self.out.push_str(if v { "true" } else { "false" }),
            (_, Scalar::Str(v)) => self.string(v),
            // A `string` kept as bytes (`utf8_validation = NONE`): JSON can
            // only hold text, so invalid UTF-8 becomes U+FFFD.
            (Kind::String, Scalar::Bytes(v)) => self.string(&String::from_utf8_lossy(v)),
            (_, Scalar::Bytes(v)) => self.base64(v),
        }
    }

    #[inline(never)]
    fn enum_value(&mut self, v: i32, enumeration: Option<&'static EnumOps>) {
        let ops = enumeration;
        if ops.is_some_and(|e| e.full_name == "google.protobuf.NullValue") {
            self.out.push_str("null");
        } else if let Some(name) = ops.and_then(|e| e.name(v)).filter(|_| !self.options.enums_as_ints) {
            self.string(name);
        } else {
            self.int(v);
        }
    }

    #[inline(never)]
    fn base64(&mut self, v: &[u8]) {
        self.out.push('"');
        number::push_base64(&mut self.out, v);
        self.out.push('"');
    }

    pub(crate) fn float(&mut self, v: f64, single: bool) {
        if v.is_nan() {
            self.out.push_str("\"NaN\"");
        } else if v.is_infinite() {
            self.out.push_str(if v > 0.0 { "\"Infinity\"" } else { "\"-Infinity\"" });
        } else {
            let mut buf = ryu::Buffer::new();
            let text = if single { buf.format_finite(v as f32) } else { buf.format_finite(v) };
            // `1` rather than ryu's `1.0`, as the other implementations print.
            self.out.push_str(text.strip_suffix(".0").unwrap_or(text));
        }
    }

    /// A JSON string, escaped: runs without anything to escape are copied
    /// whole.
    pub(crate) fn string(&mut self, s: &str) {
        let bytes = s.as_bytes();
        self.out.push('"');
        // `plain_run` stops at exactly the bytes `ESCAPE` escapes.
        let mut stop = super::lex::plain_run(bytes);
        if stop == bytes.len() {
            self.out.push_str(s);
            self.out.push('"');
            return;
        }
        let mut run = 0;
        loop {
            self.out.push_str(&s[run..stop]);
            let Some(&b) = bytes.get(stop) else { break };
            let escape = ESCAPE[usize::from(b)];
            if escape == b'u' {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                self.out.push_str("\\u00");
                self.out.push(char::from(HEX[usize::from(b >> 4)]));
                self.out.push(char::from(HEX[usize::from(b & 15)]));
            } else {
                self.out.push('\\');
                self.out.push(char::from(escape));
            }
            run = stop + 1;
            stop = run + super::lex::plain_run(&bytes[run..]);
        }
        self.out.push('"');
    }

    pub(crate) fn open(&mut self, bracket: char) {
        self.out.push(bracket);
        self.level += 1;
    }

    pub(crate) fn close(&mut self, bracket: char, empty: bool) {
        self.level -= 1;
        if !empty {
            self.newline();
        }
        self.out.push(bracket);
    }

    fn newline(&mut self) {
        if let Some(width) = self.options.indent {
            self.out.push('\n');
            for _ in 0..self.level * width {
                self.out.push(' ');
            }
        }
    }

    /// Starts an object member: comma, indentation, name and colon.
    pub(crate) fn member(&mut self, name: &str, first: &mut bool) {
        self.before_member(first);
        self.string(name);
        self.after_member();
    }

    /// As [`member`](Self::member), with the name quoted already and its
    /// colon after it (as [`quoted_names`] keeps them): one copy.
    fn member_quoted(&mut self, quoted: &str, first: &mut bool) {
        self.before_member(first);
        self.out.push_str(quoted);
        if self.options.indent.is_some() {
            self.out.push(' ');
        }
    }

    fn before_member(&mut self, first: &mut bool) {
        if !*first {
            self.out.push(',');
        }
        *first = false;
        self.newline();
    }

    fn after_member(&mut self) {
        self.out.push(':');
        if self.options.indent.is_some() {
            self.out.push(' ');
        }
    }

    /// Starts an array element.
    pub(crate) fn element(&mut self, first: &mut bool) {
        if !*first {
            self.out.push(',');
        }
        *first = false;
        self.newline();
    }
}

/// The quoted, escaped names of a table's fields, each with the colon that
/// follows it in a member (`"name":`), made once per table.
pub(crate) fn quoted_names(table: &'static crate::table::MessageTable) -> &'static crate::table::TextNames {
    table.text.get_or_init(|| {
        let quote = |name: &str| {
            let options = PrintOptions::new();
            let mut p = Printer::new(&options);
            p.string(name);
            p.out.push(':');
            p.out.into_boxed_str()
        };
        crate::table::TextNames {
            json: table.infos.iter().map(|i| quote(i.json_name)).collect(),
            proto: table.infos.iter().map(|i| quote(i.name)).collect(),
            json_len: std::sync::atomic::AtomicUsize::new(0),
        }
    })
}

/// For each byte: 0 if it is written as is, else the letter of its escape
/// (`u` for `\u00XX`).
static ESCAPE: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 0x20 {
        table[b] = b'u';
        b += 1;
    }
    table[0x7f] = b'u';
    table[b'"' as usize] = b'"';
    table[b'\\' as usize] = b'\\';
    table[b'\n' as usize] = b'n';
    table[b'\r' as usize] = b'r';
    table[b'\t' as usize] = b't';
    table
};

/// A map key as the JSON mapping writes it: always a string.
fn map_key(s: Scalar<'_>) -> String {
    match s {
        Scalar::I32(v) => v.to_string(),
        Scalar::I64(v) => v.to_string(),
        Scalar::U32(v) => v.to_string(),
        Scalar::U64(v) => v.to_string(),
        Scalar::Bool(v) => v.to_string(),
        Scalar::Str(v) => v.to_owned(),
        Scalar::F32(v) => v.to_string(),
        Scalar::F64(v) => v.to_string(),
        Scalar::Bytes(v) => String::from_utf8_lossy(v).into_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The escaping, byte by byte, as the JSON mapping asks for it.
    fn naive(s: &str) -> String {
        let mut out = String::from("\"");
        for c in s.chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                '\n' => out.push_str("\\n"),
                '\r' => out.push_str("\\r"),
                '\t' => out.push_str("\\t"),
                c if (c as u32) < 0x20 || c == '\u{7f}' => out.push_str(&format!("\\u{:04x}", c as u32)),
                c => out.push(c),
            }
        }
        out.push('"');
        out
    }

    #[test]
    fn strings_escape_as_a_char_by_char_oracle_wherever_the_escapes_fall() {
        let options = PrintOptions::default();
        let pieces = ["a", "\"", "\\", "\n", "\u{1}", "\u{7f}", "\u{e9}", "\u{1f600}", "long plain text "];
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    let s = format!("{a}{b}{c}{a}{b}");
                    let mut p = Printer::new(&options);
                    p.string(&s);
                    assert_eq!(p.out, naive(&s), "{s:?}");
                }
            }
        }
    }
}
