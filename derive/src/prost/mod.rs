//! The prost facade's derives: `#[derive(Message, Oneof, Enumeration)]` as
//! `protowire::prost` re-exports them, reading prost's `#[prost(...)]`
//! attributes into protowire's model and emitting protowire's table (the
//! same emitter as `#[proto]` types), plus what prost's derives emit beside
//! their `Message` impl: `Default`, `Debug` (unless `skip_debug`), the field
//! accessors, and for enumerations `Default`, `is_valid` and `from_i32`.

mod attr;
mod field;

use proc_macro2::{Span, TokenStream};
use quote::quote;
use syn::{Data, DeriveInput, Fields, Ident};

use self::attr::{Kind, ProstArgs, prost_args};
use self::field::Plan;
use crate::ast::{self, Shape, ValueKind};
use crate::check;
use crate::ctxt::Ctxt;
use crate::expand::{self, debug};
use crate::model::{FieldModel, MessageModel, OneofModel};
use crate::ty;

/// Reads the type's own `#[prost(...)]`: `skip_debug` (messages and oneofs)
/// and `prost_path` (accepted and ignored: the emitted code names
/// `::protowire`). Returns whether `Debug` is skipped.
fn type_attrs(cx: &mut Ctxt, input: &DeriveInput) -> bool {
    let Some(args) = prost_args(cx, &input.attrs) else { return false };
    let field_level = [
        args.kind.as_ref().map(|(_, s)| *s),
        args.label.map(|(_, s)| s),
        args.tag.map(|(_, s)| s),
        args.tags.as_ref().map(|(_, s)| *s),
        args.packed.map(|(_, s)| s),
        args.default.as_ref().map(|(_, s)| *s),
        args.boxed,
    ];
    for span in field_level.into_iter().flatten() {
        cx.syn_error(syn::Error::new(span, "this prost attribute belongs on a field, not on the type"));
    }
    args.skip_debug.is_some()
}

/// Reports type-level arguments given on a field or variant.
fn no_type_attrs(cx: &mut Ctxt, args: &ProstArgs) {
    for span in [args.skip_debug, args.prost_path].into_iter().flatten() {
        cx.syn_error(syn::Error::new(span, "this prost attribute belongs on the type, not on a field"));
    }
}

