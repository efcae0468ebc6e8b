//! `#[derive(Message)]`: the struct's static spec (one entry per field, with
//! its offset), its table cell, and the `Message` impl.

use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::DeriveInput;

use super::{ABI_VERSION, debug, info, kind, private};
use crate::ast::{Shape, ValueKind};
use crate::check;
use crate::ctxt::Ctxt;
use crate::model::{self, FieldModel, MessageModel, TypeRole};

pub fn derive(input: &DeriveInput) -> Result<TokenStream, syn::Error> {
    let mut cx = Ctxt::default();
    let model = model::message(&mut cx, input);
    if let Some(model) = &model {
        let numbers = model
            .fields
            .iter()
            .map(|f| (f.number, f.number_span))
            .chain(model.oneofs.iter().flat_map(|o| o.numbers.iter().map(|&n| (n, o.span))));
        check::unique_numbers(&mut cx, numbers);
    }
    match (cx.finish(), model) {
        (Ok(()), Some(model)) => Ok(expand(input, &model)),
        (Err(errors), _) => Err(errors),
        (Ok(()), None) => unreachable_model(input),
    }
}

fn unreachable_model(input: &DeriveInput) -> Result<TokenStream, syn::Error> {
    Err(syn::Error::new_spanned(&input.ident, "protowire: could not read this type"))
}

/// A `Message` impl that satisfies the type checker after an error, so the
/// user sees the error once rather than once per use of the type.
pub fn fallback(input: &DeriveInput) -> TokenStream {
    let ident = &input.ident;
    let pw = private();
    let debug = model::type_args(&mut Ctxt::default(), input, TypeRole::Message).debug.then(|| debug::fallback(input));
    quote! {
        impl ::protowire::Message for #ident {
            fn __table() -> #pw::TypedTable<Self> {
                ::core::unimplemented!()
            }
        }
        #debug
    }
}

/// The table, cell and `Message` impl of a message model (also the prost
/// facade's emitter).
pub fn expand(input: &DeriveInput, model: &MessageModel) -> TokenStream {
    let ident = &model.ident;
    let full_name = &model.full_name;
    let pw = private();
    let fields: Vec<TokenStream> = model
        .fields
        .iter()
        .map(|f| {
            let mut entry = entry(ident, f);
            if model.prost_map_entries && matches!(f.shape, Shape::Map { .. }) {
                entry.extend(quote!(.prost_map_entries()));
            }
            entry
        })
        .collect();
    let count = fields.len();

    let mut checks = TokenStream::new();
    let mut oneofs = Vec::new();
    for oneof in &model.oneofs {
        let member = &oneof.ident;
        let ty = &oneof.ty;
        let numbers = &oneof.numbers;
        let list = numbers.iter().map(u32::to_string).collect::<Vec<_>>().join(", ");
        let attribute = format!("#[proto(oneof = \"{list}\")] on `{member}` lists {list}");
        // Spanned on the attribute, so a mismatch points at the list; the
        // enum's side of the message comes from its derive.
        checks.extend(quote_spanned! {oneof.span=>
            const _: () = __pw::check_oneof_numbers(
                <#ty as __pw::OneofNumbers>::NUMBERS,
                <#ty as __pw::OneofNumbers>::DESCRIBED,
                &[#(#numbers),*],
                #attribute,
            );
        });
        oneofs.push(quote!(__pw::OneofField::new::<#ty>(__pw::field_offset!(#ident, #member))));
    }
    let oneof_count = oneofs.len();
    let unknown = match &model.unknown {
        Some(u) => quote!(::core::option::Option::Some(__pw::field_offset!(#ident, #u))),
        None => quote!(::core::option::Option::None),
    };

    let debug = model.debug.then(|| debug::message(input, &model.fields));

    quote! {
        #[allow(non_camel_case_types, unused_variables, unsafe_code, deprecated, clippy::all)]
        const _: () = {
            use #pw as __pw;
            #checks
            #debug
            static FIELDS: [__pw::Entry<#ident>; #count] = [#(#fields),*];
            static ONEOFS: [__pw::OneofField<#ident>; #oneof_count] = [#(#oneofs),*];
            static SPEC: __pw::MessageSpec<#ident> =
                __pw::MessageSpec::new(#ABI_VERSION, #full_name, &FIELDS, &ONEOFS, #unknown);
            impl ::protowire::Message for #ident {
                #[inline(never)]
                fn __table() -> __pw::TypedTable<Self> {
                    static CELL: __pw::TableCell<#ident> = __pw::TableCell::new();
                    CELL.get(&SPEC)
                }
            }
        };
    }
}

/// One table entry for a struct field: the constructor that matches its
/// Rust shape, which the type checker then holds to the field's real type.
fn entry(msg: &syn::Ident, f: &FieldModel) -> TokenStream {
    let member = &f.ident;
    let info = info(f, false);
    let offset = quote!(__pw::field_offset!(#msg, #member));
    let constructor = match (&f.shape, &f.value) {
        (Shape::Map { key }, value) => {
            let key = kind(key);
            match value {
                ValueKind::Enum(e) => quote!(map_enum::<_, #e>(#info, #key, #offset)),
                value => {
                    let value = kind(value);
                    quote!(map(#info, #key, #value, #offset))
                }
            }
        }
        (_, ValueKind::Enum(e)) => quote!(enumeration::<_, #e>(#info, #offset)),
        (Shape::Plain, ValueKind::Message { boxed: false, .. }) => quote!(message(#info, #offset)),
        (Shape::Plain, ValueKind::Message { boxed: true, .. }) => quote!(message_boxed(#info, #offset)),
        (Shape::Option, ValueKind::Message { boxed: false, .. } | ValueKind::Group) => {
            quote!(message_option(#info, #offset))
        }
        (Shape::Option, ValueKind::Message { boxed: true, .. }) => quote!(message_option_boxed(#info, #offset)),
        (Shape::Repeated { .. }, ValueKind::Message { .. } | ValueKind::Group) => {
            quote!(message_vec(#info, #offset))
        }
        (Shape::Plain, ValueKind::Group) => quote!(message(#info, #offset)),
        _ => quote!(scalar(#info, #offset)),
    };
    quote!(__pw::Entry::<#msg>::#constructor)
}
