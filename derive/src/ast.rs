//! The typed model of a derive input: what each field holds, in which shape,
//! with which number. Built from the attributes and the Rust types; every
//! problem is reported to the `Ctxt` with its span.

use proc_macro2::Span;
use syn::{Ident, Type};

use crate::attr::{Arg, lit_bool, lit_str};
use crate::ctxt::Ctxt;
use crate::ty;

/// Scalar protobuf types.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Scalar {
    Int32,
    Int64,
    UInt32,
    UInt64,
    SInt32,
    SInt64,
    Fixed32,
    Fixed64,
    SFixed32,
    SFixed64,
    Float,
    Double,
    Bool,
}

/// The one list of scalar kinds: the attribute keyword, the Rust type values
/// are stored as, the runtime's `Kind` variant, and whether a Rust type alone
/// infers it (`i32` is int32, not sint32). Every mapping below reads it.
const SCALARS: [(Scalar, &str, &str, &str, bool); 13] = [
    (Scalar::Int32, "int32", "i32", "Int32", true),
    (Scalar::Int64, "int64", "i64", "Int64", true),
    (Scalar::UInt32, "uint32", "u32", "UInt32", true),
    (Scalar::UInt64, "uint64", "u64", "UInt64", true),
    (Scalar::SInt32, "sint32", "i32", "SInt32", false),
    (Scalar::SInt64, "sint64", "i64", "SInt64", false),
    (Scalar::Fixed32, "fixed32", "u32", "Fixed32", false),
    (Scalar::Fixed64, "fixed64", "u64", "Fixed64", false),
    (Scalar::SFixed32, "sfixed32", "i32", "SFixed32", false),
    (Scalar::SFixed64, "sfixed64", "i64", "SFixed64", false),
    (Scalar::Float, "float", "f32", "Float", true),
    (Scalar::Double, "double", "f64", "Double", true),
    (Scalar::Bool, "bool", "bool", "Bool", true),
];

impl Scalar {
    fn row(self) -> &'static (Scalar, &'static str, &'static str, &'static str, bool) {
        SCALARS.iter().find(|row| row.0 == self).unwrap_or(&SCALARS[0])
    }

    pub fn from_keyword(word: &str) -> Option<Scalar> {
        SCALARS.iter().find(|row| row.1 == word).map(|row| row.0)
    }

    fn from_rust(name: &str) -> Option<Scalar> {
        SCALARS.iter().find(|row| row.4 && row.2 == name).map(|row| row.0)
    }

    /// The attribute keyword (`sint64`).
    pub fn keyword(self) -> &'static str {
        self.row().1
    }

    /// The Rust type values of this scalar are stored as.
    pub fn rust_type(self) -> &'static str {
        self.row().2
    }

    /// The runtime `Kind` variant.
    pub fn kind_name(self) -> &'static str {
        self.row().3
    }
}

/// What one value of a field is.
#[derive(Clone)]
pub enum ValueKind {
    Scalar(Scalar),
    /// An enum stored as `i32`; the path names the `Enumeration` type.
    Enum(syn::Path),
    /// `string`, as `String`, `Box<str>` or `ByteString` (the runtime tells
    /// them apart by type).
    String,
    /// `bytes`, as `Vec<u8>` or `bytes::Bytes`.
    Bytes,
    /// A nested message of type `ty` (the type inside the `Box`, if boxed).
    Message {
        ty: Type,
        boxed: bool,
    },
    /// A group.
    Group,
}

impl ValueKind {
    pub fn is_packable(&self) -> bool {
        matches!(self, ValueKind::Scalar(_) | ValueKind::Enum(_))
    }
}

/// An explicit kind from the attributes, before it is matched to the type.
#[derive(Clone)]
pub enum KindSpec {
    Scalar(Scalar),
    Enum(syn::Path),
    String,
    /// `unchecked_string`: a `string` kept as bytes, not checked to be
    /// UTF-8 (proto2's `utf8_validation = NONE`).
    UncheckedString,
    Bytes,
    Message,
    Group,
}

impl KindSpec {
    fn from_keyword(word: &str) -> Option<KindSpec> {
        if let Some(s) = Scalar::from_keyword(word) {
            return Some(KindSpec::Scalar(s));
        }
        Some(match word {
            "string" => KindSpec::String,
            "unchecked_string" => KindSpec::UncheckedString,
            "bytes" => KindSpec::Bytes,
            "message" => KindSpec::Message,
            "group" => KindSpec::Group,
            _ => return None,
        })
    }

