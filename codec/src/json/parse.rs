//! Parsing JSON into a message by walking its table: fields found by JSON
//! or proto name, each value read in the JSON mapping's forms for its kind,
//! the well-known types in their own forms (`wkt`).

use super::lex::{Peek, Reader};
use super::number;
use super::{JsonError, ParseOptions, wkt};
use crate::access::{EnumOps, MsgMut, Mut, OneofOps};
use crate::engine::{dispatch_scalar, dispatch_step};
use crate::field::Codec;
use crate::scalar::{self, FieldScalar, Owned};
use crate::table::{Container, FieldInfo, Kind, MessageTable, Shape, Slot, Storage, Value};

/// How many fields from the expected next one the parser tries to match a
/// member's key against in place, before it reads the key and looks it up.
const GUESSES: usize = 3;

pub(crate) struct Parser<'a, 'o> {
    pub(crate) r: Reader<'a>,
    pub(crate) options: &'o ParseOptions,
}

/// What the message type of a field is, if it has one.
fn message_name(slot: &Slot) -> Option<&'static str> {
    slot.message.map(|ops| ops.table().full_name)
}

impl<'a> Parser<'a, '_> {
    /// A message: an object, or its well-known type's form.
    pub(crate) fn message(&mut self, mut msg: MsgMut<'_>) -> Result<(), JsonError> {
        if let Some(done) = wkt::parse(self, &mut msg) {
            return done;
        }
        self.r.begin_object()?;
        self.members(msg, None)
    }

    /// The members of an object whose `{` has been read, into `msg`;
    /// `skip` names a member to pass over (`Any`'s `@type`).
    pub(crate) fn members(&mut self, mut msg: MsgMut<'_>, skip: Option<&str>) -> Result<(), JsonError> {
        let table = msg.table();
        let mut seen = Seen::new(table.slots.len());
        // Members tend to come in field order: try the next field first.
        let mut hint = 0;
        let mut oneofs_set: Vec<(&'static OneofOps, &'static str)> = Vec::new();
        let names = &super::print::quoted_names(table).json;
        let mut first = true;
        while self.r.next_member(&mut first)? {
            // The key is most likely the next field's JSON name, as printed:
            // matched in place, it need not be read as a string and looked
            // up. The next few are tried, for the unset fields left out.
            let guess = (hint..names.len().min(hint + GUESSES)).find(|&i| self.r.key_is(names[i].as_bytes()));
            let index = match guess {
                Some(index) => index,
                None => match self.key(&mut msg, skip, hint)? {
                    Some(index) => index,
                    None => continue,
                },
            };
            hint = index + 1;
            let slot = &table.slots[index];
            let name = table.infos[index].name;
            if seen.insert(index) {
                return Err(self.r.error(format!("field `{name}` given twice")).in_field(name));
            }
            if self.scalar_field(&mut msg, index).map_err(|e| e.in_field(name))? {
                continue;
            }
            if let Some(oneof) = slot.oneof {
                // A `null` member sets nothing; two members that set
                // something are an error, as in the official parsers.
                let null = self.r.fork().null()? && !accepts_null(slot);
                if !null {
                    if let Some((_, other)) = oneofs_set.iter().find(|(o, _)| std::ptr::eq(*o, oneof)) {
                        return Err(self
                            .r
                            .error(format!("`{name}` and `{other}` are members of one oneof"))
                            .in_field(name));
                    }
                    oneofs_set.push((oneof, name));
                }
            }
            self.field(&mut msg, slot).map_err(|e| e.in_field(name))?;
        }
        Ok(())
    }

    /// Reads a member's key that was not the guess: the index of its field
    /// (looked for from field `hint` on),
    /// or `None` for a member already dealt with (skipped, an extension, an
    /// unknown field ignored).
    fn key(&mut self, msg: &mut MsgMut<'_>, skip: Option<&str>, hint: usize) -> Result<Option<usize>, JsonError> {
        let table = msg.table();
        let key = self.r.key()?;
        if skip == Some(&*key) {
            self.r.skip()?;
            return Ok(None);
        }
        if let Some(name) = key.strip_prefix('[').and_then(|k| k.strip_suffix(']'))
            && let Some(info) = crate::extension::find_by_name(name).filter(|i| i.extendee == table.full_name)
        {
            self.extension(msg, info).map_err(|e| e.in_field(info.full_name))?;
            return Ok(None);
        }
        match find_field(table, &key, hint) {
            Some(index) => Ok(Some(index)),
            None if self.options.ignore_unknown_fields => {
                self.r.skip()?;
                Ok(None)
            }
            None => Err(self.r.error(format!("no field `{key}` in message {}", table.full_name))),
        }
    }

    /// An extension's value, parsed into its holder, whose encoding is the
    /// extension's bytes in `msg`.
    fn extension(&mut self, msg: &mut MsgMut<'_>, info: crate::extension::ExtensionInfo) -> Result<(), JsonError> {
        let mut holder = info.holder.new_message();
        let mut h = MsgMut::from_dyn(&mut *holder);
        let slot = &h.table().slots[0];
        self.field(&mut h, slot)?;
        crate::extension::append(msg, &*holder).map_err(|why| self.r.error(why))
    }

    /// A singular scalar field (not a oneof member), read straight into its
    /// typed storage in one jump on the merge loop's op for it (which folds
    /// implicit and always-present fields into one code), with no further
    /// dispatch on the shape or the value kind; `false` for any other field.
    /// Inline in optimised builds; in debug builds a frame of its own, to
    /// keep the recursion's small.
    #[cfg_attr(not(debug_assertions), inline(always))]
    fn scalar_field(&mut self, msg: &mut MsgMut<'_>, index: usize) -> Result<bool, JsonError> {
        let slot = &msg.table().slots[index];
        dispatch_step!(slot.merge_op, C, V => {
            Implicit => {
                if let Some(v) = self.typed::<<C as Codec>::Value>(V.kind(), slot)? {
                    *msg.value_at::<<C as Codec>::Value>(index) = v;
                }
                Ok(true)
            },
            Optional => {
                if let Some(v) = self.typed::<<C as Codec>::Value>(V.kind(), slot)? {
                    *msg.value_at::<Option<<C as Codec>::Value>>(index) = Some(v);
                }
                Ok(true)
            },
        } else {
            Ok(false)
        })
    }

    /// A oneof's scalar member, read into its typed storage in one jump on
    /// its value kind. Inline in optimised builds; in debug builds a frame
    /// of its own, as `scalar_field`.
    #[cfg_attr(not(debug_assertions), inline(always))]
    fn oneof_scalar(&mut self, msg: &mut MsgMut<'_>, slot: &'static Slot) -> Result<(), JsonError> {
        dispatch_scalar!(slot.value, C, V => {
            if let Some(v) = self.typed::<<C as Codec>::Value>(V.kind(), slot)? {
                let (member, _) = msg.select(slot);
                *member.get::<<C as Codec>::Value>() = v;
            }
            Ok(())
        })
    }

    /// A singular scalar as its Rust type; `None` for `null` (the field's
    /// default: absent) and for an enum name ignored as unknown.
    #[inline(always)]
    fn typed<T: FieldScalar>(&mut self, kind: Kind, slot: &'static Slot) -> Result<Option<T>, JsonError>
    where
        Option<T>: Storage,
        Vec<T>: Storage,
    {
        if self.r.peek()? == Peek::Null && !accepts_null(slot) {
            self.r.null()?;
            return Ok(None);
        }
        Ok(self.scalar_value(kind, slot.enumeration)?.and_then(T::from_owned))
    }

    fn field(&mut self, msg: &mut MsgMut<'_>, slot: &'static Slot) -> Result<(), JsonError> {
        let kind = slot.value.kind();
        if self.r.peek()? == Peek::Null && !(slot.shape != Shape::Map && accepts_null(slot) && !is_list(slot)) {
            // `null` is the field's default: absent.
            self.r.null()?;
            return Ok(());
        }
        match slot.shape {
            Shape::Map => self.map(msg.field(slot), slot),
            Shape::Repeated | Shape::Packed => {
                self.r.begin_array()?;
                let mut first = true;
                while self.r.next_element(&mut first)? {
                    if self.r.peek()? == Peek::Null && !accepts_null(slot) {
                        return Err(self.r.error("null in a repeated field"));
                    }
                    if kind.is_message_kind() {
                        let (child, _) = msg.field(slot).message();
                        self.message(child)?;
                    } else if let Some(owned) = self.scalar(kind, slot.enumeration)? {
                        let value = msg.field(slot);
                        let stored = value.stored();
                        scalar::store(value, stored.base, Container::Vec, owned);
                    }
                }
                Ok(())
            }
            Shape::Oneof if kind.is_message_kind() => {
                let (member, _) = msg.select(slot);
                let (child, _) = member.message();
                self.message(child)
            }
            _ if kind.is_message_kind() => {
                let (child, _) = msg.field(slot).message();
                self.message(child)
            }
            // A oneof's scalar member, typed as in `scalar_field` (the
            // others are read there).
            Shape::Oneof => self.oneof_scalar(msg, slot),
            _ => {
                if let Some(owned) = self.scalar(kind, slot.enumeration)? {
                    scalar::set(msg, slot, owned);
                }
                Ok(())
            }
        }
    }

    fn map(&mut self, map: Mut<'_>, slot: &'static Slot) -> Result<(), JsonError> {
        self.r.begin_object()?;
        let key_kind = slot.key_value.kind();
        let value_kind = slot.value.kind();
        let mut map = map;
        let mut first = true;
        while let Some(key) = self.r.next_key(&mut first)? {
            let key_value = map_key(key_kind, &key).ok_or_else(|| self.r.error(format!("invalid map key {key:?}")))?;
            if self.r.peek()? == Peek::Null && !accepts_null(slot) {
                return Err(self.r.error("null as a map value"));
            }
            // The value is parsed inside the map's insert call; its error,
            // of another type than the insert's, is carried out beside it.
            let mut failure = None;
            let mut key_value = Some(key_value);
            let _ = map.reborrow().map_insert_with(|k, v| {
                if let Some(owned) = key_value.take() {
                    let stored = k.stored();
                    scalar::store(k, stored.base, Container::Plain, owned);
                }
                let result = if value_kind.is_message_kind() {
                    let (child, _) = v.message();
                    self.message(child).map(|()| true)
                } else {
                    self.scalar(value_kind, slot.enumeration).map(|owned| match owned {
                        Some(owned) => {
                            let stored = v.stored();
                            scalar::store(v, stored.base, Container::Plain, owned)
                        }
                        // An unknown enum name, ignored: no entry.
                        None => false,
                    })
                };
                match result {
                    Ok(insert) => Ok(insert),
                    Err(e) => {
                        failure = Some(e);
                        Ok(false)
                    }
                }
            });
            if let Some(e) = failure {
                return Err(e);
            }
        }
        Ok(())
    }

    /// One scalar of `kind`; `None` for an enum name the enum does not
    /// declare when unknown names are ignored.
    pub(crate) fn scalar(
        &mut self,
        kind: Kind,
        enumeration: Option<&'static EnumOps>,
    ) -> Result<Option<Owned>, JsonError> {
        self.scalar_value(kind, enumeration)
    }

    /// As [`scalar`](Self::scalar), inline: where the kind is a constant
    /// (the step's), only its arm is left.
    #[inline(always)]
    fn scalar_value(&mut self, kind: Kind, enumeration: Option<&'static EnumOps>) -> Result<Option<Owned>, JsonError> {
        let at = self.r.pos();
        let bad = |what: &str| JsonError::syntax(at, what.to_owned());
        Ok(Some(match kind {
            Kind::Int32 | Kind::SInt32 | Kind::SFixed32 => {
                Owned::I32(i32::try_from(self.integer()?).map_err(|_| bad("integer out of range for int32"))?)
            }
            Kind::UInt32 | Kind::Fixed32 => {
                Owned::U32(u32::try_from(self.integer()?).map_err(|_| bad("integer out of range for uint32"))?)
            }
            Kind::Int64 | Kind::SInt64 | Kind::SFixed64 => {
                Owned::I64(i64::try_from(self.integer()?).map_err(|_| bad("integer out of range for int64"))?)
            }
            Kind::UInt64 | Kind::Fixed64 => {
                Owned::U64(u64::try_from(self.integer()?).map_err(|_| bad("integer out of range for uint64"))?)
            }
            Kind::Float => {
                let v = self.float()?;
                // Out of range is what rounds to infinity as a float: the
                // shortest text of f32::MAX (3.4028235e38) is above it.
                if v.is_finite() && (v as f32).is_infinite() {
                    return Err(bad("number out of range for float"));
                }
                Owned::F32(v as f32)
            }
            Kind::Double => Owned::F64(self.float()?),
            Kind::Bool => Owned::Bool(self.r.bool()?),
            Kind::String => Owned::Str(self.r.string()?.into_owned()),
            Kind::Bytes => {
                let text = self.r.string()?;
                Owned::Bytes(number::base64(&text).ok_or_else(|| bad("invalid base64"))?)
            }
            Kind::Enum => return self.enum_value(enumeration),
            Kind::Message | Kind::Group => unreachable!("protowire: a message parsed as a scalar"),
        }))
    }

    /// An enum value, by name or number.
    fn enum_value(&mut self, enumeration: Option<&'static EnumOps>) -> Result<Option<Owned>, JsonError> {
        let at = self.r.pos();
        let bad = |what: &str| JsonError::syntax(at, what.to_owned());
        Ok(Some({
            let ops = enumeration;
            if ops.is_some_and(|e| e.full_name == "google.protobuf.NullValue") && self.r.null()? {
                return Ok(Some(Owned::I32(0)));
            }
            match self.r.peek()? {
                Peek::String => {
                    let name = self.r.string()?;
                    match ops.and_then(|e| e.value_of(&name)) {
                        Some(v) => Owned::I32(v),
                        None if self.options.ignore_unknown_fields => return Ok(None),
                        None => return Err(bad(&format!("unknown enum value name {name:?}"))),
                    }
                }
                Peek::Number => {
                    let text = self.r.number()?;
                    let v = number::integer(text).ok_or_else(|| bad("enum value is not an integer"))?;
                    Owned::I32(i32::try_from(v).map_err(|_| bad("enum value out of range"))?)
                }
                _ => return Err(bad("expected an enum name or number")),
            }
        }))
    }

    /// An integer, as a number or a string holding one.
    fn integer(&mut self) -> Result<i128, JsonError> {
        let at = self.r.pos();
        let text = match self.r.peek()? {
            Peek::Number => std::borrow::Cow::Borrowed(self.r.number()?),
            Peek::String => self.r.string()?,
            _ => return Err(self.r.error("expected an integer")),
        };
        number::integer(&text).ok_or_else(|| JsonError::syntax(at, format!("{text:?} is not an integer")))
    }

    /// A float, as a number, a string holding one, or `"NaN"`, `"Infinity"`, `"-Infinity"`.
    fn float(&mut self) -> Result<f64, JsonError> {
        let at = self.r.pos();
        let bad = |text: &str| JsonError::syntax(at, format!("{text:?} is not a number"));
        let v = match self.r.peek()? {
            Peek::Number => {
                let text = self.r.number()?;
                finite(text.parse::<f64>().map_err(|_| bad(text))?, text, at)?
            }
            Peek::String => {
                let text = self.r.string()?;
                match &*text {
                    "NaN" => f64::NAN,
                    "Infinity" => f64::INFINITY,
                    "-Infinity" => f64::NEG_INFINITY,
                    t => {
                        let mut inner = Reader::new(t, 0);
                        let number = inner.number().map_err(|_| bad(t))?;
                        inner.finish().map_err(|_| bad(t))?;
                        finite(number.parse::<f64>().map_err(|_| bad(t))?, t, at)?
                    }
                }
            }
            _ => return Err(self.r.error("expected a number")),
        };
        Ok(v)
    }
}

