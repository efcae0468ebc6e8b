//! Messages: a `#[derive(Message)]` struct, the module of its nested types
//! and oneofs, and its accessors.

use std::collections::HashSet;

use proc_macro2::TokenStream;
use prost_types::DescriptorProto;
use quote::quote;

use super::field::Field;
use super::{Ctx, FileCtx, Namespace, UNKNOWN_FIELDS, accessor, enumeration, extension, oneof};
use crate::config::any_matches;
use crate::error::Error;
use crate::ident::{to_ident, to_snake, to_upper_camel};
use crate::index::Scope;
use crate::source::path;

/// A message being generated.
pub(super) struct Msg<'a, 'b> {
    /// Where the struct is declared.
    pub scope: &'b Scope<'a>,
    pub desc: &'a DescriptorProto,
    /// Its descriptor path in the file.
    pub path: &'b [i32],
    /// `.pkg.Msg`.
    pub fq: String,
}

impl Msg<'_, '_> {
    /// The descriptor path of one of its parts (`path::MESSAGE_FIELD`, i).
    pub fn child(&self, kind: i32, index: usize) -> Vec<i32> {
        [self.path, &[kind, index as i32]].concat()
    }
}

/// The code for `desc`, declared in `scope`; its names are claimed in `ns`.
/// Map entries and extern types give nothing.
pub(super) fn message<'a>(
    ctx: &Ctx<'a>,
    file: &FileCtx<'a>,
    scope: &Scope<'a>,
    desc: &'a DescriptorProto,
    desc_path: &[i32],
    ns: &mut Namespace,
) -> Result<TokenStream, Error> {
    let msg = Msg { scope, desc, path: desc_path, fq: scope.fq(desc.name()) };
    if desc.options.as_ref().and_then(|o| o.map_entry) == Some(true) || ctx.index.extern_path(&msg.fq).is_some() {
        return Ok(TokenStream::new());
    }
    let full_name = &msg.fq[1..];
    let at = file.source.at(desc_path);
    let ident_text = to_upper_camel(desc.name());
    ns.claim(&ident_text, || format!("message `{full_name}` ({at})"))?;

    // The module: nested messages, enums, and (below) oneofs.
    let inner = scope.nested(desc.name());
    let mut module_ns = Namespace::new(format!("the module of message `{full_name}`"));
    let mut nested = TokenStream::new();
    for (i, m) in desc.nested_type.iter().enumerate() {
        nested.extend(message(ctx, file, &inner, m, &msg.child(path::MESSAGE_NESTED, i), &mut module_ns)?);
    }
    for (i, e) in desc.enum_type.iter().enumerate() {
        let e_path = msg.child(path::MESSAGE_ENUM, i);
        nested.extend(enumeration::enumeration(ctx, file, &inner, e, &e_path, &mut module_ns)?);
    }
    let ext_path = |i: usize| msg.child(path::MESSAGE_EXTENSION, i);
    nested.extend(extension::extensions(ctx, file, &inner, &desc.extension, ext_path, &mut module_ns)?);

    let mut fields_ns = Namespace::new(format!("message `{full_name}`"));
    let mut fields = Vec::new();
    let mut methods = Vec::new();
    let mut oneofs_done = HashSet::new();
    let mut copyable = Vec::new();
    for (i, fd) in desc.field.iter().enumerate() {
        let field_path = msg.child(path::MESSAGE_FIELD, i);
        if let Some(o) = fd.oneof_index.filter(|_| !fd.proto3_optional()) {
            // A real oneof: its field goes where its first member is.
            if oneofs_done.insert(o) {
                let o = usize::try_from(o).unwrap_or(usize::MAX);
                let oneof = oneof::oneof(ctx, file, &msg, o, &mut fields_ns, &mut module_ns)?;
                fields.push(oneof.field);
                nested.extend(oneof.enumeration);
            }
            continue;
        }
        let ident = to_snake(fd.name());
        fields_ns.claim(&ident, || format!("field `{}` ({})", fd.name(), file.source.at(&field_path)))?;
        let field = Field::new(ctx, scope, &msg.fq, fd, ident, false)?;
        copyable.push(field.is_copy());
        methods.extend(accessor::accessors(ctx, &field)?);
        let docs = file.source.docs(&field_path);
        let attr = field.attribute();
        let extra = ctx.field_attributes(&field.fq);
        let name = to_ident(&field.ident);
        let ty = field.rust_type();
        fields.push(quote! {
            #docs
            #attr
            #extra
            pub #name: #ty,
        });
    }
    let ident = to_ident(&ident_text);
    let docs = file.source.docs(desc_path);
    let attrs = ctx.type_attributes(&msg.fq);
    let unknown = if any_matches(&ctx.config.drop_unknown_fields, &msg.fq) {
        None
    } else {
        let mut name = UNKNOWN_FIELDS.to_owned();
        while fields_ns.contains(&name) {
            name.push('_');
        }
        let name = to_ident(&name);
        let extra = ctx.unknown_fields_attributes(&msg.fq);
        Some(quote! {
            #[proto(unknown)]
            #extra
            pub #name: ::protowire::UnknownFields,
        })
    };
    // As prost-build does: a message of plain values is `Copy`, which the
    // unknown fields' store never is.
    let copy = (unknown.is_none() && oneofs_done.is_empty() && copyable.iter().all(|c| *c)).then(|| quote!(Copy,));
    let mut out = quote! {
        #docs
        #[derive(Clone, #copy PartialEq, Default, ::protowire::Message)]
        #[proto(name = #full_name, debug)]
        #attrs
        pub struct #ident {
            #(#fields)*
            #unknown
        }
    };
    if !nested.is_empty() {
        let module_text = to_snake(desc.name());
        ns.claim(&module_text, || format!("the module of message `{full_name}` ({at})"))?;
        let module = to_ident(&module_text);
        let doc = format!(" Nested message and enum types in `{}`.", desc.name());
        out.extend(quote! {
            #[doc = #doc]
            pub mod #module {
                #nested
            }
        });
    }
    out.extend(accessor::impl_block(&quote!(#ident), methods));
    Ok(out)
}
