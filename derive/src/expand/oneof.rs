//! `#[derive(Oneof)]`: the member numbers, and a table entry per member that
//! any message holding the oneof splices into its own table.

use proc_macro2::TokenStream;
use quote::quote;
use syn::DeriveInput;

use super::{codec, holds_messages, info, key};
use crate::ast::ValueKind;
use crate::check;
use crate::ctxt::Ctxt;
use crate::model::{self, FieldModel};

pub fn derive(input: &DeriveInput) -> Result<TokenStream, syn::Error> {
    let mut cx = Ctxt::default();
    let members = model::oneof(&mut cx, input);
    check::unique_numbers(&mut cx, members.iter().map(|m| (m.number, m.number_span)));
    cx.finish()?;
    Ok(expand(input, &members))
}

/// A stand-in after an error, so that the holding message's derive does not
/// add errors of its own.
pub fn fallback(input: &DeriveInput) -> TokenStream {
    let ident = &input.ident;
    quote! {
        impl ::protowire::__private_v0_1::Oneof for #ident {
            const NUMBERS: &'static [u32] = &[];
            fn encoded_len(&self) -> usize {
                ::core::unimplemented!()
            }
            fn write(&self, _: &mut ::protowire::__private_v0_1::RevWriter<'_>) {
                ::core::unimplemented!()
            }
        }
    }
}

fn expand(input: &DeriveInput, members: &[FieldModel]) -> TokenStream {
    let ident = &input.ident;
    let numbers = members.iter().map(|m| m.number);
    let codes: Vec<Member> = members.iter().map(|m| member(ident, m)).collect();
    let fields = codes.iter().map(|c| &c.entry);
    let size_arms = members.iter().zip(&codes).map(|(m, c)| {
        let (variant, size) = (&m.ident, &c.size);
        quote!(#ident::#variant(v) => #size)
    });
    let write_arms = members.iter().zip(&codes).map(|(m, c)| {
        let (variant, write) = (&m.ident, &c.write);
        quote!(#ident::#variant(v) => #write)
    });
    quote! {
        #[allow(unreachable_patterns, unused_variables, clippy::all)]
        const _: () = {
            use ::protowire::__private_v0_1 as __pw;
            impl __pw::Oneof for #ident {
                const NUMBERS: &'static [u32] = &[#(#numbers),*];
                #[inline]
                fn encoded_len(&self) -> usize {
                    match self {
                        #(#size_arms,)*
                    }
                }
                #[inline]
                fn write(&self, w: &mut __pw::RevWriter<'_>) {
                    match self {
                        #(#write_arms,)*
                    }
                }
            }
            impl<__M: __pw::Message, __A: __pw::OneofAccess<__M, Oneof = #ident>> __pw::OneofFields<__M, __A> for #ident {
                const FIELDS: &'static [__pw::Field<__M>] = &[#(#fields),*];
            }
        };
    }
}

/// One member's table entry, and its size and write expressions over `v`.
struct Member {
    entry: TokenStream,
    size: TokenStream,
    write: TokenStream,
}

fn member(oneof: &syn::Ident, m: &FieldModel) -> Member {
    let variant = &m.ident;
    let number = m.number;
    let (key, key_len) = key(m);
    let c = codec(&m.value);
    let some = quote!(::core::option::Option::Some);
    let (size, write, merge) = match &m.value {
        ValueKind::Group { ty } => (
            quote!(__pw::size_group(v, #key_len)),
            quote!(__pw::write_group(v, &#key, w)),
            quote! {{
                let (slot, _) = __A::get_mut(m);
                if let #some(#oneof::#variant(v)) = slot {
                    return __pw::merge_group(v, #number, false, buf, ctx);
                }
                let mut v = <#ty as ::core::default::Default>::default();
                __pw::merge_group(&mut v, #number, true, buf, ctx)?;
                *slot = #some(#oneof::#variant(v));
                ::core::result::Result::Ok(())
            }},
        ),
        ValueKind::Enum(e) => (
            quote!(__pw::size_always::<#c>(v, #key_len)),
            quote!(__pw::write_always::<#c>(v, &#key, w)),
            quote! {{
                let (slot, unknown) = __A::get_mut(m);
                if let #some(v) = __pw::read_enum::<#e>(#number, unknown, buf)? {
                    *slot = #some(#oneof::#variant(v));
                }
                ::core::result::Result::Ok(())
            }},
        ),
        _ => (
            quote!(__pw::size_always::<#c>(v, #key_len)),
            quote!(__pw::write_always::<#c>(v, &#key, w)),
            quote! {{
                let (slot, _) = __A::get_mut(m);
                __pw::merge_oneof::<#c, #oneof>(
                    slot,
                    |o| match o { #oneof::#variant(v) => #some(v), _ => ::core::option::Option::None },
                    #oneof::#variant,
                    buf,
                    ctx,
                )
            }},
        ),
    };
    let check = holds_messages(&m.value).then(|| {
        let value = if matches!(m.value, ValueKind::Message { boxed: true, .. }) { quote!(&**v) } else { quote!(v) };
        quote! {
            .with_check(|m: &__M| match __A::get(m) {
                #some(#oneof::#variant(v)) => __pw::check_messages(::core::iter::once(#value)),
                _ => ::core::result::Result::Ok(()),
            })
        }
    });
    let info = info(m, "Oneof");
    let entry = quote! {
        __pw::Field::<__M>::new(
            #info,
            |m: &__M| match __A::get(m) { #some(#oneof::#variant(v)) => #size, _ => 0 },
            |m: &__M, w: &mut __pw::RevWriter<'_>| if let #some(#oneof::#variant(v)) = __A::get(m) { #write },
            |m: &mut __M, wt, buf, ctx| #merge,
        )#check
    };
    Member { entry, size, write }
}