    fn describe(&self) -> String {
        match self {
            KindSpec::Scalar(s) => format!("a {} (as `{}`)", s.keyword(), s.rust_type()),
            KindSpec::Enum(_) => "an enumeration (stored as `i32`)".into(),
            KindSpec::String => {
                "a string (as `String`, `Box<str>` or `ByteString`; `unchecked_string` keeps one not checked to be \
                 UTF-8 in `Vec<u8>` or `Bytes`)"
                    .into()
            }
            KindSpec::UncheckedString => "a string not checked to be UTF-8 (as `Vec<u8>` or `bytes::Bytes`)".into(),
            KindSpec::Bytes => "bytes (as `Vec<u8>` or `bytes::Bytes`)".into(),
            KindSpec::Message => "a message (a type deriving `Message`, or a `Box` of one)".into(),
            KindSpec::Group => "a group (a type deriving `Message`)".into(),
        }
    }
}

/// How many values a field holds.
pub enum Shape {
    /// `T`: implicit presence, or always present (required, messages).
    Plain,
    /// `Option<T>`: explicit presence.
    Option,
    /// `Vec<T>`: repeated.
    Repeated { packed: bool },
    /// `HashMap<K, V>` / `BTreeMap<K, V>`.
    Map { key: Box<ValueKind> },
}

/// The attributes of one field or variant, read but not yet checked against
/// its type.
#[derive(Default)]
pub struct FieldArgs {
    pub number: Option<(u32, Span)>,
    /// A number was given but rejected (already reported).
    pub bad_number: bool,
    pub kind: Option<(KindSpec, Span)>,
    pub required: Option<Span>,
    pub packed: Option<(bool, Span)>,
    pub map: Option<(String, Span)>,
    /// A bare `map`: the kinds are inferred from the map's Rust types.
    pub map_word: Option<Span>,
    pub oneof: Option<(Vec<u32>, Span)>,
    pub unknown: bool,
    pub skip: bool,
    pub name: Option<String>,
    pub json_name: Option<String>,
    pub default: Option<String>,
}

