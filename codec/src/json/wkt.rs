//! The well-known types' JSON forms: `Any` with `@type`, `Timestamp` and
//! `Duration` as strings, `FieldMask` as one string, `Struct`/`Value`/
//! `ListValue` as free JSON, the wrappers as their bare value. Recognised by
//! full name and reached through their tables like any message, so dynamic
//! messages of these types get the same forms.

use super::JsonError;
use super::lex::Peek;
use super::parse::Parser;
use super::print::Printer;
use crate::access::{MsgMut, MsgRef};
use crate::registry;
use crate::scalar::{self, Owned, Scalar};
use crate::table::{Container, MessageTable, Slot};
use crate::types::{Duration, Timestamp};

const WRAPPERS: [&str; 9] = [
    "google.protobuf.DoubleValue",
    "google.protobuf.FloatValue",
    "google.protobuf.Int64Value",
    "google.protobuf.UInt64Value",
    "google.protobuf.Int32Value",
    "google.protobuf.UInt32Value",
    "google.protobuf.BoolValue",
    "google.protobuf.StringValue",
    "google.protobuf.BytesValue",
];

/// Whether a type has a JSON form of its own (inside an `Any`, under `value`).
fn is_special(name: &str) -> bool {
    matches!(
        name,
        "google.protobuf.Any"
            | "google.protobuf.Timestamp"
            | "google.protobuf.Duration"
            | "google.protobuf.FieldMask"
            | "google.protobuf.Struct"
            | "google.protobuf.Value"
            | "google.protobuf.ListValue"
    ) || WRAPPERS.contains(&name)
}

