//! Extensions (`extend Msg { ... }`): per extension, a typed
//! `protowire::Extension` constant and the hidden one-field message its
//! value travels in (the runtime's `ExtensionHolder`).

use proc_macro2::TokenStream;
use prost_types::FieldDescriptorProto;
use quote::{format_ident, quote};

use super::field::{Field, Shape, path_tokens};
use super::{Ctx, FileCtx, Namespace};
use crate::error::Error;
use crate::ident::{to_ident, to_shouty_snake, to_upper_camel};
use crate::index::Scope;

/// The extensions declared in `scope` (a file's, or a message's inside its
/// module); `paths` are their descriptor paths, for docs.
pub(super) fn extensions(
    ctx: &Ctx<'_>,
    file: &FileCtx<'_>,
    scope: &Scope<'_>,
    extensions: &[FieldDescriptorProto],
    paths: impl Fn(usize) -> Vec<i32>,
    ns: &mut Namespace,
) -> Result<TokenStream, Error> {
    let mut out = TokenStream::new();
    let scope_fq = scope.fq("");
    let scope_fq = scope_fq.trim_end_matches('.');
    for (i, desc) in extensions.iter().enumerate() {
        let fq = scope.fq(desc.name());
        let full_name = &fq[1..];
        let constant = to_shouty_snake(desc.name());
        let holder = format!("__{}Extension", to_upper_camel(desc.name()));
        let at = || format!("extension `{full_name}` ({})", file.source.at(&paths(i)));
        ns.claim(&constant, at)?;
        ns.claim(&holder, at)?;
        let mut field = Field::new(ctx, scope, scope_fq, desc, "value".to_owned(), false)?;
        // Extensions always track presence, proto3 ones (custom options) too.
        if matches!(field.shape, Shape::Implicit) {
            field.shape = Shape::Optional;
        }
        // The holder is on no cycle: its value is held directly.
        field.boxed = false;
        let extendee = path_tokens(&ctx.index.rust_path(desc.extendee(), scope)?);
        let attr = field.attribute();
        let ty = field.rust_type();
        let value_ty = match field.shape {
            Shape::Repeated { .. } => ty.clone(),
            _ => field.value_type(),
        };
        let (into, from) = match field.shape {
            Shape::Repeated { .. } => (quote!((!self.value.is_empty()).then_some(self.value)), quote!(Self { value })),
            _ => (quote!(self.value), quote!(Self { value: ::core::option::Option::Some(value) })),
        };
        let docs = file.source.docs(&paths(i));
        let constant = to_ident(&constant);
        let holder = format_ident!("{}", holder);
        let number = proc_macro2::Literal::u32_unsuffixed(desc.number() as u32);
        out.extend(quote! {
            #docs
            pub const #constant: ::protowire::Extension<#extendee, #holder> =
                ::protowire::Extension::new(#full_name, #number);

            #[doc(hidden)]
            #[derive(Clone, PartialEq, Default, ::protowire::Message)]
            #[proto(name = #full_name)]
            pub struct #holder {
                #attr
                pub value: #ty,
            }

            impl ::protowire::extension::ExtensionHolder for #holder {
                type Value = #value_ty;
                fn into_value(self) -> ::core::option::Option<Self::Value> {
                    #into
                }
                fn from_value(value: Self::Value) -> Self {
                    #from
                }
            }
        });
    }
    Ok(out)
}

/// `register_types()` for a package: registers every message type its
/// `files` declare (with `protowire::registry::register`, for `Any`, JSON's
/// `@type` and lookups by name) and every extension (for `[ext]` names in
/// JSON and text format), at any depth.
pub(super) fn register_fn(
    ctx: &Ctx<'_>,
    scope: &Scope<'_>,
    files: &[&prost_types::FileDescriptorProto],
    ns: &mut Namespace,
) -> Result<TokenStream, Error> {
    #[derive(Default)]
    struct Found {
        messages: Vec<TokenStream>,
        extensions: Vec<TokenStream>,
    }
    fn walk(messages: &[prost_types::DescriptorProto], module: &mut Vec<String>, out: &mut Found) {
        for m in messages {
            let map_entry = m.options.as_ref().and_then(|o| o.map_entry) == Some(true);
            if !map_entry {
                out.messages.push(type_path(module, m.name()));
            }
            module.push(crate::ident::to_snake(m.name()));
            out.extensions.extend(m.extension.iter().map(|ext| constant_path(module, ext.name())));
            walk(&m.nested_type, module, out);
            module.pop();
        }
    }
    let mut found = Found::default();
    for file in files {
        found.extensions.extend(file.extension.iter().map(|ext| constant_path(&[], ext.name())));
        let local: Vec<_> = file
            .message_type
            .iter()
            .filter(|m| ctx.index.extern_path(&scope.fq(m.name())).is_none())
            .cloned()
            .collect();
        walk(&local, &mut Vec::new(), &mut found);
    }
    ns.claim("register_types", || "the package's `register_types` function".to_owned())?;
    let Found { messages, extensions } = found;
    Ok(quote! {
        /// Registers every message type (`protowire::registry::register`)
        /// and every extension (`protowire::extension::register`) this
        /// package declares, so that they are found by name (`Any`, JSON
        /// and text format) before anything else has used them, and adds
        /// [`FILE_DESCRIPTOR_SET`] to the process-wide descriptor pool
        /// (`protowire::reflect`; files of a name already there are kept).
        #[allow(dead_code)]
        pub fn register_types() {
            // Bytes this generator wrote, whose imports come with them: only
            // a registration racing with a conflicting one could fail.
            let _ = ::protowire::reflect::register_file_descriptor_set(FILE_DESCRIPTOR_SET);
            #(::protowire::registry::register(::protowire::MessageType::of::<#messages>());)*
            #(::protowire::extension::register(&#extensions);)*
        }
    })
}

fn type_path(module: &[String], name: &str) -> TokenStream {
    let parts = module.iter().map(|m| to_ident(m));
    let ty = to_ident(&to_upper_camel(name));
    quote!(#(#parts::)* #ty)
}

fn constant_path(module: &[String], name: &str) -> TokenStream {
    let parts = module.iter().map(|m| to_ident(m));
    let constant = to_ident(&to_shouty_snake(name));
    quote!(#(#parts::)* #constant)
}
