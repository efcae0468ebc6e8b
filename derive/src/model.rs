//! Reading a struct (for `Message`) or an enum (for `Oneof`) into the model
//! that expansion works from.

use proc_macro2::Span;
use syn::{Data, DeriveInput, Fields, Ident, Type};

use crate::ast::{self, FieldArgs, Shape, ValueKind};
use crate::attr::{Arg, lit_str, proto_args};
use crate::ctxt::Ctxt;
use crate::ty;

/// One protobuf field of a struct, or one member of a oneof.
pub struct FieldModel {
    pub ident: Ident,
    pub proto_name: String,
    pub json_name: String,
    pub number: u32,
    pub number_span: Span,
    pub value: ValueKind,
    pub shape: Shape,
    pub required: bool,
    pub default: Option<String>,
}

/// A struct field holding a oneof: `Option<TheOneofEnum>`.
pub struct OneofModel {
    pub ident: Ident,
    pub ty: Type,
    pub numbers: Vec<u32>,
    pub span: Span,
}

/// A struct deriving `Message`.
pub struct MessageModel {
    pub ident: Ident,
    pub full_name: String,
    pub fields: Vec<FieldModel>,
    pub oneofs: Vec<OneofModel>,
    pub unknown: Option<Ident>,
    /// `#[proto(debug)]`: derive `Debug` too.
    pub debug: bool,
    /// Map entries written and read as prost does (a default key or value
    /// left out; extra fields in an entry ignored). Set by the prost
    /// facade's derive only.
    pub prost_map_entries: bool,
}

/// Which derive reads the type's arguments: each accepts its own.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum TypeRole {
    Message,
    Enumeration,
    Oneof,
}

/// The arguments on a type.
pub struct TypeArgs {
    pub full_name: String,
    /// `closed` (enumerations).
    pub closed: bool,
    /// `debug` (messages and oneofs): a `Debug` impl that names enum values.
    pub debug: bool,
}

/// Reads `#[proto(name = "pkg.Type")]`, `#[proto(package = "pkg")]`, and
/// `closed`/`open` for enumerations or `debug` for messages and oneofs.
pub fn type_args(cx: &mut Ctxt, input: &DeriveInput, role: TypeRole) -> TypeArgs {
    let mut name = None;
    let mut package = None;
    let mut closed = false;
    let mut debug = false;
    let enumeration = role == TypeRole::Enumeration;
    for arg in proto_args(cx, &input.attrs) {
        match arg {
            Arg::Value(key, lit) if key == "name" => name = lit_str(cx, &key, &lit).map(|(s, _)| s),
            Arg::Value(key, lit) if key == "package" => package = lit_str(cx, &key, &lit).map(|(s, _)| s),
            Arg::Flag(word) if word == "closed" && enumeration => closed = true,
            Arg::Flag(word) if word == "open" && enumeration => closed = false,
            Arg::Flag(word) if word == "debug" && !enumeration => debug = true,
            Arg::Number(lit) => cx.error(lit, "a field number belongs on a field, not on the type"),
            Arg::Flag(word) | Arg::Value(word, _) => cx.error(
                &word,
                format_args!(
                    "unknown protowire attribute `{word}` on a type; expected name = \"pkg.Type\" or package = \"pkg\"{}",
                    if enumeration { ", closed or open" } else { ", or debug" }
                ),
            ),
        }
    }
    let ident = input.ident.to_string();
    let full_name = match (name, package) {
        (Some(name), _) => name,
        (None, Some(package)) if !package.is_empty() => format!("{package}.{ident}"),
        _ => ident,
    };
    TypeArgs { full_name, closed, debug }
}

