//! One field: its protobuf type, its shape (presence, repeated, map), its
//! Rust type and its `#[proto(...)]` attribute.

use proc_macro2::{Literal, TokenStream};
use prost_types::FieldDescriptorProto;
use prost_types::field_descriptor_proto::{Label, Type};
use quote::{format_ident, quote};

use super::Ctx;
use super::accessor::parse_float;
use crate::config::any_matches;
use crate::error::{Error, ErrorKind};
use crate::features::Presence;
use crate::ident::{default_json_name, to_snake, unraw};
use crate::index::{Def, Scope};

/// A scalar protobuf type.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Scalar {
    Double,
    Float,
    Int64,
    Uint64,
    Int32,
    Fixed64,
    Fixed32,
    Bool,
    String,
    Bytes,
    Uint32,
    Sfixed32,
    Sfixed64,
    Sint32,
    Sint64,
}

impl Scalar {
    fn from_type(t: Type) -> Option<Scalar> {
        Some(match t {
            Type::Double => Scalar::Double,
            Type::Float => Scalar::Float,
            Type::Int64 => Scalar::Int64,
            Type::Uint64 => Scalar::Uint64,
            Type::Int32 => Scalar::Int32,
            Type::Fixed64 => Scalar::Fixed64,
            Type::Fixed32 => Scalar::Fixed32,
            Type::Bool => Scalar::Bool,
            Type::String => Scalar::String,
            Type::Bytes => Scalar::Bytes,
            Type::Uint32 => Scalar::Uint32,
            Type::Sfixed32 => Scalar::Sfixed32,
            Type::Sfixed64 => Scalar::Sfixed64,
            Type::Sint32 => Scalar::Sint32,
            Type::Sint64 => Scalar::Sint64,
            Type::Group | Type::Message | Type::Enum => return None,
        })
    }

    /// The kind keyword of the attribute grammar.
    pub fn keyword(self) -> &'static str {
        match self {
            Scalar::Double => "double",
            Scalar::Float => "float",
            Scalar::Int64 => "int64",
            Scalar::Uint64 => "uint64",
            Scalar::Int32 => "int32",
            Scalar::Fixed64 => "fixed64",
            Scalar::Fixed32 => "fixed32",
            Scalar::Bool => "bool",
            Scalar::String => "string",
            Scalar::Bytes => "bytes",
            Scalar::Uint32 => "uint32",
            Scalar::Sfixed32 => "sfixed32",
            Scalar::Sfixed64 => "sfixed64",
            Scalar::Sint32 => "sint32",
            Scalar::Sint64 => "sint64",
        }
    }

    /// The Rust type; `zero_copy` picks `Bytes` over `Vec<u8>` and
    /// `ByteString` over `String`.
    pub fn rust_type(self, zero_copy: ZeroCopy) -> TokenStream {
        match self {
            Scalar::Double => quote!(f64),
            Scalar::Float => quote!(f32),
            Scalar::Int64 | Scalar::Sfixed64 | Scalar::Sint64 => quote!(i64),
            Scalar::Uint64 | Scalar::Fixed64 => quote!(u64),
            Scalar::Int32 | Scalar::Sfixed32 | Scalar::Sint32 => quote!(i32),
            Scalar::Uint32 | Scalar::Fixed32 => quote!(u32),
            Scalar::Bool => quote!(bool),
            Scalar::String if zero_copy.unchecked && zero_copy.bytes => quote!(::protowire::bytes::Bytes),
            Scalar::String if zero_copy.unchecked => quote!(::std::vec::Vec<u8>),
            Scalar::String if zero_copy.strings => quote!(::protowire::ByteString),
            Scalar::String => quote!(::std::string::String),
            Scalar::Bytes if zero_copy.bytes => quote!(::protowire::bytes::Bytes),
            Scalar::Bytes => quote!(::std::vec::Vec<u8>),
        }
    }
}