/// Reads field or variant arguments. `allowed_extra` says whether `oneof`,
/// `unknown`, `skip`, `map`, `required`, `packed` and `default` make sense
/// here (not on oneof variants).
pub fn field_args(cx: &mut Ctxt, args: Vec<Arg>, on_variant: bool) -> FieldArgs {
    let mut out = FieldArgs::default();
    // Each attribute once: a second `packed = ...` or `name = ...` would
    // otherwise silently win over the first.
    let mut seen = std::collections::HashSet::new();
    for arg in args {
        let word = match &arg {
            Arg::Flag(word) if KindSpec::from_keyword(&word.to_string()).is_none() => Some(word),
            Arg::Value(key, _) if key != "enumeration" => Some(key),
            _ => None,
        };
        if let Some(word) = word
            && !seen.insert(word.to_string())
        {
            cx.error(word, format_args!("`{word}` is given twice"));
            continue;
        }
        match arg {
            Arg::Number(lit) => {
                if out.number.is_some() {
                    cx.error(&lit, "field number given twice");
                    continue;
                }
                match lit.base10_parse::<u64>() {
                    Ok(n) => match check_number(n) {
                        Ok(n) => out.number = Some((n, lit.span())),
                        Err(message) => {
                            out.bad_number = true;
                            cx.error(&lit, message);
                        }
                    },
                    Err(e) => {
                        out.bad_number = true;
                        cx.syn_error(e);
                    }
                }
            }
            Arg::Flag(word) => {
                let text = word.to_string();
                if let Some(kind) = KindSpec::from_keyword(&text) {
                    if out.kind.is_some() {
                        cx.error(&word, "the field's kind is given twice");
                    } else {
                        out.kind = Some((kind, word.span()));
                    }
                    continue;
                }
                match text.as_str() {
                    "required" if !on_variant => out.required = Some(word.span()),
                    "unknown" if !on_variant => out.unknown = true,
                    "skip" if !on_variant => out.skip = true,
                    "map" if !on_variant => out.map_word = Some(word.span()),
                    "enumeration" | "map" | "oneof" | "packed" | "name" | "json_name" | "default" => {
                        cx.error(&word, format_args!("`{text}` needs a value: {text} = \"...\""))
                    }
                    _ => cx.error(
                        &word,
                        format_args!(
                            "unknown protowire attribute `{text}`; expected a field number, a kind (int32, sint64, \
                             fixed32, string, bytes, message, group, ...){}",
                            if on_variant {
                                ", name or json_name"
                            } else {
                                ", required, packed, map, oneof, unknown or skip"
                            }
                        ),
                    ),
                }
            }
            Arg::Value(key, lit) => match key.to_string().as_str() {
                "enumeration" => {
                    if let Some((path, span)) = lit_str(cx, &key, &lit) {
                        match syn::parse_str::<syn::Path>(&path) {
                            Ok(mut path) => {
                                respan_path(&mut path, span);
                                if out.kind.is_some() {
                                    cx.error(&key, "the field's kind is given twice");
                                } else {
                                    out.kind = Some((KindSpec::Enum(path), key.span()));
                                }
                            }
                            Err(_) => cx.error(&lit, "`enumeration` takes the path of an enum type"),
                        }
                    }
                }
                "packed" if !on_variant => {
                    if let Some(b) = lit_bool(cx, &key, &lit) {
                        out.packed = Some((b, key.span()));
                    }
                }
                "map" if !on_variant => out.map = lit_str(cx, &key, &lit),
                "oneof" if !on_variant => {
                    if let Some((text, span)) = lit_str(cx, &key, &lit) {
                        let mut numbers = Vec::new();
                        for part in text.split(',').map(str::trim) {
                            match part.parse::<u64>().map_err(|_| "not a number".to_string()).and_then(check_number) {
                                Ok(n) => numbers.push(n),
                                Err(e) => cx.error(&lit, format_args!("bad oneof member number `{part}`: {e}")),
                            }
                        }
                        out.oneof = Some((numbers, span));
                    }
                }
                "name" => out.name = lit_str(cx, &key, &lit).map(|(s, _)| s),
                "json_name" => out.json_name = lit_str(cx, &key, &lit).map(|(s, _)| s),
                "default" if !on_variant => out.default = lit_str(cx, &key, &lit).map(|(s, _)| s),
                other => cx.error(&key, format_args!("unknown protowire attribute `{other}`")),
            },
        }
    }
    out
}

fn respan_path(path: &mut syn::Path, span: Span) {
    for segment in &mut path.segments {
        segment.ident.set_span(span);
    }
}

/// Field numbers run from 1 to 2^29 - 1, less the range 19000-19999 that
/// protobuf reserves for itself.
pub fn check_number(n: u64) -> Result<u32, String> {
    if n == 0 {
        Err("field numbers start at 1".into())
    } else if n > (1 << 29) - 1 {
        Err(format!("field number {n} is above the maximum, 536870911 (2^29 - 1)"))
    } else if (19000..=19999).contains(&n) {
        Err(format!("field number {n} is in 19000-19999, which protobuf reserves for its own use"))
    } else {
        Ok(n as u32)
    }
}