/// Reads a struct deriving `Message`.
pub fn message(cx: &mut Ctxt, input: &DeriveInput) -> Option<MessageModel> {
    let TypeArgs { full_name, debug, .. } = type_args(cx, input, TypeRole::Message);
    if !input.generics.params.is_empty() {
        cx.error(&input.generics, "#[derive(Message)] does not support generic types");
    }
    let fields = match &input.data {
        Data::Struct(data) => match &data.fields {
            Fields::Named(named) => &named.named,
            _ => {
                cx.error(&input.ident, "#[derive(Message)] needs a struct with named fields");
                return None;
            }
        },
        _ => {
            cx.error(&input.ident, "#[derive(Message)] applies to structs; use #[derive(Oneof)] for a oneof enum");
            return None;
        }
    };
    let mut model = MessageModel {
        ident: input.ident.clone(),
        full_name,
        fields: Vec::new(),
        oneofs: Vec::new(),
        unknown: None,
        debug,
        prost_map_entries: false,
    };
    for field in fields {
        let Some(ident) = field.ident.clone() else { continue };
        if !crate::attr::has_proto_attr(&field.attrs) {
            cx.error(
                &ident,
                format_args!("field `{ident}` needs #[proto(N)] with its field number, or #[proto(skip)]"),
            );
            continue;
        }
        let raw = proto_args(cx, &field.attrs);
        let args = ast::field_args(cx, raw, false);
        if args.skip {
            continue;
        }
        if args.unknown {
            if model.unknown.is_some() {
                cx.error(&ident, "only one field can hold the unknown fields");
            }
            model.unknown = Some(ident);
            continue;
        }
        if let Some((numbers, span)) = &args.oneof {
            match ty::unwrap(&field.ty, "Option") {
                Some(inner) => {
                    model.oneofs.push(OneofModel { ident, ty: inner.clone(), numbers: numbers.clone(), span: *span })
                }
                None => cx.error(&field.ty, "a oneof field must be `Option<E>`, where E derives Oneof"),
            }
            if let Some((_, span)) = args.number {
                cx.syn_error(syn::Error::new(span, "a oneof field takes no number: its members carry them"));
            }
            continue;
        }
        if let Some(model_field) = field_model(cx, ident, &field.ty, args) {
            model.fields.push(model_field);
        }
    }
    Some(model)
}

/// Reads one struct field into its model, checking kind against type.
pub fn field_model(cx: &mut Ctxt, ident: Ident, ty: &Type, args: FieldArgs) -> Option<FieldModel> {
    let Some((number, number_span)) = args.number else {
        if !args.bad_number {
            cx.error(&ident, format_args!("field `{ident}` has no field number: write #[proto(N, ...)]"));
        }
        return None;
    };
    let (value, shape) = if let Some((btree_or_hash, key_ty, value_ty)) = ty::map_args(ty) {
        let _ = btree_or_hash;
        if let Some((_, span)) = &args.kind {
            cx.syn_error(syn::Error::new(*span, "name a map's kinds with map = \"K, V\""));
        }
        let (key, value) = match &args.map {
            Some((text, span)) => match text.split_once(',') {
                Some((k, v)) => (ast::map_side(cx, k, *span, key_ty), ast::map_side(cx, v, *span, value_ty)),
                None => {
                    cx.syn_error(syn::Error::new(*span, "map = \"K, V\" needs a key kind and a value kind"));
                    (None, None)
                }
            },
            None => (ast::value_kind(cx, key_ty, None), ast::value_kind(cx, value_ty, None)),
        };
        let (key, value) = (key?, value?);
        let key_ok = matches!(&key, ValueKind::String)
            || matches!(&key, ValueKind::Scalar(s) if !matches!(s, ast::Scalar::Float | ast::Scalar::Double));
        if !key_ok {
            cx.error(key_ty, "a map key must be an integer, bool or string kind");
        }
        (value, Shape::Map { key: Box::new(key) })
    } else if let Some(span) = args.map.as_ref().map(|(_, span)| *span).or(args.map_word) {
        cx.syn_error(syn::Error::new(span, "`map` needs a HashMap or BTreeMap field"));
        return None;
    } else if let (Some(elem), false) = (ty::unwrap(ty, "Vec"), ty::is_byte_vec(ty)) {
        let value = ast::value_kind(cx, elem, args.kind.as_ref())?;
        let packed = match args.packed {
            Some((true, span)) if !value.is_packable() => {
                cx.syn_error(syn::Error::new(span, "only scalar and enum fields can be packed"));
                false
            }
            Some((packed, _)) => packed,
            None => value.is_packable(),
        };
        (value, Shape::Repeated { packed })
    } else if let Some(inner) = ty::unwrap(ty, "Option") {
        (ast::value_kind(cx, inner, args.kind.as_ref())?, Shape::Option)
    } else {
        (ast::value_kind(cx, ty, args.kind.as_ref())?, Shape::Plain)
    };
    if matches!(value, ValueKind::Message { boxed: true, .. })
        && matches!(shape, Shape::Repeated { .. } | Shape::Map { .. })
    {
        cx.error(ty, "a repeated or map field holds its messages directly (`Vec<M>`, `HashMap<K, M>`), not boxed");
    }
    let repeated = matches!(shape, Shape::Repeated { .. } | Shape::Map { .. });
    if let (Some(span), true) = (args.required, repeated) {
        cx.syn_error(syn::Error::new(span, "`required` cannot be used on a repeated or map field"));
    }
    if let (Some((_, span)), false) = (args.packed, matches!(shape, Shape::Repeated { .. })) {
        cx.syn_error(syn::Error::new(span, "`packed` only applies to repeated (Vec) fields"));
    }
    // A plain `T` group is always written, as a required group is (prost
    // declares those so).
    if matches!(value, ValueKind::Group) && matches!(shape, Shape::Map { .. }) {
        cx.error(ty, "a group field must be `T`, `Option<T>` or `Vec<T>`");
    }
    if args.default.is_some() && repeated {
        cx.error(&ident, "a repeated or map field cannot have a default value");
    }
    let proto_name = args.name.unwrap_or_else(|| ast::proto_name(&ident));
    let json_name = args.json_name.unwrap_or_else(|| ast::json_name(&proto_name));
    Some(FieldModel {
        ident,
        proto_name,
        json_name,
        number,
        number_span,
        value,
        shape,
        required: args.required.is_some(),
        default: args.default,
    })
}

