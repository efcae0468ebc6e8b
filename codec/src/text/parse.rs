//! Parsing the text format into a message by walking its table.

use super::TextError;
use super::lex::{Lexer, Token};
use crate::access::{EnumOps, MsgMut, Mut, OneofOps};
use crate::registry;
use crate::scalar::{self, Owned};
use crate::table::{Container, Kind, MessageTable, Shape, Slot};

pub(crate) struct Parser<'a> {
    pub(crate) lex: Lexer<'a>,
    depth: u32,
}

impl<'a> Parser<'a> {
    pub(crate) fn new(src: &'a [u8], depth: u32) -> Parser<'a> {
        Parser { lex: Lexer::new(src), depth }
    }

    /// Fields up to `close` (or the end of input when `close` is `None`).
    pub(crate) fn fields(&mut self, mut msg: MsgMut<'_>, close: Option<u8>) -> Result<(), TextError> {
        let table = msg.table();
        let mut seen = vec![false; table.slots.len()];
        let mut oneofs: Vec<&'static OneofOps> = Vec::new();
        loop {
            match (self.lex.peek()?, close) {
                (None, None) => return Ok(()),
                (None, Some(c)) => return Err(self.lex.error(format!("expected `{}`", char::from(c)))),
                (Some(Token::Punct(p)), Some(c)) if *p == c => {
                    self.lex.next()?;
                    return Ok(());
                }
                _ => {}
            }
            let at = self.lex.pos();
            let name = match self.lex.next()? {
                Some(Token::Ident(name)) => name,
                Some(Token::Number(n)) => {
                    return Err(TextError::new(at, format!("unknown field {n} (fields are named)")));
                }
                Some(Token::Punct(b'[')) => {
                    if table.full_name == "google.protobuf.Any" {
                        self.any(&mut msg)?;
                        self.separator()?;
                        continue;
                    }
                    self.extension(&mut msg, at)?;
                    self.separator()?;
                    continue;
                }
                _ => return Err(TextError::new(at, "expected a field name".into())),
            };
            let Some(index) = find(table, &name) else {
                return Err(TextError::new(at, format!("message {} has no field `{name}`", table.full_name)));
            };
            let slot = &table.slots[index];
            let field_name = table.infos[index].name;
            let repeated = matches!(slot.shape, Shape::Repeated | Shape::Packed | Shape::Map);
            if !repeated && std::mem::replace(&mut seen[index], true) {
                return Err(TextError::new(at, format!("field `{field_name}` given twice")));
            }
            if let Some(oneof) = slot.oneof {
                if oneofs.iter().any(|o| std::ptr::eq(*o, oneof)) {
                    return Err(TextError::new(at, format!("`{field_name}` is a second member of its oneof")));
                }
                oneofs.push(oneof);
            }
            self.field(&mut msg, slot).map_err(|e| e.in_field(field_name))?;
            self.separator()?;
        }
    }

    fn separator(&mut self) -> Result<(), TextError> {
        if !self.lex.eat(b',')? {
            self.lex.eat(b';')?;
        }
        Ok(())
    }

    fn field(&mut self, msg: &mut MsgMut<'_>, slot: &'static Slot) -> Result<(), TextError> {
        let kind = slot.value.kind();
        let is_message = matches!(kind, Kind::Message | Kind::Group) || slot.shape == Shape::Map;
        let colon = self.lex.eat(b':')?;
        if !is_message && !colon {
            return Err(self.lex.error("expected `:`"));
        }
        let list = matches!(slot.shape, Shape::Repeated | Shape::Packed | Shape::Map) && self.lex.eat(b'[')?;
        if list {
            if self.lex.eat(b']')? {
                return Ok(());
            }
            loop {
                self.one(msg, slot, kind, is_message)?;
                if self.lex.eat(b']')? {
                    return Ok(());
                }
                self.lex.expect(b',')?;
            }
        }
        self.one(msg, slot, kind, is_message)
    }

    /// One value of the field: a message in braces, or a scalar.
    fn one(
        &mut self,
        msg: &mut MsgMut<'_>,
        slot: &'static Slot,
        kind: Kind,
        is_message: bool,
    ) -> Result<(), TextError> {
        if is_message {
            let close = self.open()?;
            self.depth = self.depth.checked_sub(1).ok_or_else(|| self.lex.error("nested past the recursion limit"))?;
            let result = if slot.shape == Shape::Map {
                self.map_entry(msg.field(slot), slot, close)
            } else if slot.shape == Shape::Oneof {
                let (member, _) = msg.select(slot);
                let (child, _) = member.message();
                self.fields(child, Some(close))
            } else {
                let (child, _) = msg.field(slot).message();
                self.fields(child, Some(close))
            };
            self.depth += 1;
            return result;
        }
        let owned = self.scalar(kind, slot.enumeration, slot.value.is_raw_string())?;
        scalar::set(msg, slot, owned);
        Ok(())
    }

    fn open(&mut self) -> Result<u8, TextError> {
        if self.lex.eat(b'{')? {
            return Ok(b'}');
        }
        if self.lex.eat(b'<')? {
            return Ok(b'>');
        }
        Err(self.lex.error("expected `{` or `<`"))
    }

    fn map_entry(&mut self, map: Mut<'_>, slot: &'static Slot, close: u8) -> Result<(), TextError> {
        let key_kind = slot.key_value.kind();
        let value_kind = slot.value.kind();
        let mut failure = None;
        let _ = map.map_insert_with(|mut k, mut v| {
            let result = (|| {
                loop {
                    if self.lex.eat(close)? {
                        return Ok(());
                    }
                    let at = self.lex.pos();
                    match self.lex.next()? {
                        Some(Token::Ident(name)) if name == "key" => {
                            self.lex.expect(b':')?;
                            let owned = self.scalar(key_kind, None, false)?;
                            let stored = k.stored();
                            scalar::store(k.reborrow(), stored.base, Container::Plain, owned);
                        }
                        Some(Token::Ident(name)) if name == "value" => {
                            if matches!(value_kind, Kind::Message | Kind::Group) {
                                self.lex.eat(b':')?;
                                let inner = self.open()?;
                                let (child, _) = v.reborrow().message();
                                self.fields(child, Some(inner))?;
                            } else {
                                self.lex.expect(b':')?;
                                let owned = self.scalar(value_kind, slot.enumeration, slot.value.is_raw_string())?;
                                let stored = v.stored();
                                scalar::store(v.reborrow(), stored.base, Container::Plain, owned);
                            }
                        }
                        _ => return Err(TextError::new(at, "a map entry holds `key` and `value`".into())),
                    }
                    self.separator()?;
                }
            })();
            match result {
                Ok(()) => Ok(true),
                Err(e) => {
                    failure = Some(e);
                    Ok(false)
                }
            }
        });
        failure.map_or(Ok(()), Err)
    }

    /// `[type.googleapis.com/pkg.Type] { ... }` inside an `Any`, its `[`
    /// read.
    /// `[pkg.ext]: value` (after the `[`): the value parsed into the
    /// extension's holder, whose encoding is the extension's bytes in `msg`.
    fn extension(&mut self, msg: &mut MsgMut<'_>, at: usize) -> Result<(), TextError> {
        let mut name = String::new();
        loop {
            match self.lex.next()? {
                Some(Token::Punct(b']')) => break,
                Some(Token::Ident(s)) => name.push_str(&s),
                Some(Token::Punct(b'.')) => name.push('.'),
                _ => return Err(self.lex.error("malformed extension name")),
            }
        }
        let extendee = msg.table().full_name;
        let info = crate::extension::find_by_name(&name)
            .filter(|info| info.extendee == extendee)
            .ok_or_else(|| TextError::new(at, format!("no extension `{name}` of {extendee} is registered")))?;
        let mut holder = info.holder.new_message();
        let mut h = MsgMut::from_dyn(&mut *holder);
        let slot = &h.table().slots[0];
        self.field(&mut h, slot).map_err(|e| e.in_field(info.full_name))?;
        crate::extension::append(msg, &*holder).map_err(|why| TextError::new(at, why))
    }

    fn any(&mut self, msg: &mut MsgMut<'_>) -> Result<(), TextError> {
        let mut url = String::new();
        loop {
            match self.lex.next()? {
                Some(Token::Punct(b']')) => break,
                Some(Token::Ident(s) | Token::Number(s)) => url.push_str(&s),
                Some(Token::Punct(p @ (b'.' | b'/'))) => url.push(char::from(p)),
                _ => return Err(self.lex.error("malformed Any type URL")),
            }
        }
        let Some((_, name)) = url.rsplit_once('/') else {
            return Err(self.lex.error(format!("Any type URL {url:?} has no '/'")));
        };
        let message_type = registry::find_for(msg.table(), name)
            .ok_or_else(|| self.lex.error(format!("Any holds {name}, which is not registered")))?;
        self.lex.eat(b':')?;
        let close = self.open()?;
        let mut inner = message_type.new_message();
        self.fields(MsgMut::from_dyn(&mut *inner), Some(close))?;
        let bytes = crate::encode::encode_to_vec(crate::access::MsgRef::from_dyn(&*inner), false, false)
            .map_err(|e| self.lex.error(e.to_string()))?;
        let table = msg.table();
        for (number, owned) in [(1, Owned::Str(url)), (2, Owned::Bytes(bytes))] {
            if let Some(i) = table.find(number, 0) {
                scalar::set(msg, &table.slots[i], owned);
            }
        }
        Ok(())
    }

    /// `raw`: a `string` kept as bytes, whose text need not be UTF-8.
    fn scalar(&mut self, kind: Kind, enumeration: Option<&'static EnumOps>, raw: bool) -> Result<Owned, TextError> {
        let at = self.lex.pos();
        let bad = |what: String| TextError::new(at, what);
        let negative = self.lex.eat(b'-')?;
        let token = self.lex.next()?.ok_or_else(|| bad("expected a value".into()))?;
        let int = |token: &Token| -> Result<i128, TextError> {
            let Token::Number(text) = token else { return Err(bad(format!("expected an integer, found {token:?}"))) };
            let v = parse_int(text).ok_or_else(|| bad(format!("{text:?} is not an integer")))?;
            Ok(if negative { -v } else { v })
        };
        let range = |what: &str| bad(format!("integer out of range for {what}"));
        Ok(match kind {
            Kind::Int32 | Kind::SInt32 | Kind::SFixed32 => {
                Owned::I32(i32::try_from(int(&token)?).map_err(|_| range("int32"))?)
            }
            Kind::UInt32 | Kind::Fixed32 => Owned::U32(u32::try_from(int(&token)?).map_err(|_| range("uint32"))?),
            Kind::Int64 | Kind::SInt64 | Kind::SFixed64 => {
                Owned::I64(i64::try_from(int(&token)?).map_err(|_| range("int64"))?)
            }
            Kind::UInt64 | Kind::Fixed64 => Owned::U64(u64::try_from(int(&token)?).map_err(|_| range("uint64"))?),
            Kind::Float | Kind::Double => {
                let v = match &token {
                    Token::Number(text) => parse_float(text).ok_or_else(|| bad(format!("{text:?} is not a number")))?,
                    Token::Ident(word) => match word.to_ascii_lowercase().as_str() {
                        "inf" | "infinity" => f64::INFINITY,
                        "nan" => f64::NAN,
                        _ => return Err(bad(format!("{word:?} is not a number"))),
                    },
                    _ => return Err(bad("expected a number".into())),
                };
                let v = if negative { -v } else { v };
                if kind == Kind::Float { Owned::F32(v as f32) } else { Owned::F64(v) }
            }
            Kind::Bool => match &token {
                Token::Ident(w) if matches!(w.as_str(), "true" | "True" | "t") => Owned::Bool(true),
                Token::Ident(w) if matches!(w.as_str(), "false" | "False" | "f") => Owned::Bool(false),
                Token::Number(n) if n == "1" && !negative => Owned::Bool(true),
                Token::Number(n) if n == "0" && !negative => Owned::Bool(false),
                _ => return Err(bad("expected true or false".into())),
            },
            Kind::String => match token {
                Token::Str(bytes) if !negative && raw => Owned::Bytes(bytes),
                Token::Str(bytes) if !negative => {
                    Owned::Str(String::from_utf8(bytes).map_err(|_| bad("string is not UTF-8".into()))?)
                }
                _ => return Err(bad("expected a string".into())),
            },
            Kind::Bytes => match token {
                Token::Str(bytes) if !negative => Owned::Bytes(bytes),
                _ => return Err(bad("expected a string".into())),
            },
            Kind::Enum => match &token {
                Token::Ident(name) if !negative => Owned::I32(
                    enumeration
                        .and_then(|e| e.value_of(name))
                        .ok_or_else(|| bad(format!("unknown enum value name `{name}`")))?,
                ),
                Token::Number(_) => {
                    let v = i32::try_from(int(&token)?).map_err(|_| range("enum"))?;
                    if enumeration.is_some_and(|e| e.closed && !e.is_valid(v)) {
                        return Err(bad(format!("{v} is not a value of the enum")));
                    }
                    Owned::I32(v)
                }
                _ => return Err(bad("expected an enum name or number".into())),
            },
            Kind::Message | Kind::Group => unreachable!("protowire: a message parsed as a scalar"),
        })
    }
}

/// The field a name in the text names: by proto name, or a group-like
/// field by its type's name.
fn find(table: &MessageTable, name: &str) -> Option<usize> {
    table
        .infos
        .iter()
        .position(|info| info.name == name)
        .or_else(|| (0..table.slots.len()).find(|&i| super::group_like_name(table, i) == Some(name)))
}

/// Decimal, hex (`0x`) or octal (leading `0`) integers.
fn parse_int(text: &str) -> Option<i128> {
    if let Some(hex) = text.strip_prefix("0x").or_else(|| text.strip_prefix("0X")) {
        return i128::from_str_radix(hex, 16).ok();
    }
    if text.len() > 1 && text.starts_with('0') {
        return i128::from_str_radix(&text[1..], 8).ok();
    }
    if !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// Floats: decimal forms, an optional `f`/`F` suffix, integers in any base.
fn parse_float(text: &str) -> Option<f64> {
    let body = text.strip_suffix(['f', 'F']).unwrap_or(text);
    if body.starts_with("0x")
        || body.starts_with("0X")
        || (body.len() > 1 && body.starts_with('0') && !body.contains(['.', 'e', 'E']))
    {
        return parse_int(text).map(|v| v as f64);
    }
    if !body.bytes().all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'+' | b'-')) {
        return None;
    }
    body.parse().ok()
}
