//! Code emission. Each derive turns its model into the items the runtime's
//! `__private` module expects; nothing here knows how the loops run.

pub mod enumeration;
pub mod message;
pub mod oneof;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::ast::{Shape, ValueKind};
use crate::model::FieldModel;

/// The runtime codec for one value.
pub fn codec(value: &ValueKind) -> TokenStream {
    match value {
        ValueKind::Scalar(s) => {
            let name = format_ident!("{}", s.names().0);
            quote!(__pw::#name)
        }
        ValueKind::Enum(_) => quote!(__pw::Int32),
        ValueKind::String { boxed: false } => quote!(__pw::StringCodec),
        ValueKind::String { boxed: true } => quote!(__pw::BoxStrCodec),
        ValueKind::Bytes { shared: false } => quote!(__pw::BytesVec),
        ValueKind::Bytes { shared: true } => quote!(__pw::BytesShared),
        ValueKind::Message { ty, boxed: false } | ValueKind::Group { ty } => quote!(__pw::MessageCodec<#ty>),
        ValueKind::Message { ty, boxed: true } => quote!(__pw::BoxedMessage<#ty>),
    }
}

/// The `Kind` of one value.
pub fn kind(value: &ValueKind) -> TokenStream {
    let name = match value {
        ValueKind::Scalar(s) => s.names().1,
        ValueKind::Enum(_) => "Enum",
        ValueKind::String { .. } => "String",
        ValueKind::Bytes { .. } => "Bytes",
        ValueKind::Message { .. } => "Message",
        ValueKind::Group { .. } => "Group",
    };
    let ident = format_ident!("{name}");
    quote!(__pw::Kind::#ident)
}

/// The wire type code the field's key carries.
pub fn field_wire_type(field: &FieldModel) -> u8 {
    match field.shape {
        Shape::Repeated { packed: true } | Shape::Map { .. } => 2,
        _ => field.value.wire_type(),
    }
}

/// The pre-encoded key as a constant expression, and its length.
pub fn key(field: &FieldModel) -> (TokenStream, usize) {
    let wire_type = field_wire_type(field);
    let wt = format_ident!(
        "{}",
        match wire_type {
            0 => "Varint",
            1 => "I64",
            2 => "Len",
            3 => "StartGroup",
            _ => "I32",
        }
    );
    let number = field.number;
    let raw = (u64::from(number) << 3) | u64::from(wire_type);
    let len = (64 - (raw | 1).leading_zeros()).div_ceil(7) as usize;
    (quote!(const { __pw::EncodedKey::new(#number, __pw::WireType::#wt) }), len)
}

/// The field's `FieldInfo`.
pub fn info(field: &FieldModel, cardinality: &str) -> TokenStream {
    let number = field.number;
    let name = &field.proto_name;
    let json_name = &field.json_name;
    let kind = kind(&field.value);
    let cardinality = format_ident!("{cardinality}");
    let mut info = quote! {
        __pw::FieldInfo::new(#number, #name, #kind, __pw::Cardinality::#cardinality).with_json_name(#json_name)
    };
    if let ValueKind::Message { ty, .. } | ValueKind::Group { ty } = &field.value {
        info.extend(quote!(.with_message_type(<#ty as ::protowire::Message>::message_type)));
    }
    if let Some(default) = &field.default {
        info.extend(quote!(.with_default_value(#default)));
    }
    info
}

/// Whether values of this kind are messages whose required fields need checking.
pub fn holds_messages(value: &ValueKind) -> bool {
    matches!(value, ValueKind::Message { .. } | ValueKind::Group { .. })
}