/// Matches an element type with its explicit kind, or infers the kind.
pub fn value_kind(cx: &mut Ctxt, ty: &Type, explicit: Option<&(KindSpec, Span)>) -> Option<ValueKind> {
    let name = ty::name(ty);
    let mismatch = |cx: &mut Ctxt, spec: &KindSpec| {
        cx.error(ty, format_args!("this type does not fit the field's kind: expected {}", spec.describe()));
        None
    };
    match explicit {
        Some((spec, _)) => match spec {
            KindSpec::Scalar(s) => {
                if name.as_deref() == Some(s.rust_type()) {
                    Some(ValueKind::Scalar(*s))
                } else {
                    mismatch(cx, spec)
                }
            }
            KindSpec::Enum(path) => {
                if name.as_deref() == Some("i32") {
                    Some(ValueKind::Enum(path.clone()))
                } else {
                    mismatch(cx, spec)
                }
            }
            // Bytes under the string kind: the runtime then keeps the
            // bytes and skips the UTF-8 check.
            KindSpec::UncheckedString => {
                if ty::is_byte_vec(ty) || name.as_deref() == Some("Bytes") {
                    Some(ValueKind::String)
                } else {
                    mismatch(cx, spec)
                }
            }
            KindSpec::String => {
                if matches!(name.as_deref(), Some("String" | "ByteString")) || is_box_str(ty) {
                    Some(ValueKind::String)
                } else {
                    mismatch(cx, spec)
                }
            }
            KindSpec::Bytes => {
                if ty::is_byte_vec(ty) || name.as_deref() == Some("Bytes") {
                    Some(ValueKind::Bytes)
                } else {
                    mismatch(cx, spec)
                }
            }
            // With the kind named, any path type is taken as the message,
            // even one called `Option` or `String` (google.protobuf.Option is).
            KindSpec::Message => match ty::unwrap(ty, "Box") {
                Some(inner) if is_path(inner) => Some(ValueKind::Message { ty: inner.clone(), boxed: true }),
                _ if is_path(ty) => Some(ValueKind::Message { ty: ty.clone(), boxed: false }),
                _ => mismatch(cx, spec),
            },
            KindSpec::Group if is_path(ty) => Some(ValueKind::Group),
            KindSpec::Group => mismatch(cx, spec),
        },
        None => {
            let name = name.unwrap_or_default();
            if let Some(s) = Scalar::from_rust(&name) {
                Some(ValueKind::Scalar(s))
            } else if name == "String" || name == "ByteString" || is_box_str(ty) {
                Some(ValueKind::String)
            } else if ty::is_byte_vec(ty) || name == "Bytes" {
                Some(ValueKind::Bytes)
            } else if let Some(kind) = message_kind(ty) {
                Some(kind)
            } else {
                cx.error(ty, "cannot infer a protobuf kind for this type; name one, as in #[proto(1, sint64)]");
                None
            }
        }
    }
}

fn is_path(ty: &Type) -> bool {
    matches!(ty::strip_groups(ty), Type::Path(path) if path.qself.is_none())
}

fn is_box_str(ty: &Type) -> bool {
    ty::unwrap(ty, "Box").and_then(ty::name).is_some_and(|n| n == "str")
}

/// A message type: any path type that is not a scalar, string or bytes type,
/// possibly boxed.
fn message_kind(ty: &Type) -> Option<ValueKind> {
    if let Some(inner) = ty::unwrap(ty, "Box") {
        return match message_kind(inner)? {
            ValueKind::Message { ty, boxed: false } => Some(ValueKind::Message { ty, boxed: true }),
            _ => None,
        };
    }
    let name = ty::name(ty)?;
    let reserved = [
        "i32",
        "i64",
        "u32",
        "u64",
        "f32",
        "f64",
        "bool",
        "String",
        "ByteString",
        "Bytes",
        "Vec",
        "Option",
        "HashMap",
        "BTreeMap",
        "u8",
        "i8",
        "u16",
        "i16",
        "usize",
        "isize",
        "str",
    ];
    if reserved.contains(&name.as_str()) {
        return None;
    }
    Some(ValueKind::Message { ty: ty.clone(), boxed: false })
}

/// Parses one side of `map = "K, V"`: a scalar keyword, `string`, `bytes`,
/// `message`, or `enumeration(Path)`.
pub fn map_side(cx: &mut Ctxt, text: &str, span: Span, rust_ty: &Type) -> Option<ValueKind> {
    let text = text.trim();
    let spec = if let Some(path) = text.strip_prefix("enumeration(").and_then(|t| t.strip_suffix(')')) {
        match syn::parse_str::<syn::Path>(path.trim()) {
            Ok(mut path) => {
                respan_path(&mut path, span);
                KindSpec::Enum(path)
            }
            Err(_) => {
                cx.syn_error(syn::Error::new(span, format_args!("`{path}` is not a path to an enum type")));
                return None;
            }
        }
    } else if let Some(spec) = KindSpec::from_keyword(text).filter(|k| !matches!(k, KindSpec::Group)) {
        spec
    } else {
        cx.syn_error(syn::Error::new(
            span,
            format_args!(
                "`{text}` is not a map key or value kind (int32, string, bytes, message, enumeration(Path), ...)"
            ),
        ));
        return None;
    };
    value_kind(cx, rust_ty, Some(&(spec, span)))
}

/// The protobuf JSON name of a field: lowerCamelCase, as protoc computes it.
pub fn json_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut upper = false;
    for c in name.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// The proto name of a Rust identifier (without `r#`).
pub fn proto_name(ident: &Ident) -> String {
    use syn::ext::IdentExt;
    ident.unraw().to_string()
}