/// A number written out in digits that overflowed to infinity is out of
/// range, not infinite (infinity is spelled `"Infinity"`).
fn finite(v: f64, text: &str, at: usize) -> Result<f64, JsonError> {
    if v.is_infinite() {
        return Err(JsonError::syntax(at, format!("{text} is out of range for a double")));
    }
    Ok(v)
}

/// The field named `key`, by its JSON name or its proto name; field `hint`
/// is tried first.
fn find_field(table: &MessageTable, key: &str, hint: usize) -> Option<usize> {
    let infos = &table.infos;
    if let Some(info) = infos.get(hint)
        && (info.json_name == key || info.name == key)
    {
        return Some(hint);
    }
    // Members come in field order, with the unset fields left out: look on
    // from the hint first, then from the start. JSON names are tried
    // before proto names, as they take precedence.
    let from = hint.min(infos.len());
    let (before, after) = infos.split_at(from);
    let find = |pick: fn(&FieldInfo) -> &str| {
        let at = |i: &FieldInfo| pick(i) == key;
        after.iter().position(at).map(|i| from + i).or_else(|| before.iter().position(at))
    };
    find(|info| info.json_name).or_else(|| find(|info| info.name))
}

/// A map key from its JSON object key.
fn map_key(kind: Kind, key: &str) -> Option<Owned> {
    let int = || number::integer(key).filter(|_| !key.starts_with(['+', ' ']) && !key.ends_with(' '));
    Some(match kind {
        Kind::Int32 | Kind::SInt32 | Kind::SFixed32 => Owned::I32(i32::try_from(int()?).ok()?),
        Kind::UInt32 | Kind::Fixed32 => Owned::U32(u32::try_from(int()?).ok()?),
        Kind::Int64 | Kind::SInt64 | Kind::SFixed64 => Owned::I64(i64::try_from(int()?).ok()?),
        Kind::UInt64 | Kind::Fixed64 => Owned::U64(u64::try_from(int()?).ok()?),
        Kind::Bool => match key {
            "true" => Owned::Bool(true),
            "false" => Owned::Bool(false),
            _ => return None,
        },
        Kind::String => Owned::Str(key.to_owned()),
        _ => return None,
    })
}