/// `#[derive(protowire::prost::Message)]`.
pub fn message(input: &DeriveInput) -> Result<TokenStream, syn::Error> {
    let mut cx = Ctxt::default();
    let skip_debug = type_attrs(&mut cx, input);
    if !input.generics.params.is_empty() {
        cx.error(&input.generics, "the prost facade's Message derive does not support generic types");
    }
    let fields = match &input.data {
        Data::Struct(data) => match &data.fields {
            Fields::Named(named) => Some(&named.named),
            Fields::Unit => None,
            Fields::Unnamed(_) => {
                cx.error(&input.ident, "the prost facade's Message derive needs a struct with named fields");
                return Err(finish_err(cx));
            }
        },
        _ => {
            cx.error(&input.ident, "Message can only be derived for a struct; use Oneof or Enumeration for an enum");
            return Err(finish_err(cx));
        }
    };
    let mut model = MessageModel {
        ident: input.ident.clone(),
        // prost's attributes carry no package: the Rust name stands in (see
        // the `protowire::prost` docs).
        full_name: input.ident.to_string(),
        fields: Vec::new(),
        oneofs: Vec::new(),
        unknown: None,
        // prost's own `Debug` (below) labels fields as written (`r#type`).
        debug: false,
        prost_map_entries: true,
    };
    let mut plans: Vec<Plan> = Vec::new();
    // prost numbers an untagged field one past the previous field's highest.
    let mut next_tag: u32 = 1;
    for field in fields.into_iter().flatten() {
        let Some(ident) = field.ident.clone() else { continue };
        let Some(args) = prost_args(&mut cx, &field.attrs) else {
            cx.error(&ident, format_args!("field `{ident}` needs a #[prost(...)] attribute with its type and tag"));
            continue;
        };
        no_type_attrs(&mut cx, &args);
        let Some((kind, kind_span)) = args.kind.clone() else {
            cx.error(&ident, format_args!("field `{ident}` has no type attribute (int32, string, message, ...)"));
            continue;
        };
        if let Kind::Oneof = kind {
            oneof_field(&mut cx, &mut model, &mut next_tag, field, ident, &args, kind_span);
            continue;
        }
        if let Some((_, span)) = &args.tags {
            cx.syn_error(syn::Error::new(*span, "`tags` belongs on a oneof field; use tag = \"N\""));
        }
        let number = match args.tag {
            Some(tag) => tag,
            None if args.bad_tag => continue,
            None => match ast::check_number(u64::from(next_tag)) {
                Ok(n) => (n, ident.span()),
                Err(message) => {
                    cx.error(&ident, message);
                    continue;
                }
            },
        };
        next_tag = number.0.saturating_add(1);
        if let Some((field_model, plan)) = field::plan(&mut cx, ident, &field.ty, args, number) {
            model.fields.push(field_model);
            plans.push(plan);
        }
    }
    let numbers = model
        .fields
        .iter()
        .map(|f| (f.number, f.number_span))
        .chain(model.oneofs.iter().flat_map(|o| o.numbers.iter().map(|&n| (n, o.span))));
    check::unique_numbers(&mut cx, numbers);
    cx.finish()?;

    let mut tokens = expand::message::expand(input, &model);
    tokens.extend(default_impl(input, &plans));
    if !skip_debug {
        tokens.extend(debug_impl(input, &model.fields));
    }
    let methods: Vec<TokenStream> = plans.iter().filter_map(Plan::methods).collect();
    if !methods.is_empty() {
        let ident = &input.ident;
        tokens.extend(quote! {
            #[allow(dead_code, deprecated)]
            impl #ident {
                #(#methods)*
            }
        });
    }
    Ok(tokens)
}

fn finish_err(cx: Ctxt) -> syn::Error {
    match cx.finish() {
        Err(errors) => errors,
        Ok(()) => syn::Error::new(Span::call_site(), "protowire: could not read this type"),
    }
}

/// A `#[prost(oneof = "Path", tags = "...")]` field: `Option<E>`.
fn oneof_field(
    cx: &mut Ctxt,
    model: &mut MessageModel,
    next_tag: &mut u32,
    field: &syn::Field,
    ident: Ident,
    args: &ProstArgs,
    span: Span,
) {
    let extra = [args.label.map(|(_, s)| s), args.tag.map(|(_, s)| s), args.packed.map(|(_, s)| s), args.boxed];
    for extra in extra.into_iter().flatten() {
        cx.syn_error(syn::Error::new(extra, "a oneof field takes only oneof = \"...\" and tags = \"...\""));
    }
    let Some((numbers, tags_span)) = args.tags.clone() else {
        cx.syn_error(syn::Error::new(span, "oneof field is missing a tags attribute, as in tags = \"1, 2\""));
        return;
    };
    if let Some(max) = numbers.iter().max() {
        *next_tag = max.saturating_add(1);
    }
    match ty::unwrap(&field.ty, "Option") {
        Some(inner) => model.oneofs.push(OneofModel { ident, ty: inner.clone(), numbers, span: tags_span }),
        None => cx.error(&field.ty, "a oneof field must be `Option<E>`, where E derives Oneof"),
    }
}

