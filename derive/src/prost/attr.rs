//! Parsing prost's `#[prost(...)]` attribute grammar into a typed list,
//! every error collected with its span. What the arguments mean for the
//! table is decided in `field.rs`, which maps them onto protowire's model.
//!
//! The grammar is prost-derive's: a kind word (`int32`, `string`, `message`,
//! `group`, ...), `bytes = "vec" | "bytes"`, `enumeration = "Path"` or
//! `enumeration(Path)`, `map | hash_map | btree_map = "K, V"` or `map(K, V)`,
//! `oneof = "Path"` with `tags = "1, 2"`, a label (`optional`, `required`,
//! `repeated`), `packed` (a word, `= "bool"`, `= bool` or `(bool)`),
//! `tag = "N"` / `tag = N` / `tag(N)`, `default = literal`, `boxed`, and on
//! types `skip_debug` and `prost_path = "..."`.

use proc_macro2::Span;
use syn::punctuated::Punctuated;
use syn::spanned::Spanned;
use syn::{Attribute, Expr, ExprLit, Lit, LitInt, Meta, Token};

use crate::ast::{Scalar, check_number};
use crate::ctxt::Ctxt;

/// The value kind a field's attributes name.
#[derive(Clone)]
pub enum Kind {
    Scalar(Scalar),
    Enumeration(syn::Path),
    String,
    /// `bytes`; `true` for `bytes = "bytes"` (a `bytes::Bytes` field).
    Bytes(bool),
    Message,
    Group,
    /// `map = "K, V"` (or `hash_map`, `btree_map`): the kinds as written.
    Map(String),
    /// `oneof = "Path"`.
    Oneof,
}

/// `optional`, `required` or `repeated`.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Label {
    Optional,
    Required,
    Repeated,
}

/// The arguments of one field or variant, or of a type.
#[derive(Default)]
pub struct ProstArgs {
    pub kind: Option<(Kind, Span)>,
    pub label: Option<(Label, Span)>,
    pub tag: Option<(u32, Span)>,
    pub tags: Option<(Vec<u32>, Span)>,
    pub packed: Option<(bool, Span)>,
    pub default: Option<(Lit, Span)>,
    pub boxed: Option<Span>,
    pub skip_debug: Option<Span>,
    pub prost_path: Option<Span>,
    /// A `tag` was given but rejected (already reported).
    pub bad_tag: bool,
}

/// Every argument of every `#[prost]` attribute in `attrs`, read into one
/// `ProstArgs`; `None` if there is no `#[prost]` attribute at all.
pub fn prost_args(cx: &mut Ctxt, attrs: &[Attribute]) -> Option<ProstArgs> {
    let mut found = false;
    let mut out = ProstArgs::default();
    for attr in attrs.iter().filter(|a| a.path().is_ident("prost")) {
        found = true;
        match attr.parse_args_with(Punctuated::<Meta, Token![,]>::parse_terminated) {
            Ok(metas) => metas.iter().for_each(|meta| one(cx, &mut out, meta)),
            Err(error) => cx.syn_error(error),
        }
    }
    found.then_some(out)
}

/// Sets `slot` once; a second value is reported at its own span.
fn set<T>(cx: &mut Ctxt, slot: &mut Option<(T, Span)>, value: T, span: Span, what: &str) {
    if slot.is_some() {
        cx.syn_error(syn::Error::new(span, format_args!("duplicate {what} attribute")));
    } else {
        *slot = Some((value, span));
    }
}

fn word(meta: &Meta) -> Option<String> {
    meta.path().get_ident().map(ToString::to_string)
}

/// The string literal of `key = "..."`.
fn str_value(meta: &Meta) -> Option<(String, Span)> {
    match meta {
        Meta::NameValue(nv) => match &nv.value {
            Expr::Lit(ExprLit { lit: Lit::Str(s), .. }) => Some((s.value(), s.span())),
            _ => None,
        },
        _ => None,
    }
}