fn slot(table: &'static MessageTable, number: u32) -> Option<&'static Slot> {
    table.find(number, 0).map(|i| &table.slots[i])
}

/// The scalar in field `number` (a singular scalar field), if set.
fn get(msg: MsgRef<'_>, number: u32) -> Option<Scalar<'_>> {
    let slot = slot(msg.table(), number)?;
    let value = msg.field(slot)?;
    let mut out = None;
    scalar::for_each(value, slot.stored.base, slot.stored.container, |s| out = Some(s));
    out
}

fn get_i64(msg: MsgRef<'_>, number: u32) -> i64 {
    match get(msg, number) {
        Some(Scalar::I64(v)) => v,
        Some(Scalar::I32(v)) => i64::from(v),
        _ => 0,
    }
}

fn get_str(msg: MsgRef<'_>, number: u32) -> &str {
    match get(msg, number) {
        Some(Scalar::Str(v)) => v,
        _ => "",
    }
}

fn get_bytes(msg: MsgRef<'_>, number: u32) -> &[u8] {
    match get(msg, number) {
        Some(Scalar::Bytes(v)) => v,
        _ => &[],
    }
}

/// Sets singular scalar field `number`.
fn set(msg: &mut MsgMut<'_>, number: u32, owned: Owned) {
    if let Some(slot) = slot(msg.table(), number) {
        scalar::set(msg, slot, owned);
    }
}

/// Prints `msg` in its well-known form; `None` for any other type.
pub(crate) fn print(p: &mut Printer<'_>, msg: MsgRef<'_>) -> Option<Result<(), JsonError>> {
    let name = msg.table().full_name;
    if !name.starts_with("google.protobuf.") || !is_special(name) {
        return None;
    }
    Some(match name {
        "google.protobuf.Any" => print_any(p, msg),
        "google.protobuf.Timestamp" => {
            timestamp_text(get_i64(msg, 1), get_i64(msg, 2)).map(|text| p.string(&text)).map_err(JsonError::value)
        }
        "google.protobuf.Duration" => {
            duration_text(get_i64(msg, 1), get_i64(msg, 2)).map(|text| p.string(&text)).map_err(JsonError::value)
        }
        "google.protobuf.FieldMask" => field_mask_text(msg).map(|text| p.string(&text)),
        "google.protobuf.Struct" => print_struct(p, msg),
        "google.protobuf.ListValue" => print_list(p, msg),
        "google.protobuf.Value" => print_value(p, msg),
        _ => {
            // A wrapper: its value, even at the default.
            let Some(slot) = slot(msg.table(), 1) else {
                return Some(Err(JsonError::value("wrapper without a value field".into())));
            };
            let kind = slot.value.kind();
            let mut result = Ok(());
            if let Some(value) = msg.field(slot) {
                scalar::for_each(value, slot.stored.base, slot.stored.container, |s| {
                    result = p.scalar(kind, s, slot.enumeration);
                });
            }
            result
        }
    })
}

fn print_any(p: &mut Printer<'_>, msg: MsgRef<'_>) -> Result<(), JsonError> {
    let url = get_str(msg, 1);
    let bytes = get_bytes(msg, 2);
    if url.is_empty() && bytes.is_empty() {
        p.out.push_str("{}");
        return Ok(());
    }
    let inner_type = find_type(msg.table(), url)?;
    let mut inner = inner_type.new_message();
    inner.merge_slice(bytes).map_err(|e| JsonError::value(format!("Any holding {url}: {e}")))?;
    let inner = MsgRef::from_dyn(&*inner);
    p.open('{');
    let mut first = true;
    p.member("@type", &mut first);
    p.string(url);
    if is_special(inner_type.full_name()) {
        p.member("value", &mut first);
        p.message(inner)?;
    } else {
        p.fields(inner, &mut first)?;
    }
    p.close('}', false);
    Ok(())
}

/// The message type an `Any`'s type URL names, from the registry (or, for
/// an `Any` of a dynamic type, from its pool).
fn find_type(context: &'static MessageTable, url: &str) -> Result<registry::MessageType, JsonError> {
    let name = url.rsplit('/').next().unwrap_or(url);
    if !url.contains('/') || name.is_empty() {
        return Err(JsonError::value(format!("Any type URL {url:?} has no type name after a '/'")));
    }
    registry::find_for(context, name).ok_or_else(|| {
        JsonError::value(format!(
            "Any holds {name}, which is not registered: call protowire::registry::register(MessageType::of::<T>()) first"
        ))
    })
}

fn print_struct(p: &mut Printer<'_>, msg: MsgRef<'_>) -> Result<(), JsonError> {
    // `fields` is the struct's one field: a map of string to Value.
    p.open('{');
    let mut first = true;
    if let Some(slot) = slot(msg.table(), 1)
        && let Some(map) = msg.field(slot)
    {
        let mut entries = Vec::new();
        map.map_for_each(false, |k, v| {
            let mut key = String::new();
            scalar::for_each(k, k.stored().base, Container::Plain, |s| {
                if let Scalar::Str(s) = s {
                    key = s.to_owned();
                }
            });
            if let Some(child) = v.message() {
                entries.push((key, child));
            }
        });
        // A HashMap's order is arbitrary; sorted keys make output stable.
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        for (key, child) in entries {
            p.member(&key, &mut first);
            print_value(p, child).map_err(|e| e.in_field_owned(key))?;
        }
    }
    p.close('}', first);
    Ok(())
}

fn print_list(p: &mut Printer<'_>, msg: MsgRef<'_>) -> Result<(), JsonError> {
    p.open('[');
    let mut first = true;
    if let Some(slot) = slot(msg.table(), 1)
        && let Some(values) = msg.field(slot)
    {
        for child in values.messages() {
            p.element(&mut first);
            print_value(p, child)?;
        }
    }
    p.close(']', first);
    Ok(())
}

fn print_value(p: &mut Printer<'_>, msg: MsgRef<'_>) -> Result<(), JsonError> {
    let table = msg.table();
    for slot in table.slots.iter() {
        let Some(value) = msg.field(slot) else { continue };
        match slot.number {
            1 => p.out.push_str("null"),
            2 => {
                let v = *value.get::<f64>();
                if !v.is_finite() {
                    return Err(JsonError::value(format!("Value holds {v}, which JSON cannot")));
                }
                p.float(v, false);
            }
            3 | 4 => scalar::for_each(value, slot.stored.base, Container::Plain, |s| {
                let _ = p.scalar(slot.value.kind(), s, None);
            }),
            5 => print_struct(p, value.message().ok_or_else(|| JsonError::value("empty struct_value".into()))?)?,
            6 => print_list(p, value.message().ok_or_else(|| JsonError::value("empty list_value".into()))?)?,
            _ => continue,
        }
        return Ok(());
    }
    Err(JsonError::value("google.protobuf.Value with no kind set".into()))
}

/// Parses `msg` from its well-known form; `None` for any other type.
pub(crate) fn parse(p: &mut Parser<'_, '_>, msg: &mut MsgMut<'_>) -> Option<Result<(), JsonError>> {
    let name = msg.table().full_name;
    if !name.starts_with("google.protobuf.") || !is_special(name) {
        return None;
    }
    let at = p.r.pos();
    let bad = move |what: String| JsonError::syntax(at, what);
    Some((|| match name {
        "google.protobuf.Any" => parse_any(p, msg),
        "google.protobuf.Timestamp" => {
            let text = expect_string(p)?;
            let (seconds, nanos) = parse_timestamp(&text).map_err(bad)?;
            set(msg, 1, Owned::I64(seconds));
            set(msg, 2, Owned::I32(nanos));
            Ok(())
        }
        "google.protobuf.Duration" => {
            let text = expect_string(p)?;
            let (seconds, nanos) = parse_duration(&text).map_err(bad)?;
            set(msg, 1, Owned::I64(seconds));
            set(msg, 2, Owned::I32(nanos));
            Ok(())
        }
        "google.protobuf.FieldMask" => {
            let text = expect_string(p)?;
            let Some(slot) = slot(msg.table(), 1) else { return Ok(()) };
            for path in text.split(',').filter(|s| !s.is_empty()) {
                let snake = camel_to_snake(path).ok_or_else(|| bad(format!("invalid FieldMask path {path:?}")))?;
                let value = msg.field(slot);
                let stored = value.stored();
                scalar::store(value, stored.base, Container::Vec, Owned::Str(snake));
            }
            Ok(())
        }
        "google.protobuf.Struct" => parse_struct(p, msg),
        "google.protobuf.ListValue" => parse_list(p, msg),
        "google.protobuf.Value" => parse_value(p, msg),
        _ => {
            let Some(slot) = slot(msg.table(), 1) else { return Ok(()) };
            if let Some(owned) = p.scalar(slot.value.kind(), slot.enumeration)? {
                let value = msg.field(slot);
                let stored = value.stored();
                scalar::store(value, stored.base, stored.container, owned);
            }
            Ok(())
        }
    })())
}

fn expect_string(p: &mut Parser<'_, '_>) -> Result<String, JsonError> {
    if p.r.peek()? != Peek::String {
        return Err(p.r.error("expected a string"));
    }
    Ok(p.r.string()?.into_owned())
}

fn parse_any(p: &mut Parser<'_, '_>, msg: &mut MsgMut<'_>) -> Result<(), JsonError> {
    // `@type` may come after the members it describes: find it first.
    let mut ahead = p.r.fork();
    ahead.begin_object()?;
    let mut url = None;
    let mut first = true;
    while let Some(key) = ahead.next_key(&mut first)? {
        if key == "@type" {
            if ahead.peek()? != Peek::String {
                return Err(ahead.error("@type is not a string"));
            }
            url = Some(ahead.string()?.into_owned());
            break;
        }
        ahead.skip()?;
    }
    let at = p.r.pos();
    p.r.begin_object()?;
    let Some(url) = url else {
        let mut first = true;
        if p.r.next_key(&mut first)?.is_some() {
            return Err(p.r.error("Any without @type"));
        }
        return Ok(());
    };
    let inner_type = find_type(msg.table(), &url).map_err(|e| JsonError::syntax(at, e.message().to_owned()))?;
    let mut inner = inner_type.new_message();
    if is_special(inner_type.full_name()) {
        let mut first = true;
        let mut had_value = false;
        while let Some(key) = p.r.next_key(&mut first)? {
            match &*key {
                "@type" => p.r.skip()?,
                "value" if !had_value => {
                    had_value = true;
                    p.message(MsgMut::from_dyn(&mut *inner))?;
                }
                other => return Err(p.r.error(format!("unexpected member {other:?} in an Any holding {url}"))),
            }
        }
    } else {
        p.members(MsgMut::from_dyn(&mut *inner), Some("@type"))?;
    }
    let bytes = crate::encode::encode_to_vec(MsgRef::from_dyn(&*inner), false, false)
        .map_err(|e| JsonError::value(e.to_string()))?;
    set(msg, 1, Owned::Str(url));
    set(msg, 2, Owned::Bytes(bytes));
    Ok(())
}

fn parse_struct(p: &mut Parser<'_, '_>, msg: &mut MsgMut<'_>) -> Result<(), JsonError> {
    p.r.begin_object()?;
    let Some(slot) = slot(msg.table(), 1) else { return Err(p.r.error("Struct without fields")) };
    let mut first = true;
    while let Some(key) = p.r.next_key(&mut first)? {
        let mut failure = None;
        let mut key = Some(key.into_owned());
        let _ = msg.field(slot).map_insert_with(|k, v| {
            if let Some(key) = key.take() {
                let stored = k.stored();
                scalar::store(k, stored.base, Container::Plain, Owned::Str(key));
            }
            let (mut child, _) = v.message();
            match parse_value(p, &mut child) {
                Ok(()) => Ok(true),
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

fn parse_list(p: &mut Parser<'_, '_>, msg: &mut MsgMut<'_>) -> Result<(), JsonError> {
    p.r.begin_array()?;
    let Some(slot) = slot(msg.table(), 1) else { return Err(p.r.error("ListValue without values")) };
    let mut first = true;
    while p.r.next_element(&mut first)? {
        let (mut child, _) = msg.field(slot).message();
        parse_value(p, &mut child)?;
    }
    Ok(())
}

fn parse_value(p: &mut Parser<'_, '_>, msg: &mut MsgMut<'_>) -> Result<(), JsonError> {
    let table = msg.table();
    let member = |number| slot(table, number).ok_or_else(|| JsonError::value("Value without its members".into()));
    match p.r.peek()? {
        Peek::Null => {
            p.r.null()?;
            set(msg, 1, Owned::I32(0));
        }
        Peek::Number => {
            let text = p.r.number()?;
            let v: f64 = text.parse().map_err(|_| p.r.error("invalid number"))?;
            set(msg, 2, Owned::F64(v));
        }
        Peek::String => {
            let s = p.r.string()?.into_owned();
            set(msg, 3, Owned::Str(s));
        }
        Peek::True | Peek::False => {
            let b = p.r.bool()?;
            set(msg, 4, Owned::Bool(b));
        }
        Peek::Object => {
            let slot = member(5)?;
            let (value, _) = msg.select(slot);
            let (mut child, _) = value.message();
            parse_struct(p, &mut child)?;
        }
        Peek::Array => {
            let slot = member(6)?;
            let (value, _) = msg.select(slot);
            let (mut child, _) = value.message();
            parse_list(p, &mut child)?;
        }
    }
    Ok(())
}

/// A `Timestamp`'s JSON text: `types::Timestamp`'s `Display`, for the
/// range and canonical form the mapping allows.
fn timestamp_text(seconds: i64, nanos: i64) -> Result<String, String> {
    let nanos = i32::try_from(nanos).map_err(|_| format!("Timestamp nanos {nanos} out of range"))?;
    let t = Timestamp { seconds, nanos, ..Timestamp::default() };
    if !t.is_valid() {
        return Err(format!("Timestamp out of range: {seconds} s, {nanos} ns"));
    }
    Ok(t.to_string())
}

/// A `Duration`'s JSON text, as [`timestamp_text`].
fn duration_text(seconds: i64, nanos: i64) -> Result<String, String> {
    let nanos = i32::try_from(nanos).map_err(|_| format!("Duration nanos {nanos} out of range"))?;
    let d = Duration { seconds, nanos, ..Duration::default() };
    if !d.is_valid() {
        return Err(format!("Duration out of range: {seconds} s, {nanos} ns"));
    }
    Ok(d.to_string())
}

/// A `Timestamp` from its JSON text. Stricter than `FromStr`, as the
/// official parsers are: `T` and `Z` in upper case only.
fn parse_timestamp(s: &str) -> Result<(i64, i32), String> {
    if s.contains(['t', 'z']) {
        return Err(format!("invalid timestamp {s:?}: `T` and `Z` are upper case"));
    }
    let t: Timestamp = s.parse().map_err(|e| format!("invalid timestamp {s:?}: {e}"))?;
    Ok((t.seconds, t.nanos))
}

fn parse_duration(s: &str) -> Result<(i64, i32), String> {
    let d: Duration = s.parse().map_err(|e| format!("invalid duration {s:?}: {e}"))?;
    Ok((d.seconds, d.nanos))
}

fn field_mask_text(msg: MsgRef<'_>) -> Result<String, JsonError> {
    let mut paths = Vec::new();
    if let Some(slot) = slot(msg.table(), 1)
        && let Some(value) = msg.field(slot)
    {
        scalar::for_each(value, slot.stored.base, slot.stored.container, |s| {
            if let Scalar::Str(path) = s {
                paths.push(path.to_owned());
            }
        });
    }
    let mut out = Vec::with_capacity(paths.len());
    for path in &paths {
        let camel = snake_to_camel(path)
            .ok_or_else(|| JsonError::value(format!("FieldMask path {path:?} has no JSON form that reads back")))?;
        out.push(camel);
    }
    Ok(out.join(","))
}

/// `foo_bar.baz` → `fooBar.baz`; `None` where the result would not convert
/// back (upper case, a `_` not followed by a lower-case letter).
fn snake_to_camel(path: &str) -> Option<String> {
    let mut out = String::with_capacity(path.len());
    let mut upper = false;
    for c in path.chars() {
        if c.is_ascii_uppercase() {
            return None;
        }
        if upper {
            if !c.is_ascii_lowercase() {
                return None;
            }
            out.push(c.to_ascii_uppercase());
            upper = false;
        } else if c == '_' {
            upper = true;
        } else {
            out.push(c);
        }
    }
    (!upper).then_some(out)
}

/// `fooBar.baz` → `foo_bar.baz`; `None` for a path holding `_`.
fn camel_to_snake(path: &str) -> Option<String> {
    let mut out = String::with_capacity(path.len() + 4);
    for c in path.chars() {
        if c == '_' {
            return None;
        }
        if c.is_ascii_uppercase() {
            out.push('_');
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_both_ways() {
        for (seconds, nanos, text) in [
            (0, 0, "1970-01-01T00:00:00Z"),
            (-62_135_596_800, 0, "0001-01-01T00:00:00Z"),
            (253_402_300_799, 999_999_999, "9999-12-31T23:59:59.999999999Z"),
            (951_782_400, 10_000_000, "2000-02-29T00:00:00.010Z"),
            (-1, 1_000, "1969-12-31T23:59:59.000001Z"),
        ] {
            assert_eq!(timestamp_text(seconds, nanos).unwrap(), text);
            assert_eq!(parse_timestamp(text).unwrap(), (seconds, nanos as i32));
        }
        assert_eq!(parse_timestamp("1970-01-01T01:00:00+01:00").unwrap(), (0, 0));
        assert_eq!(parse_timestamp("1970-01-01T00:00:00-00:30").unwrap(), (1800, 0));
        for bad in ["1970-01-01t00:00:00Z", "1970-01-01T00:00:00z", "1970-02-30T00:00:00Z", "0000-12-31T23:59:59Z"] {
            assert!(parse_timestamp(bad).is_err(), "{bad}");
        }
        assert!(timestamp_text(253_402_300_800, 0).is_err());
        assert!(timestamp_text(0, -1).is_err());
    }

    #[test]
    fn durations_both_ways() {
        for (seconds, nanos, text) in
            [(0, 0, "0s"), (1, 500_000_000, "1.500s"), (-1, -500_000_000, "-1.500s"), (0, -1, "-0.000000001s")]
        {
            assert_eq!(duration_text(seconds, nanos).unwrap(), text);
            assert_eq!(parse_duration(text).unwrap(), (seconds, nanos as i32));
        }
        assert!(duration_text(1, -1).is_err());
        assert!(duration_text(315_576_000_001, 0).is_err());
        assert!(parse_duration("315576000001s").is_err());
        assert!(parse_duration("1.5").is_err());
        assert!(parse_duration("1.s").is_err());
    }

    #[test]
    fn field_mask_paths() {
        assert_eq!(snake_to_camel("foo_bar.baz_qux").as_deref(), Some("fooBar.bazQux"));
        assert_eq!(snake_to_camel("foo_3_bar"), None);
        assert_eq!(snake_to_camel("fooBar"), None);
        assert_eq!(snake_to_camel("foo__bar"), None);
        assert_eq!(camel_to_snake("fooBar.bazQux").as_deref(), Some("foo_bar.baz_qux"));
        assert_eq!(camel_to_snake("foo_bar"), None);
    }
}
