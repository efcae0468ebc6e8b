//! Code emission. Each derive turns its model into static table entries for
//! the runtime's `__private` module; nothing here knows how the loops run.

pub mod debug;
pub mod enumeration;
pub mod message;
pub mod oneof;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::ast::{Shape, ValueKind};
use crate::model::FieldModel;

/// The table format this derive emits; the runtime rejects any other.
pub const ABI_VERSION: u32 = 2;

/// The path generated code reaches the runtime through.
pub fn private() -> TokenStream {
    quote!(::protowire::__private_v2)
}

/// The `Kind` of one value.
pub fn kind(value: &ValueKind) -> TokenStream {
    let name = match value {
        ValueKind::Scalar(s) => s.kind_name(),
        ValueKind::Enum(_) => "Enum",
        ValueKind::String => "String",
        ValueKind::Bytes => "Bytes",
        ValueKind::Message { .. } => "Message",
        ValueKind::Group => "Group",
    };
    let ident = format_ident!("{name}");
    quote!(__pw::Kind::#ident)
}

/// The field's `Cardinality`, from its shape and attributes.
pub fn cardinality(field: &FieldModel, oneof: bool) -> &'static str {
    if oneof {
        return "Oneof";
    }
    match &field.shape {
        Shape::Plain if field.required => "Required",
        Shape::Plain if holds_messages(&field.value) => "Optional",
        Shape::Plain => "Implicit",
        Shape::Option if field.required => "Required",
        Shape::Option => "Optional",
        Shape::Repeated { packed: true } => "Packed",
        Shape::Repeated { packed: false } => "Repeated",
        Shape::Map { .. } => "Map",
    }
}

/// The field's `FieldInfo`.
pub fn info(field: &FieldModel, oneof: bool) -> TokenStream {
    let number = field.number;
    let name = &field.proto_name;
    let json_name = &field.json_name;
    let kind = kind(&field.value);
    let cardinality = format_ident!("{}", cardinality(field, oneof));
    let mut info = quote! {
        __pw::FieldInfo::new(#number, #name, #kind, __pw::Cardinality::#cardinality).with_json_name(#json_name)
    };
    if let Some(default) = &field.default {
        info.extend(quote!(.with_default_value(#default)));
    }
    info
}

/// Whether values of this kind are messages.
pub fn holds_messages(value: &ValueKind) -> bool {
    matches!(value, ValueKind::Message { .. } | ValueKind::Group)
}