/// An enum deriving `Oneof`.
pub struct OneofEnumModel {
    /// One per variant: each carries one unnamed field and a number.
    pub members: Vec<FieldModel>,
    /// `#[proto(debug)]`: derive `Debug` too.
    pub debug: bool,
}

/// Reads an enum deriving `Oneof`.
pub fn oneof(cx: &mut Ctxt, input: &DeriveInput) -> OneofEnumModel {
    let debug = type_args(cx, input, TypeRole::Oneof).debug;
    let Data::Enum(data) = &input.data else {
        cx.error(&input.ident, "#[derive(Oneof)] applies to enums whose variants each hold one value");
        return OneofEnumModel { members: Vec::new(), debug };
    };
    if !input.generics.params.is_empty() {
        cx.error(&input.generics, "#[derive(Oneof)] does not support generic types");
    }
    let mut members = Vec::new();
    for variant in &data.variants {
        let ty = match &variant.fields {
            Fields::Unnamed(fields) if fields.unnamed.len() == 1 => &fields.unnamed[0].ty,
            _ => {
                cx.error(&variant.ident, "each oneof variant must hold exactly one value, as in `Name(String)`");
                continue;
            }
        };
        let raw = proto_args(cx, &variant.attrs);
        let args = ast::field_args(cx, raw, true);
        let Some((number, number_span)) = args.number else {
            cx.error(
                &variant.ident,
                format_args!("variant `{}` has no field number: write #[proto(N)]", variant.ident),
            );
            continue;
        };
        let Some(value) = ast::value_kind(cx, ty, args.kind.as_ref()) else { continue };
        let proto_name = args.name.unwrap_or_else(|| snake_case(&variant.ident.to_string()));
        let json_name = args.json_name.unwrap_or_else(|| ast::json_name(&proto_name));
        members.push(FieldModel {
            ident: variant.ident.clone(),
            proto_name,
            json_name,
            number,
            number_span,
            value,
            shape: Shape::Plain,
            required: false,
            default: None,
        });
    }
    OneofEnumModel { members, debug }
}

fn snake_case(name: &str) -> String {
    let mut out = String::new();
    for (i, c) in name.chars().enumerate() {
        if c.is_uppercase() {
            if i > 0 {
                out.push('_');
            }
            out.extend(c.to_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}
