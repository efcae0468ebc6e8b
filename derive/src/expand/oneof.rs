//! `#[derive(Oneof)]`: one table entry per member, which any message holding
//! the oneof splices into its own table, and the two functions that find and
//! set the member (the only code per oneof type).

use proc_macro2::TokenStream;
use quote::quote;
use syn::DeriveInput;

use super::{debug, info, private};
use crate::ast::ValueKind;
use crate::check;
use crate::ctxt::Ctxt;
use crate::model::{self, FieldModel, TypeRole};

pub fn derive(input: &DeriveInput) -> Result<TokenStream, syn::Error> {
    let mut cx = Ctxt::default();
    let model = model::oneof(&mut cx, input);
    check::unique_numbers(&mut cx, model.members.iter().map(|m| (m.number, m.number_span)));
    cx.finish()?;
    let mut tokens = expand(input, &model.members);
    if model.debug {
        tokens.extend(debug::oneof(input, &model.members));
    }
    Ok(tokens)
}

/// A stand-in after an error, so that the holding message's derive does not
/// add errors of its own. It has no members, so the runtime never asks it
/// for one.
pub fn fallback(input: &DeriveInput) -> TokenStream {
    let ident = &input.ident;
    let pw = private();
    let debug = model::type_args(&mut Ctxt::default(), input, TypeRole::Oneof).debug.then(|| debug::fallback(input));
    quote! {
        #debug
        impl #pw::OneofNumbers for #ident {
            const NUMBERS: &'static [u32] = &[];
            const DESCRIBED: &'static str = "oneof enum has errors";
        }
        #[allow(unsafe_code)]
        // SAFETY: no members, so no address is ever returned.
        unsafe impl #pw::Oneof for #ident {
            const MEMBERS: &'static [#pw::Member] = &[];
            fn current(_: &::core::option::Option<Self>) -> ::core::option::Option<(u32, *const u8)> {
                ::core::option::Option::None
            }
            fn select(_: &mut ::core::option::Option<Self>, _: u32) -> ::core::option::Option<(*mut u8, bool)> {
                ::core::option::Option::None
            }
        }
    }
}

/// The member table and `Oneof` impl of a oneof enum (also the prost
/// facade's emitter).
pub fn expand(input: &DeriveInput, members: &[FieldModel]) -> TokenStream {
    let ident = &input.ident;
    let pw = private();
    let some = quote!(::core::option::Option::Some);
    let entries = members.iter().map(|m| member(ident, m));
    let current_arms = members.iter().map(|m| {
        let (variant, number) = (&m.ident, m.number);
        quote!(#some(#ident::#variant(v)) => #some((#number, ::core::ptr::from_ref(v).cast::<u8>())))
    });
    let select_fresh = members.iter().map(|m| {
        let (variant, number) = (&m.ident, m.number);
        quote! {
            #number => match this {
                #some(#ident::#variant(_)) => false,
                _ => {
                    *this = #some(#ident::#variant(::core::default::Default::default()));
                    true
                }
            }
        }
    });
    let select_arms = members.iter().map(|m| {
        let variant = &m.ident;
        quote!(#some(#ident::#variant(v)) => #some((::core::ptr::from_mut(v).cast::<u8>(), fresh)))
    });
    let numbers = members.iter().map(|m| m.number);
    let described = format!(
        "oneof enum `{ident}` has {}",
        members.iter().map(|m| format!("`{}` = {}", m.ident, m.number)).collect::<Vec<_>>().join(", ")
    );
    quote! {
        #[allow(unreachable_patterns, unused_variables, unsafe_code, deprecated, clippy::all)]
        const _: () = {
            use #pw as __pw;
            impl __pw::OneofNumbers for #ident {
                const NUMBERS: &'static [u32] = &[#(#numbers),*];
                const DESCRIBED: &'static str = #described;
            }
            // SAFETY: each member's entry is built from its variant's
            // constructor, which fixes the value's type; `current` and
            // `select` return the address of exactly that variant's value.
            unsafe impl __pw::Oneof for #ident {
                const MEMBERS: &'static [__pw::Member] = &[#(#entries),*];
                #[inline]
                fn current(this: &::core::option::Option<Self>) -> ::core::option::Option<(u32, *const u8)> {
                    match this {
                        #(#current_arms,)*
                        _ => ::core::option::Option::None,
                    }
                }
                #[inline]
                fn select(this: &mut ::core::option::Option<Self>, number: u32) -> ::core::option::Option<(*mut u8, bool)> {
                    let fresh = match number {
                        #(#select_fresh,)*
                        _ => return ::core::option::Option::None,
                    };
                    match this {
                        #(#select_arms,)*
                        _ => ::core::option::Option::None,
                    }
                }
            }
        };
    }
}

/// One member's entry: the constructor that matches its value, given the
/// variant constructor as the witness of the value's type.
fn member(oneof: &syn::Ident, m: &FieldModel) -> TokenStream {
    let variant = &m.ident;
    let info = info(m, true);
    let ctor = quote!(#oneof::#variant);
    match &m.value {
        ValueKind::Enum(e) => quote!(__pw::Member::enumeration::<_, #e>(#info, #ctor)),
        ValueKind::Message { boxed: true, .. } => quote!(__pw::Member::message_boxed(#info, #ctor)),
        ValueKind::Message { boxed: false, .. } | ValueKind::Group => {
            quote!(__pw::Member::message(#info, #ctor))
        }
        _ => quote!(__pw::Member::scalar(#info, #ctor)),
    }
}