/// prost's `Default`: every field at its default, `default = "..."` honoured
/// for scalars.
fn default_impl(input: &DeriveInput, plans: &[Plan]) -> TokenStream {
    let ident = &input.ident;
    let Data::Struct(data) = &input.data else { return TokenStream::new() };
    let values = data.fields.iter().filter_map(|field| {
        let member = field.ident.as_ref()?;
        let value = plans
            .iter()
            .find(|p| p.ident == *member)
            .map_or_else(|| quote!(::core::default::Default::default()), Plan::default_value);
        Some(quote!(#member: #value))
    });
    quote! {
        impl ::core::default::Default for #ident {
            #[allow(deprecated)]
            fn default() -> Self {
                #ident { #(#values,)* }
            }
        }
    }
}

/// prost's `Debug`: every field in declaration order, labelled as written
/// (`r#type` stays raw, as `stringify!` leaves it), enum fields by the
/// variant name of a declared value.
fn debug_impl(input: &DeriveInput, fields: &[FieldModel]) -> TokenStream {
    let Data::Struct(data) = &input.data else { return TokenStream::new() };
    let ident = &input.ident;
    let name = ident.to_string();
    let pw = expand::private();
    let entries = data.fields.iter().filter_map(|field| {
        let member = field.ident.as_ref()?;
        let label = member.to_string();
        let place = quote!(&self.#member);
        let value = match fields.iter().find(|f| f.ident == *member).map(|f| &f.value) {
            Some(ValueKind::Enum(path)) => quote!(&#pw::EnumDebug::<#path, _>::new(#place)),
            _ => place,
        };
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

/// A stand-in after an error: `Message`, `Default` and (unless skipped)
/// `Debug`, so that uses of the type add no errors of their own.
pub fn message_fallback(input: &DeriveInput) -> TokenStream {
    let ident = &input.ident;
    let mut tokens = expand::message::fallback(input);
    tokens.extend(quote! {
        impl ::core::default::Default for #ident {
            fn default() -> Self {
                ::core::unimplemented!()
            }
        }
    });
    if !type_attrs(&mut Ctxt::default(), input) {
        tokens.extend(debug::fallback(input));
    }
    tokens
}

/// `#[derive(protowire::prost::Oneof)]`.
pub fn oneof(input: &DeriveInput) -> Result<TokenStream, syn::Error> {
    let mut cx = Ctxt::default();
    let skip_debug = type_attrs(&mut cx, input);
    let Data::Enum(data) = &input.data else {
        cx.error(&input.ident, "Oneof can only be derived for an enum whose variants each hold one value");
        return Err(finish_err(cx));
    };
    if !input.generics.params.is_empty() {
        cx.error(&input.generics, "the prost facade's Oneof derive does not support generic types");
    }
    let mut members = Vec::new();
    for variant in &data.variants {
        let ty = match &variant.fields {
            Fields::Unnamed(fields) if fields.unnamed.len() == 1 => &fields.unnamed[0].ty,
            _ => {
                cx.error(&variant.ident, "each oneof variant must hold exactly one value, as in `Name(String)`");
                continue;
            }
        };
        let Some(args) = prost_args(&mut cx, &variant.attrs) else {
            cx.error(&variant.ident, "oneof variants need #[prost(...)] with their type and tag");
            continue;
        };
        no_type_attrs(&mut cx, &args);
        for span in [args.label.map(|(_, s)| s), args.packed.map(|(_, s)| s), args.default.as_ref().map(|(_, s)| *s)]
            .into_iter()
            .flatten()
        {
            cx.syn_error(syn::Error::new(span, "a oneof variant takes only its type and tag"));
        }
        if let Some((_, span)) = &args.tags {
            cx.syn_error(syn::Error::new(*span, "a oneof variant has one number: write tag = \"N\""));
        }
        let Some((number, number_span)) = args.tag else {
            if !args.bad_tag {
                cx.error(&variant.ident, format_args!("variant `{}` is missing a tag attribute", variant.ident));
            }
            continue;
        };
        let spec = match &args.kind {
            Some((kind, span)) => match field::kind_spec(kind) {
                Some(spec) => (spec, *span),
                None => {
                    cx.syn_error(syn::Error::new(
                        *span,
                        "a oneof variant holds a scalar, string, bytes, enum or message",
                    ));
                    continue;
                }
            },
            None => {
                cx.error(&variant.ident, "oneof variant has no type attribute (int32, string, message, ...)");
                continue;
            }
        };
        let Some(value) = ast::value_kind(&mut cx, ty, Some(&spec)) else { continue };
        let proto_name = snake_case(&variant.ident.to_string());
        let json_name = ast::json_name(&proto_name);
        members.push(FieldModel {
            ident: variant.ident.clone(),
            proto_name,
            json_name,
            number,
            number_span,
            value,
            shape: Shape::Plain,
            required: false,
            default: None,
        });
    }
    check::unique_numbers(&mut cx, members.iter().map(|m| (m.number, m.number_span)));
    cx.finish()?;
    let mut tokens = expand::oneof::expand(input, &members);
    if !skip_debug {
        tokens.extend(debug::oneof(input, &members));
    }
    Ok(tokens)
}

/// A stand-in after an error.
pub fn oneof_fallback(input: &DeriveInput) -> TokenStream {
    let mut tokens = expand::oneof::fallback(input);
    if !type_attrs(&mut Ctxt::default(), input) {
        tokens.extend(debug::fallback(input));
    }
    tokens
}

/// `#[derive(protowire::prost::Enumeration)]`: protowire's `Enumeration`
/// impl (open, named by the Rust type), and prost's `Default` (the first
/// variant), `is_valid` and deprecated `from_i32`.
pub fn enumeration(input: &DeriveInput) -> Result<TokenStream, syn::Error> {
    let mut cx = Ctxt::default();
    type_attrs(&mut cx, input);
    if let Data::Enum(data) = &input.data {
        for variant in &data.variants {
            if let Some(args) = prost_args(&mut cx, &variant.attrs) {
                no_type_attrs(&mut cx, &args);
            }
        }
    }
    cx.finish()?;
    // prost does not ask for `#[repr(i32)]` (its conversions are `as i32`,
    // which a fieldless enum allows anyway); protowire's derive checks for it.
    let has_repr = input.attrs.iter().any(|a| a.path().is_ident("repr"));
    let mut with_repr = input.clone();
    if !has_repr {
        with_repr.attrs.push(syn::parse_quote!(#[repr(i32)]));
    }
    let mut tokens = expand::enumeration::derive(&with_repr)?;
    let Data::Enum(data) = &input.data else { return Ok(tokens) };
    let ident = &input.ident;
    let Some(first) = data.variants.first().map(|v| &v.ident) else { return Ok(tokens) };
    let numbers: Vec<&syn::Expr> =
        data.variants.iter().filter_map(|v| v.discriminant.as_ref().map(|(_, e)| e)).collect();
    let variants = data.variants.iter().map(|v| &v.ident);
    let is_valid_doc = format!("Returns `true` if `value` is a variant of `{ident}`.");
    let from_i32_doc = format!("Converts an `i32` to a `{ident}`, or `None` if `value` is not a valid variant.");
    tokens.extend(quote! {
        #[allow(deprecated, unreachable_patterns)]
        impl #ident {
            #[doc = #is_valid_doc]
            pub const fn is_valid(value: i32) -> bool {
                match value {
                    #(#numbers => true,)*
                    _ => false,
                }
            }

            #[deprecated = "Use the TryFrom<i32> implementation instead"]
            #[doc = #from_i32_doc]
            pub fn from_i32(value: i32) -> ::core::option::Option<#ident> {
                match value {
                    #(#numbers => ::core::option::Option::Some(#ident::#variants),)*
                    _ => ::core::option::Option::None,
                }
            }
        }

        impl ::core::default::Default for #ident {
            #[allow(deprecated)]
            fn default() -> #ident {
                #ident::#first
            }
        }
    });
    Ok(tokens)
}

/// A stand-in after an error.
pub fn enumeration_fallback(input: &DeriveInput) -> TokenStream {
    expand::enumeration::fallback(input)
}

fn snake_case(name: &str) -> String {
    let mut out = String::new();
    for (i, c) in name.chars().enumerate() {
        if c.is_uppercase() {
            if i > 0 {
                out.push('_');
            }
            out.extend(c.to_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}
