//! `#[proto(debug)]`: a `Debug` impl like the derived one, except that enum
//! fields (stored as `i32`) show the variant name of a declared value, as
//! prost's generated `Debug` does. The formatting itself is the runtime's
//! `EnumDebug`; this only picks which fields go through it.

use proc_macro2::TokenStream;
use quote::quote;
use syn::ext::IdentExt;
use syn::{Data, DeriveInput, Fields};

use crate::ast::ValueKind;
use crate::model::FieldModel;

/// A reference to a field (`&self.member`) as a `&dyn Debug`, through
/// `EnumDebug` when the field is an enum field.
///
/// Other fields are passed as a `&&T`, so that the `dyn Debug` is a `&T`:
/// a `dyn` of `T` itself would put `T`'s drop glue in its vtable, compiling
/// the drop of every field type into every crate of messages, for a drop
/// that never runs (`#[derive(Debug)]` does the same for its last field).
fn value(model: Option<&FieldModel>, place: TokenStream) -> TokenStream {
    match model.map(|m| &m.value) {
        Some(ValueKind::Enum(path)) => {
            let pw = super::private();
            quote!(&#pw::EnumDebug::<#path, _>::new(#place))
        }
        _ => quote!(&#place),
    }
}

/// The `Debug` impl of a message struct: every field in declaration order
/// (skipped ones and the unknown fields too, as `#[derive(Debug)]` shows
/// them), `fields` telling which are enum fields.
pub fn message(input: &DeriveInput, fields: &[FieldModel]) -> TokenStream {
    let ident = &input.ident;
    let name = ident.to_string();
    let Data::Struct(data) = &input.data else { return TokenStream::new() };
    let Fields::Named(named) = &data.fields else { return TokenStream::new() };
    let entries = named.named.iter().filter_map(|field| {
        let member = field.ident.as_ref()?;
        let label = member.unraw().to_string();
        let value = value(fields.iter().find(|f| f.ident == *member), quote!(&self.#member));
        Some(quote!(.field(#label, #value)))
    });
    quote! {
        #[allow(deprecated)]
        impl ::core::fmt::Debug for #ident {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.debug_struct(#name) #(#entries)* .finish()
            }
        }
    }
}

/// The `Debug` impl of a oneof enum: `Variant(value)`.
pub fn oneof(input: &DeriveInput, members: &[FieldModel]) -> TokenStream {
    let ident = &input.ident;
    let arms = members.iter().map(|m| {
        let variant = &m.ident;
        let label = variant.unraw().to_string();
        let value = value(Some(m), quote!(v));
        quote!(#ident::#variant(ref v) => f.debug_tuple(#label).field(#value).finish())
    });
    quote! {
        #[allow(deprecated)]
        impl ::core::fmt::Debug for #ident {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                match *self {
                    #(#arms,)*
                }
            }
        }
    }
}

/// A stand-in `Debug` after an error, when the type asked for one, so that
/// uses of `{:?}` do not add errors of their own.
pub fn fallback(input: &DeriveInput) -> TokenStream {
    let ident = &input.ident;
    let name = ident.to_string();
    quote! {
        impl ::core::fmt::Debug for #ident {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(#name)
            }
        }
    }
}