/// Whether `null` is a value of the field's type, not its absence:
/// `google.protobuf.Value` and `NullValue`.
fn accepts_null(slot: &Slot) -> bool {
    match slot.value {
        Value::Message => message_name(slot) == Some("google.protobuf.Value"),
        Value::Enum => slot.enumeration.is_some_and(|e| e.full_name == "google.protobuf.NullValue"),
        _ => false,
    }
}

fn is_list(slot: &Slot) -> bool {
    matches!(slot.shape, Shape::Repeated | Shape::Packed)
}

impl Kind {
    pub(crate) const fn is_message_kind(self) -> bool {
        matches!(self, Kind::Message | Kind::Group)
    }
}

/// The fields given so far in one object: bits for the first 64, a vector
/// past them, so that most messages allocate nothing for it.
struct Seen {
    bits: u64,
    more: Vec<bool>,
}

impl Seen {
    fn new(fields: usize) -> Seen {
        Seen { bits: 0, more: if fields > 64 { vec![false; fields - 64] } else { Vec::new() } }
    }

    /// Marks field `index`; whether it was marked before.
    fn insert(&mut self, index: usize) -> bool {
        match index.checked_sub(64) {
            None => {
                let was = self.bits & (1 << index) != 0;
                self.bits |= 1 << index;
                was
            }
            Some(i) => std::mem::replace(&mut self.more[i], true),
        }
    }
}
