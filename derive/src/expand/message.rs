//! `#[derive(Message)]`: the struct's static spec, its table cell, the oneof
//! accessors, and the `Message` impl.

use proc_macro2::TokenStream;
use quote::{format_ident, quote, quote_spanned};
use syn::DeriveInput;

use super::{codec, holds_messages, info, key};
use crate::ast::{Shape, ValueKind};
use crate::check;
use crate::ctxt::Ctxt;
use crate::model::{self, FieldModel, MessageModel};

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
        (Ok(()), Some(model)) => Ok(expand(&model)),
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
    quote! {
        impl ::protowire::Message for #ident {
            fn __table() -> &'static ::protowire::__private_v0_1::MessageTable<Self> {
                ::core::unimplemented!()
            }
        }
    }
}

fn expand(model: &MessageModel) -> TokenStream {
    let ident = &model.ident;
    let full_name = &model.full_name;
    let unknown_mut = match &model.unknown {
        Some(u) => quote!(::core::option::Option::Some(&mut m.#u)),
        None => quote!(::core::option::Option::None),
    };
    let codes: Vec<FieldCode> = model.fields.iter().map(|f| field(ident, f, &unknown_mut)).collect();
    let fields: Vec<&TokenStream> = codes.iter().map(|c| &c.entry).collect();
    let count = fields.len();
    let encoder = encoder(ident, model, &codes);

    let mut items = TokenStream::new();
    let mut oneof_fields = Vec::new();
    for oneof in &model.oneofs {
        let access = format_ident!("__ProtowireOneof_{}", oneof.ident);
        let member = &oneof.ident;
        let ty = &oneof.ty;
        let numbers = &oneof.numbers;
        items.extend(quote! {
            struct #access;
            impl __pw::OneofAccess<#ident> for #access {
                type Oneof = #ty;
                fn get(m: &#ident) -> &::core::option::Option<#ty> {
                    &m.#member
                }
                fn get_mut(m: &mut #ident) -> (&mut ::core::option::Option<#ty>, ::core::option::Option<&mut __pw::UnknownFields>) {
                    (&mut m.#member, #unknown_mut)
                }
            }
        });
        // Spanned on the attribute, so a mismatch points at the list.
        items.extend(quote_spanned! {oneof.span=>
            const _: () = __pw::assert_oneof_numbers(<#ty as __pw::Oneof>::NUMBERS, &[#(#numbers),*]);
        });
        oneof_fields.push(quote!(<#ty as __pw::OneofFields<#ident, #access>>::FIELDS));
    }

    let mut spec = quote!(__pw::MessageSpec::new(#full_name, &FIELDS));
    if !oneof_fields.is_empty() {
        spec.extend(quote!(.with_oneofs(&[#(#oneof_fields),*])));
    }
    if let Some(u) = &model.unknown {
        spec.extend(quote!(.with_unknown(|m: &#ident| &m.#u, |m: &mut #ident| &mut m.#u)));
    }
    // With a generated encoder, the Message impl calls it directly instead of
    // walking the table, so a nested message costs a static call instead of
    // a table lookup and an indirect call per field.
    let mut direct = TokenStream::new();
    if let Some((size, write, fns)) = encoder {
        items.extend(fns);
        let (unknown_len, unknown_write) = match &model.unknown {
            Some(u) => (quote!(+ self.#u.encoded_len()), quote!(w.put_slice(self.#u.as_bytes());)),
            None => (TokenStream::new(), TokenStream::new()),
        };
        direct = quote! {
            #[inline]
            fn __encoded_len(&self) -> usize {
                #size(self) #unknown_len
            }
            #[inline]
            fn __write(&self, w: &mut __pw::RevWriter<'_>) {
                #unknown_write
                #write(self, w)
            }
        };
    }

    quote! {
        #[allow(non_camel_case_types, unused_variables, clippy::all)]
        const _: () = {
            use ::protowire::__private_v0_1 as __pw;
            #items
            static FIELDS: [__pw::Field<#ident>; #count] = [#(#fields),*];
            static SPEC: __pw::MessageSpec<#ident> = #spec;
            impl ::protowire::Message for #ident {
                #[inline]
                fn __table() -> &'static __pw::MessageTable<Self> {
                    static CELL: __pw::TableCell<#ident> = __pw::TableCell::new();
                    CELL.get(&SPEC)
                }
                #direct
            }
        };
    }
}

/// A struct field's table entry, and its size and write code over `m`.
struct FieldCode {
    number: u32,
    entry: TokenStream,
    size: TokenStream,
    write: TokenStream,
}

/// Whole-message size and write functions: the same per-field code, inlined
/// into one function per pass instead of one call per field. Oneofs are
/// written at their members' position, which is exact unless another field's
/// number falls between a oneof's lowest and highest member; then there is
/// no encoder and the runtime walks the table.
fn encoder(
    msg: &syn::Ident,
    model: &MessageModel,
    codes: &[FieldCode],
) -> Option<(TokenStream, TokenStream, TokenStream)> {
    let mut items: Vec<(u32, TokenStream, TokenStream)> =
        codes.iter().map(|c| (c.number, c.size.clone(), c.write.clone())).collect();
    for oneof in &model.oneofs {
        let low = *oneof.numbers.iter().min()?;
        let high = *oneof.numbers.iter().max()?;
        let interleaved = codes.iter().any(|c| c.number > low && c.number < high)
            || model.oneofs.iter().any(|o| !std::ptr::eq(o, oneof) && o.numbers.iter().any(|&n| n > low && n < high));
        if interleaved {
            return None;
        }
        let member = &oneof.ident;
        items.push((
            low,
            quote!(match &m.#member { ::core::option::Option::Some(o) => __pw::Oneof::encoded_len(o), ::core::option::Option::None => 0 }),
            quote!(if let ::core::option::Option::Some(o) = &m.#member { __pw::Oneof::write(o, w) }),
        ));
    }
    items.sort_by_key(|(number, _, _)| std::cmp::Reverse(*number));
    let sizes = items.iter().map(|(_, size, _)| size);
    let writes = items.iter().map(|(_, _, write)| write);
    let fns = quote! {
        #[inline]
        fn __protowire_size(m: &#msg) -> usize {
            0usize #(+ #sizes)*
        }
        #[inline]
        fn __protowire_write(m: &#msg, w: &mut __pw::RevWriter<'_>) {
            #(#writes;)*
        }
    };
    Some((quote!(__protowire_size), quote!(__protowire_write), fns))
}

/// One table entry for a struct field.
fn field(msg: &syn::Ident, f: &FieldModel, unknown_mut: &TokenStream) -> FieldCode {
    let member = &f.ident;
    let number = f.number;
    let (key, key_len) = key(f);
    let c = codec(&f.value);
    let boxed = matches!(f.value, ValueKind::Message { boxed: true, .. });
    let (cardinality, size, write, merge, check) = match &f.shape {
        Shape::Plain => {
            let (size, write) = if f.required || holds_messages(&f.value) {
                (
                    quote!(__pw::size_always::<#c>(&m.#member, #key_len)),
                    quote!(__pw::write_always::<#c>(&m.#member, &#key, w)),
                )
            } else {
                (
                    quote!(__pw::size_implicit::<#c>(&m.#member, #key_len)),
                    quote!(__pw::write_implicit::<#c>(&m.#member, &#key, w)),
                )
            };
            let merge = match &f.value {
                ValueKind::Enum(e) => quote!(__pw::merge_enum::<#e>(&mut m.#member, #number, #unknown_mut, buf)),
                _ => quote!(__pw::merge_value::<#c>(&mut m.#member, buf, ctx)),
            };
            let check = holds_messages(&f.value).then(|| {
                let value = if boxed { quote!(&*m.#member) } else { quote!(&m.#member) };
                quote!(__pw::check_messages(::core::iter::once(#value)))
            });
            let cardinality = if f.required {
                "Required"
            } else if holds_messages(&f.value) {
                "Optional"
            } else {
                "Implicit"
            };
            (cardinality, size, write, merge, check)
        }
        Shape::Option => {
            let (size, write, merge) = match &f.value {
                ValueKind::Group { .. } => (
                    quote!(match &m.#member { ::core::option::Option::Some(v) => __pw::size_group(v, #key_len), ::core::option::Option::None => 0 }),
                    quote!(if let ::core::option::Option::Some(v) = &m.#member { __pw::write_group(v, &#key, w) }),
                    quote!(__pw::merge_group_optional(&mut m.#member, #number, buf, ctx)),
                ),
                value => (
                    quote!(__pw::size_optional::<#c>(&m.#member, #key_len)),
                    quote!(__pw::write_optional::<#c>(&m.#member, &#key, w)),
                    match value {
                        ValueKind::Enum(e) => {
                            quote!(__pw::merge_enum_optional::<#e>(&mut m.#member, #number, #unknown_mut, buf))
                        }
                        _ => quote!(__pw::merge_optional::<#c>(&mut m.#member, buf, ctx)),
                    },
                ),
            };
            let messages = holds_messages(&f.value).then(|| {
                let values = if boxed { quote!(m.#member.as_deref()) } else { quote!(m.#member.as_ref()) };
                quote!(__pw::check_messages(#values))
            });
            let check = match (f.required, messages) {
                (true, Some(messages)) => {
                    Some(quote!(__pw::check_present(m.#member.is_some()).and_then(|()| #messages)))
                }
                (true, None) => Some(quote!(__pw::check_present(m.#member.is_some()))),
                (false, messages) => messages,
            };
            (if f.required { "Required" } else { "Optional" }, size, write, merge, check)
        }
        Shape::Repeated { packed } => {
            let (size, write) = match (&f.value, packed) {
                (ValueKind::Group { .. }, _) => (
                    quote!(m.#member.iter().map(|v| __pw::size_group(v, #key_len)).sum::<usize>()),
                    quote!(for v in m.#member.iter().rev() { __pw::write_group(v, &#key, w) }),
                ),
                (_, true) => (
                    quote!(__pw::size_packed::<#c>(&m.#member, #key_len)),
                    quote!(__pw::write_packed::<#c>(&m.#member, &#key, w)),
                ),
                (_, false) => (
                    quote!(__pw::size_repeated::<#c>(&m.#member, #key_len)),
                    quote!(__pw::write_repeated::<#c>(&m.#member, &#key, w)),
                ),
            };
            let merge = match &f.value {
                ValueKind::Group { .. } => quote!(__pw::merge_group_repeated(&mut m.#member, #number, buf, ctx)),
                ValueKind::Enum(e) => {
                    quote!(__pw::merge_enum_repeated::<#e>(&mut m.#member, wt, #number, #unknown_mut, buf))
                }
                ValueKind::Scalar(_) => quote!(__pw::merge_packable::<#c>(&mut m.#member, wt, buf)),
                _ => quote!(__pw::merge_repeated::<#c>(&mut m.#member, buf, ctx)),
            };
            let check = holds_messages(&f.value).then(|| {
                let values = if boxed { quote!(m.#member.iter().map(|b| &**b)) } else { quote!(m.#member.iter()) };
                quote!(__pw::check_messages(#values))
            });
            (if *packed { "Packed" } else { "Repeated" }, size, write, merge, check)
        }
        Shape::Map { key: map_key } => {
            let kc = codec(map_key);
            let size = quote!(__pw::size_map::<#kc, #c, _>(&m.#member, #key_len));
            let write = quote!(__pw::write_map::<#kc, #c, _>(&m.#member, &#key, w));
            let merge = match &f.value {
                ValueKind::Enum(e) => {
                    quote!(__pw::merge_map_enum::<#kc, #e, _>(&mut m.#member, &#key, #unknown_mut, buf, ctx))
                }
                _ => quote!(__pw::merge_map::<#kc, #c, _>(&mut m.#member, buf, ctx)),
            };
            let check = holds_messages(&f.value).then(|| {
                let values = if boxed { quote!(m.#member.values().map(|b| &**b)) } else { quote!(m.#member.values()) };
                quote!(__pw::check_messages(#values))
            });
            ("Map", size, write, merge, check)
        }
    };
    let info = info(f, cardinality);
    let check = check.map(|check| quote!(.with_check(|m: &#msg| #check)));
    let entry = quote! {
        __pw::Field::<#msg>::new(
            #info,
            |m: &#msg| #size,
            |m: &#msg, w: &mut __pw::RevWriter<'_>| #write,
            |m: &mut #msg, wt, buf, ctx| #merge,
        )#check
    };
    FieldCode { number, entry, size, write }
}