fn one(cx: &mut Ctxt, out: &mut ProstArgs, meta: &Meta) {
    let span = meta.span();
    let Some(key) = word(meta) else {
        cx.error(meta.path(), "unknown prost attribute: expected a single word");
        return;
    };
    let plain = matches!(meta, Meta::Path(_));
    if plain && let Some(scalar) = Scalar::from_keyword(&key) {
        return set(cx, &mut out.kind, Kind::Scalar(scalar), span, "type");
    }
    match (key.as_str(), meta) {
        ("string", Meta::Path(_)) => set(cx, &mut out.kind, Kind::String, span, "type"),
        ("bytes", Meta::Path(_)) => set(cx, &mut out.kind, Kind::Bytes(false), span, "type"),
        ("bytes", _) => match str_value(meta).as_ref().map(|(s, _)| s.as_str()) {
            Some("vec") => set(cx, &mut out.kind, Kind::Bytes(false), span, "type"),
            Some("bytes") => set(cx, &mut out.kind, Kind::Bytes(true), span, "type"),
            _ => cx.error(meta, "`bytes` takes \"vec\" or \"bytes\", as in bytes = \"vec\""),
        },
        ("message", Meta::Path(_)) => set(cx, &mut out.kind, Kind::Message, span, "type"),
        ("group", Meta::Path(_)) => set(cx, &mut out.kind, Kind::Group, span, "type"),
        ("enumeration", _) => {
            let path = match meta {
                Meta::List(list) => list.parse_args::<syn::Path>().ok(),
                _ => str_value(meta).and_then(|(s, _)| syn::parse_str::<syn::Path>(&s).ok()),
            };
            match path {
                Some(path) => set(cx, &mut out.kind, Kind::Enumeration(path), span, "type"),
                None => cx.error(meta, "`enumeration` takes the path of an enum type, as in enumeration = \"Kind\""),
            }
        }
        ("map" | "hash_map" | "btree_map", _) => {
            let text = match meta {
                Meta::List(list) => list
                    .parse_args_with(Punctuated::<syn::Ident, Token![,]>::parse_terminated)
                    .ok()
                    .map(|idents| idents.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")),
                _ => str_value(meta).map(|(s, _)| s),
            };
            match text {
                Some(text) => set(cx, &mut out.kind, Kind::Map(text), span, "type"),
                None => cx.error(
                    meta,
                    format_args!("`{key}` takes the key and value kinds, as in {key} = \"string, int32\""),
                ),
            }
        }
        ("oneof", _) => {
            let ok = match meta {
                Meta::List(list) => list.parse_args::<syn::Ident>().is_ok(),
                _ => str_value(meta).is_some_and(|(s, _)| syn::parse_str::<syn::Path>(&s).is_ok()),
            };
            if ok {
                set(cx, &mut out.kind, Kind::Oneof, span, "oneof");
            } else {
                cx.error(meta, "`oneof` takes the path of the oneof enum, as in oneof = \"my_message::Choice\"");
            }
        }
        ("optional" | "required" | "repeated", Meta::Path(_)) => {
            let label = match key.as_str() {
                "optional" => Label::Optional,
                "required" => Label::Required,
                _ => Label::Repeated,
            };
            set(cx, &mut out.label, label, span, "label");
        }
        ("packed", _) => match bool_value(meta) {
            Some(b) => set(cx, &mut out.packed, b, span, "packed"),
            None => cx.error(meta, "`packed` takes true or false, as in packed = \"false\""),
        },
        ("tag", _) => match number_value(meta) {
            Some(Ok(n)) => set(cx, &mut out.tag, n, span, "tag"),
            Some(Err(message)) => {
                out.bad_tag = true;
                cx.error(meta, message);
            }
            None => {
                out.bad_tag = true;
                cx.error(meta, "`tag` takes the field number, as in tag = \"1\"");
            }
        },
        ("tags", _) => match tags_value(meta) {
            Some(Ok(tags)) => set(cx, &mut out.tags, tags, span, "tags"),
            Some(Err(message)) => cx.error(meta, message),
            None => cx.error(meta, "`tags` takes the oneof's field numbers, as in tags = \"1, 2\""),
        },
        ("default", Meta::NameValue(nv)) => match &nv.value {
            Expr::Lit(ExprLit { lit, .. }) => set(cx, &mut out.default, lit.clone(), span, "default"),
            other => cx.error(other, "`default` takes a literal, as in default = \"5\""),
        },
        ("boxed", Meta::Path(_)) => {
            if out.boxed.replace(span).is_some() {
                cx.syn_error(syn::Error::new(span, "duplicate boxed attribute"));
            }
        }
        ("skip_debug", Meta::Path(_)) => out.skip_debug = Some(span),
        ("prost_path", _) if str_value(meta).is_some() => out.prost_path = Some(span),
        _ => cx.error(meta, format_args!("unknown prost attribute `{key}`, or `{key}` in the wrong form")),
    }
}

fn bool_value(meta: &Meta) -> Option<bool> {
    match meta {
        Meta::Path(_) => Some(true),
        Meta::List(list) => list.parse_args::<syn::LitBool>().ok().map(|b| b.value),
        Meta::NameValue(nv) => match &nv.value {
            Expr::Lit(ExprLit { lit: Lit::Bool(b), .. }) => Some(b.value),
            Expr::Lit(ExprLit { lit: Lit::Str(s), .. }) => s.value().parse().ok(),
            _ => None,
        },
    }
}

fn number_value(meta: &Meta) -> Option<Result<u32, String>> {
    let raw: u64 = match meta {
        Meta::List(list) => list.parse_args::<LitInt>().ok()?.base10_parse().ok()?,
        Meta::NameValue(nv) => match &nv.value {
            Expr::Lit(ExprLit { lit: Lit::Int(i), .. }) => i.base10_parse().ok()?,
            Expr::Lit(ExprLit { lit: Lit::Str(s), .. }) => s.value().trim().parse().ok()?,
            _ => return None,
        },
        Meta::Path(_) => return None,
    };
    Some(check_number(raw))
}

fn tags_value(meta: &Meta) -> Option<Result<Vec<u32>, String>> {
    let raw: Vec<String> = match meta {
        Meta::List(list) => list
            .parse_args_with(Punctuated::<LitInt, Token![,]>::parse_terminated)
            .ok()?
            .iter()
            .map(|i| i.base10_digits().to_string())
            .collect(),
        _ => str_value(meta)?.0.split(',').map(|s| s.trim().to_string()).collect(),
    };
    Some(
        raw.iter()
            .map(|s| {
                s.parse::<u64>().map_err(|_| format!("`{s}` in `tags` is not a field number")).and_then(check_number)
            })
            .collect(),
    )
}
