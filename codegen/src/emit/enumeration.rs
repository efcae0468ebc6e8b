//! Enums: `#[derive(Enumeration)]` Rust enums, one variant per number, aliases
//! as associated constants.

use std::collections::HashMap;

use proc_macro2::{Literal, TokenStream};
use prost_types::{EnumDescriptorProto, EnumValueDescriptorProto};
use quote::quote;

use super::{Ctx, FileCtx, Namespace};
use crate::error::{Error, ErrorKind};
use crate::ident::{enum_variant, to_ident, to_shouty_snake, to_upper_camel};
use crate::index::Scope;
use crate::source::{Source, path};

/// A variant: the first value declared with its number.
pub(super) struct Variant<'a> {
    pub ident: String,
    pub number: i32,
    pub value: &'a EnumValueDescriptorProto,
    pub index: usize,
}

/// A value whose number an earlier value already has (`allow_alias`).
pub(super) struct Alias<'a> {
    pub ident: String,
    /// The identifier of the variant it aliases.
    pub target: String,
    pub value: &'a EnumValueDescriptorProto,
    pub index: usize,
}

/// The Rust names of an enum's values.
pub(super) struct Variants<'a> {
    pub variants: Vec<Variant<'a>>,
    pub aliases: Vec<Alias<'a>>,
}

/// Names the values of enum `en` (full name `fq`): the enum's name stripped
/// as a prefix, unless that makes two variants equal; then whole names,
/// unless those clash too, which is an error (located through `source` and
/// the enum's descriptor path when given). An alias whose constant name is
/// taken (by a variant, an earlier alias, or a constant of the
/// `Enumeration` trait) is left out.
pub(super) fn variants<'a>(
    en: &'a EnumDescriptorProto,
    fq: &str,
    source: Option<(&Source<'_>, &[i32])>,
) -> Result<Variants<'a>, Error> {
    let mut clash = (0, 0, String::new());
    for strip in [true, false] {
        let mut by_number: HashMap<i32, String> = HashMap::new();
        let mut names: HashMap<String, usize> = HashMap::new();
        let mut out = Variants { variants: Vec::new(), aliases: Vec::new() };
        let mut clashed = false;
        for (index, value) in en.value.iter().enumerate() {
            if by_number.contains_key(&value.number()) {
                continue;
            }
            let ident = enum_variant(en.name(), value.name(), strip);
            if let Some(first) = names.insert(ident.clone(), index) {
                clash = (first, index, ident.clone());
                clashed = true;
                break;
            }
            by_number.insert(value.number(), ident.clone());
            out.variants.push(Variant { ident, number: value.number(), value, index });
        }
        if clashed {
            continue;
        }
        for (index, value) in en.value.iter().enumerate() {
            let target = &by_number[&value.number()];
            if out.variants.iter().any(|v| v.index == index) {
                continue;
            }
            let ident = to_shouty_snake(&enum_variant(en.name(), value.name(), strip));
            // Not the trait's associated constants either.
            if !["FULL_NAME", "CLOSED"].contains(&ident.as_str()) && names.insert(ident.clone(), index).is_none() {
                out.aliases.push(Alias { ident, target: target.clone(), value, index });
            }
        }
        return Ok(out);
    }
    let (first, second, ident) = clash;
    let at = |i: usize| match source {
        Some((source, enum_path)) => {
            format!(" ({})", source.at(&[enum_path, &[path::ENUM_VALUE, i as i32]].concat()))
        }
        None => String::new(),
    };
    Err(Error::new(
        ErrorKind::NameClash,
        format!(
            "enum `{}`: values `{}`{} and `{}`{} both become Rust name `{ident}`",
            fq.trim_start_matches('.'),
            en.value[first].name(),
            at(first),
            en.value[second].name(),
            at(second),
        ),
    ))
}

/// The Rust enum for `en`, declared in `scope`; its name is claimed in `ns`.
pub(super) fn enumeration(
    ctx: &Ctx<'_>,
    file: &FileCtx<'_>,
    scope: &Scope<'_>,
    en: &EnumDescriptorProto,
    desc_path: &[i32],
    ns: &mut Namespace,
) -> Result<TokenStream, Error> {
    let fq = scope.fq(en.name());
    if ctx.index.extern_path(&fq).is_some() {
        return Ok(TokenStream::new());
    }
    let ident_text = to_upper_camel(en.name());
    ns.claim(&ident_text, || format!("enum `{}` ({})", &fq[1..], file.source.at(desc_path)))?;
    let ident = to_ident(&ident_text);
    let names = variants(en, &fq, Some((&file.source, desc_path)))?;
    let value_path = |i: usize| [desc_path, &[path::ENUM_VALUE, i as i32]].concat();

    let variants = names.variants.iter().enumerate().map(|(i, v)| {
        let docs = file.source.docs(&value_path(v.index));
        let name = v.value.name();
        let variant = to_ident(&v.ident);
        let number = Literal::i32_unsuffixed(v.number);
        let default = (i == 0).then(|| quote!(#[default]));
        // Every other name of the number, constant or not, for `from_name`.
        let aliases = en
            .value
            .iter()
            .enumerate()
            .filter(|&(j, other)| j != v.index && other.number() == v.number)
            .map(|(_, other)| other.name());
        quote! {
            #docs
            #default
            #[proto(name = #name #(, alias = #aliases)*)]
            #variant = #number,
        }
    });
    let aliases: Vec<TokenStream> = names
        .aliases
        .iter()
        .map(|a| {
            let mut docs = file.source.docs(&value_path(a.index));
            if docs.is_empty() {
                let doc = format!(" `{}`, an alias of `{}`.", a.value.name(), a.target);
                docs = quote!(#[doc = #doc]);
            }
            let name = to_ident(&a.ident);
            let target = to_ident(&a.target);
            quote! {
                #docs
                pub const #name: Self = Self::#target;
            }
        })
        .collect();
    // prost's inherent names for the trait's `name`/`from_name`, so that
    // code written against prost needs no trait import.
    let names_impl = quote! {
        impl #ident {
            #(#aliases)*
            /// The value's name as declared in the `.proto` (`Enumeration::name`).
            pub fn as_str_name(&self) -> &'static str {
                ::protowire::Enumeration::name(*self)
            }
            /// The value with this declared name (`Enumeration::from_name`).
            pub fn from_str_name(name: &str) -> ::core::option::Option<Self> {
                <Self as ::protowire::Enumeration>::from_name(name)
            }
        }
    };

    let docs = file.source.docs(desc_path);
    let attrs = ctx.type_attributes(&fq);
    let full_name = &fq[1..];
    let closed = ctx.features.enum_closed(&fq).then(|| quote!(, closed));
    Ok(quote! {
        #docs
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Default, ::protowire::Enumeration)]
        #[proto(name = #full_name #closed)]
        #[repr(i32)]
        #attrs
        pub enum #ident {
            #(#variants)*
        }
        #names_impl
    })
}