/// Which of a field's values share the input buffer (`Config::bytes`,
/// `Config::zero_copy`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct ZeroCopy {
    /// `bytes` as `Bytes`.
    pub bytes: bool,
    /// `string` as `ByteString`.
    pub strings: bool,
    /// `string` kept as bytes, not checked to be UTF-8
    /// (`Config::unchecked_strings_as_bytes`).
    pub unchecked: bool,
}

/// What a field holds.
#[derive(Clone)]
pub(super) enum FieldType {
    Scalar(Scalar),
    /// An enum, stored as `i32`; `path` is its Rust path from the scope.
    Enum {
        path: String,
        fq: String,
    },
    /// A message or group.
    Message {
        path: String,
        fq: String,
        group: bool,
    },
}

impl FieldType {
    fn new(ctx: &Ctx<'_>, scope: &Scope<'_>, field: &FieldDescriptorProto) -> Result<Self, Error> {
        let t = field.r#type();
        if let Some(s) = Scalar::from_type(t) {
            return Ok(FieldType::Scalar(s));
        }
        let fq = field.type_name().to_owned();
        let path = ctx.index.rust_path(&fq, scope)?;
        Ok(match t {
            Type::Enum => FieldType::Enum { path, fq },
            _ => FieldType::Message { path, fq, group: t == Type::Group },
        })
    }

    /// The element type: `i32` for enums, the path for messages (unboxed).
    fn rust_type(&self, zero_copy: ZeroCopy) -> TokenStream {
        match self {
            FieldType::Scalar(s) => s.rust_type(zero_copy),
            FieldType::Enum { .. } => quote!(i32),
            FieldType::Message { path, .. } => path_tokens(path),
        }
    }

