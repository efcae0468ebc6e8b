//! Oneofs: a `#[derive(Oneof)]` Rust enum in the message's module, and the
//! `Option<module::Enum>` field that holds it.

use proc_macro2::TokenStream;
use quote::quote;

use super::field::Field;
use super::message::Msg;
use super::{Ctx, FileCtx, Namespace};
use crate::error::{Error, ErrorKind};
use crate::ident::{to_ident, to_snake, to_upper_camel};
use crate::source::path;

/// What a oneof contributes: a struct field and an enum for the module.
pub(super) struct Oneof {
    pub field: TokenStream,
    pub enumeration: TokenStream,
}

/// Oneof number `index` of `msg`. Claims the field's name in `fields` and
/// the enum's in `module`.
pub(super) fn oneof(
    ctx: &Ctx<'_>,
    file: &FileCtx<'_>,
    msg: &Msg<'_, '_>,
    index: usize,
    fields: &mut Namespace,
    module: &mut Namespace,
) -> Result<Oneof, Error> {
    let msg_fq = &msg.fq;
    let decl = msg.desc.oneof_decl.get(index).ok_or_else(|| {
        Error::new(ErrorKind::Descriptor, format!("a field of `{}` has a bad oneof index", &msg_fq[1..]))
    })?;
    let fq = format!("{msg_fq}.{}", decl.name());
    let oneof_path = msg.child(path::MESSAGE_ONEOF, index);
    let at = file.source.at(&oneof_path);

    let field_text = to_snake(decl.name());
    fields.claim(&field_text, || format!("oneof `{}` ({at})", decl.name()))?;
    let enum_text = to_upper_camel(decl.name());
    module.claim(&enum_text, || format!("oneof `{}` ({at})", &fq[1..]))?;

    let inner = msg.scope.nested(msg.desc.name());
    let mut variants_ns = Namespace::new(format!("oneof `{}`", &fq[1..]));
    let mut numbers = Vec::new();
    let mut variants = Vec::new();
    for (i, desc) in msg.desc.field.iter().enumerate() {
        if desc.oneof_index != Some(index as i32) || desc.proto3_optional() {
            continue;
        }
        let field_path = msg.child(path::MESSAGE_FIELD, i);
        let ident = to_upper_camel(desc.name());
        variants_ns.claim(&ident, || format!("field `{}` ({})", desc.name(), file.source.at(&field_path)))?;
        let member = Field::new(ctx, &inner, msg_fq, desc, ident, true)?;
        numbers.push(desc.number().to_string());
        let docs = file.source.docs(&field_path);
        let attr = member.attribute();
        let variant = to_ident(&member.ident);
        let ty = member.value_type();
        variants.push(quote! {
            #docs
            #attr
            #variant(#ty),
        });
    }

    let docs = file.source.docs(&oneof_path);
    let field_ident = to_ident(&field_text);
    let enum_ident = to_ident(&enum_text);
    let module_ident = to_ident(&to_snake(msg.desc.name()));
    let numbers = numbers.join(", ");
    let field_attrs = ctx.field_attributes(&fq);
    let type_attrs = ctx.type_attributes(&fq);
    Ok(Oneof {
        field: quote! {
            #docs
            #[proto(oneof = #numbers)]
            #field_attrs
            pub #field_ident: ::core::option::Option<#module_ident::#enum_ident>,
        },
        enumeration: quote! {
            #docs
            #[derive(Clone, PartialEq, ::protowire::Oneof)]
            #[proto(debug)]
            #type_attrs
            pub enum #enum_ident {
                #(#variants)*
            }
        },
    })
}