    /// The kind in the attribute: `uint64`, `enumeration = "Path"`, `message`, `group`.
    fn kind(&self) -> TokenStream {
        match self {
            FieldType::Scalar(s) => {
                let kw = format_ident!("{}", s.keyword());
                quote!(#kw)
            }
            FieldType::Enum { path, .. } => quote!(enumeration = #path),
            FieldType::Message { group: true, .. } => quote!(group),
            FieldType::Message { .. } => quote!(message),
        }
    }

    /// The kind inside `map = "..."`.
    fn map_kind(&self) -> String {
        match self {
            FieldType::Scalar(s) => s.keyword().to_owned(),
            FieldType::Enum { path, .. } => format!("enumeration({path})"),
            FieldType::Message { .. } => "message".to_owned(),
        }
    }

    fn packable(&self) -> bool {
        match self {
            FieldType::Scalar(s) => !matches!(s, Scalar::String | Scalar::Bytes),
            FieldType::Enum { .. } => true,
            FieldType::Message { .. } => false,
        }
    }
}

/// How a field holds its values.
pub(super) enum Shape {
    /// proto3 without `optional`: the plain type.
    Implicit,
    /// Explicit presence: `Option<T>`.
    Optional,
    /// proto2 `required`: `Option<T>`, checked.
    Required,
    /// `Vec<T>`.
    Repeated { packed: bool },
    /// `HashMap<K, V>` or `BTreeMap<K, V>`.
    Map { key: Scalar, value: FieldType, btree: bool },
    /// A member of a oneof: the variant's payload.
    OneofMember,
}

/// A field of a message, or a member of a oneof.
pub(super) struct Field<'a> {
    pub desc: &'a FieldDescriptorProto,
    /// `.pkg.Msg.field`.
    pub fq: String,
    /// The Rust identifier: snake case for fields, camel case for variants.
    pub ident: String,
    pub ty: FieldType,
    pub shape: Shape,
    /// Boxed (a singular message field that is recursive or configured so).
    pub boxed: bool,
    /// `Bytes` rather than `Vec<u8>`, `ByteString` rather than `String`.
    pub zero_copy: ZeroCopy,
}

impl<'a> Field<'a> {
    /// Describes `desc`, a field of message `msg_fq`, with types resolved
    /// from `scope`; `ident` is its Rust name.
    pub fn new(
        ctx: &Ctx<'_>,
        scope: &Scope<'_>,
        msg_fq: &str,
        desc: &'a FieldDescriptorProto,
        ident: String,
        in_oneof: bool,
    ) -> Result<Self, Error> {
        let fq = format!("{msg_fq}.{}", desc.name());
        let features = ctx.features.field(&fq).ok_or_else(|| {
            Error::new(ErrorKind::Descriptor, format!("field `{}` is missing from the descriptor set", &fq[1..]))
        })?;
        let mut ty = FieldType::new(ctx, scope, desc)?;
        let strings = any_matches(&ctx.config.zero_copy, &fq);
        let unchecked = !features.verify_utf8 && any_matches(&ctx.config.unchecked_strings, &fq);
        let zero_copy = ZeroCopy { bytes: strings || any_matches(&ctx.config.bytes, &fq), strings, unchecked };
        let shape = if in_oneof {
            Shape::OneofMember
        } else if desc.label() == Label::Repeated {
            match map_entry(ctx, &ty) {
                Some(entry) => {
                    let key = FieldType::new(ctx, scope, entry_field(entry, 1, &fq)?)?;
                    let FieldType::Scalar(key) = key else {
                        return Err(bad_map(&fq));
                    };
                    let value = FieldType::new(ctx, scope, entry_field(entry, 2, &fq)?)?;
                    Shape::Map { key, value, btree: any_matches(&ctx.config.btree_map, &fq) }
                }
                None => Shape::Repeated { packed: features.packed },
            }
        } else {
            match features.presence {
                Presence::Required => Shape::Required,
                Presence::Implicit => Shape::Implicit,
                Presence::Explicit => Shape::Optional,
            }
        };
        // Map entries are length-prefixed whatever the features say, as
        // in protoc's own runtimes.
        if let (FieldType::Message { group, .. }, false) = (&mut ty, matches!(shape, Shape::Map { .. })) {
            *group = features.delimited;
        }
        // Groups are never boxed: a group's type is nested in the message
        // that has the field, so every cycle through a group field also
        // passes a message field, which is boxed.
        let boxed = match &ty {
            FieldType::Message { fq: type_fq, group: false, .. }
                if !matches!(shape, Shape::Repeated { .. } | Shape::Map { .. }) =>
            {
                ctx.index.is_recursive(msg_fq, type_fq) || any_matches(&ctx.config.boxed, &fq)
            }
            _ => false,
        };
        Ok(Field { desc, fq, ident, ty, shape, boxed, zero_copy })
    }

    /// The element type, boxed if needed.
    pub fn value_type(&self) -> TokenStream {
        let ty = self.ty.rust_type(self.zero_copy);
        if self.boxed { quote!(::std::boxed::Box<#ty>) } else { ty }
    }

    /// Whether the field's Rust type is `Copy`: one number, bool or enum,
    /// plain or in an `Option`.
    pub fn is_copy(&self) -> bool {
        let copy_value = match &self.ty {
            FieldType::Scalar(s) => !matches!(s, Scalar::String | Scalar::Bytes),
            FieldType::Enum { .. } => true,
            FieldType::Message { .. } => false,
        };
        copy_value && matches!(self.shape, Shape::Implicit | Shape::Optional | Shape::Required)
    }

    /// The field's full Rust type.
    pub fn rust_type(&self) -> TokenStream {
        let value = self.value_type();
        match &self.shape {
            Shape::Implicit | Shape::OneofMember => value,
            Shape::Optional | Shape::Required => quote!(::core::option::Option<#value>),
            Shape::Repeated { .. } => quote!(::std::vec::Vec<#value>),
            Shape::Map { key, value, btree } => {
                let k = key.rust_type(ZeroCopy { bytes: false, unchecked: false, ..self.zero_copy });
                let v = value.rust_type(self.zero_copy);
                if *btree {
                    quote!(::std::collections::BTreeMap<#k, #v>)
                } else {
                    quote!(::std::collections::HashMap<#k, #v>)
                }
            }
        }
    }

    /// The `#[proto(...)]` attribute. `name = ".."` is emitted when the Rust
    /// identifier is not the protobuf name, and always on oneof members.
    pub fn attribute(&self) -> TokenStream {
        let number = Literal::i32_unsuffixed(self.desc.number());
        let mut args = vec![quote!(#number)];
        let unchecked = |ty: &FieldType| self.zero_copy.unchecked && matches!(ty, FieldType::Scalar(Scalar::String));
        match &self.shape {
            Shape::Map { key, value, .. } => {
                let value_kind = if unchecked(value) { "unchecked_string".to_owned() } else { value.map_kind() };
                let map = format!("{}, {value_kind}", key.keyword());
                args.push(quote!(map = #map));
            }
            _ if unchecked(&self.ty) => args.push(quote!(unchecked_string)),
            _ => args.push(self.ty.kind()),
        }
        if matches!(self.shape, Shape::Required) {
            args.push(quote!(required));
        }
        if matches!(self.shape, Shape::Repeated { packed: false }) && self.ty.packable() {
            args.push(quote!(packed = false));
        }
        if let (Some(default), false) = (&self.desc.default_value, matches!(self.shape, Shape::OneofMember)) {
            let default = normalize_default(&self.ty, default);
            args.push(quote!(default = #default));
        }
        let name = self.desc.name();
        if matches!(self.shape, Shape::OneofMember) || self.ident != name {
            args.push(quote!(name = #name));
        }
        let json = self.desc.json_name.clone().unwrap_or_else(|| default_json_name(name));
        args.push(quote!(json_name = #json));
        quote!(#[proto(#(#args),*)])
    }

    /// The name of the setter, `set_<field>`.
    pub fn setter_name(&self) -> String {
        format!("set_{}", unraw(&to_snake(self.desc.name())).trim_end_matches('_'))
    }
}

/// The default's text as the attribute carries it: the descriptor's, except
/// that floats are spelled as Rust prints them (`9e9`, `inf`, `NaN`), since
/// protoc and protox spell them differently (`9e+09`, `9000000000`).
fn normalize_default(ty: &FieldType, text: &str) -> String {
    match ty {
        FieldType::Scalar(Scalar::Float) => parse_float::<f32>(text).map(|v| format!("{v:?}")),
        FieldType::Scalar(Scalar::Double) => parse_float::<f64>(text).map(|v| format!("{v:?}")),
        _ => None,
    }
    .unwrap_or_else(|| text.to_owned())
}

/// The map entry message `ty` refers to, if it is one.
fn map_entry<'c>(ctx: &Ctx<'c>, ty: &FieldType) -> Option<&'c prost_types::DescriptorProto> {
    let FieldType::Message { fq, group: false, .. } = ty else {
        return None;
    };
    match ctx.index.get(fq).ok()?.def {
        Def::Message(m) if m.options.as_ref().and_then(|o| o.map_entry) == Some(true) => Some(m),
        _ => None,
    }
}

fn entry_field<'c>(
    entry: &'c prost_types::DescriptorProto,
    number: i32,
    fq: &str,
) -> Result<&'c FieldDescriptorProto, Error> {
    entry.field.iter().find(|f| f.number() == number).ok_or_else(|| bad_map(fq))
}

fn bad_map(fq: &str) -> Error {
    Error::new(ErrorKind::Descriptor, format!("map field `{}` has a malformed entry type", &fq[1..]))
}

/// Tokens of a Rust path produced by [`crate::index::Index::rust_path`].
pub(super) fn path_tokens(path: &str) -> TokenStream {
    // Paths are checked when extern paths are configured and built from
    // sanitized identifiers otherwise, so they always parse.
    path.parse().unwrap_or_default()
}
