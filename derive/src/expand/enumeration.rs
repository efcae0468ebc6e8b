//! `#[derive(Enumeration)]`: conversions between a fieldless `#[repr(i32)]`
//! enum and its numbers and names.

use proc_macro2::TokenStream;
use quote::quote;
use syn::{Data, DeriveInput, Expr, ExprLit, ExprUnary, Fields, Lit, UnOp};

use crate::ast;
use crate::attr::{Arg, lit_str, proto_args};
use crate::ctxt::Ctxt;
use crate::model::{TypeRole, type_args};

struct Value {
    ident: syn::Ident,
    number: i64,
    name: String,
    /// Other names of the same value (`allow_alias`), accepted by `from_name`.
    aliases: Vec<String>,
}

pub fn derive(input: &DeriveInput) -> Result<TokenStream, syn::Error> {
    let mut cx = Ctxt::default();
    let args = type_args(&mut cx, input, TypeRole::Enumeration);
    let values = values(&mut cx, input);
    cx.finish()?;
    Ok(expand(input, &args.full_name, args.closed, &values))
}

/// A stand-in after an error.
pub fn fallback(_input: &DeriveInput) -> TokenStream {
    TokenStream::new()
}

fn values(cx: &mut Ctxt, input: &DeriveInput) -> Vec<Value> {
    let Data::Enum(data) = &input.data else {
        cx.error(&input.ident, "#[derive(Enumeration)] applies to fieldless enums");
        return Vec::new();
    };
    let repr_i32 = input
        .attrs
        .iter()
        .any(|a| a.path().is_ident("repr") && a.parse_args::<syn::Ident>().is_ok_and(|ident| ident == "i32"));
    if !repr_i32 {
        cx.error(&input.ident, "#[derive(Enumeration)] needs #[repr(i32)] on the enum");
    }
    if data.variants.is_empty() {
        cx.error(&input.ident, "a protobuf enum needs at least one value");
    }
    let mut out = Vec::new();
    for variant in &data.variants {
        if !matches!(variant.fields, Fields::Unit) {
            cx.error(&variant.ident, "enumeration values cannot hold data");
            continue;
        }
        let Some((_, discriminant)) = &variant.discriminant else {
            cx.error(
                &variant.ident,
                format_args!("give `{}` its number, as in `{} = 1`", variant.ident, variant.ident),
            );
            continue;
        };
        let Some(number) = int_literal(discriminant) else {
            cx.error(discriminant, "the value's number must be an integer literal");
            continue;
        };
        let mut name = screaming_snake(&variant.ident.to_string());
        let mut aliases = Vec::new();
        for arg in proto_args(cx, &variant.attrs) {
            match arg {
                Arg::Value(key, lit) if key == "name" => {
                    if let Some((value, _)) = lit_str(cx, &key, &lit) {
                        name = value;
                    }
                }
                Arg::Value(key, lit) if key == "alias" => {
                    if let Some((value, _)) = lit_str(cx, &key, &lit) {
                        aliases.push(value);
                    }
                }
                Arg::Number(lit) => cx.error(lit, "an enum value's number is its discriminant (`Name = 1`)"),
                Arg::Flag(word) | Arg::Value(word, _) => cx.error(
                    &word,
                    format_args!("unknown protowire attribute `{word}` on an enum value; expected name = \"...\" or alias = \"...\""),
                ),
            }
        }
        out.push(Value { ident: variant.ident.clone(), number, name, aliases });
    }
    let _ = ast::json_name;
    out
}

fn int_literal(expr: &Expr) -> Option<i64> {
    match expr {
        Expr::Lit(ExprLit { lit: Lit::Int(int), .. }) => int.base10_parse().ok(),
        Expr::Unary(ExprUnary { op: UnOp::Neg(_), expr, .. }) => int_literal(expr).map(|n| -n),
        Expr::Group(group) => int_literal(&group.expr),
        Expr::Paren(paren) => int_literal(&paren.expr),
        _ => None,
    }
}

fn screaming_snake(name: &str) -> String {
    let mut out = String::new();
    for (i, c) in name.chars().enumerate() {
        if c.is_uppercase() && i > 0 {
            out.push('_');
        }
        out.extend(c.to_uppercase());
    }
    out
}

fn expand(input: &DeriveInput, full_name: &str, closed: bool, values: &[Value]) -> TokenStream {
    let ident = &input.ident;
    let from_arms = values.iter().map(|v| {
        let (variant, number) = (&v.ident, v.number as i32);
        quote!(#number => ::core::option::Option::Some(#ident::#variant))
    });
    let name_arms = values.iter().map(|v| {
        let (variant, name) = (&v.ident, &v.name);
        quote!(#ident::#variant => #name)
    });
    let from_name_arms = values.iter().map(|v| {
        let (variant, name, aliases) = (&v.ident, &v.name, &v.aliases);
        quote!(#name #(| #aliases)* => ::core::option::Option::Some(#ident::#variant))
    });
    quote! {
        #[allow(unreachable_patterns, deprecated, clippy::all)]
        const _: () = {
            impl ::protowire::Enumeration for #ident {
                const FULL_NAME: &'static str = #full_name;
                const CLOSED: bool = #closed;
                fn from_i32(value: i32) -> ::core::option::Option<Self> {
                    match value {
                        #(#from_arms,)*
                        _ => ::core::option::Option::None,
                    }
                }
                fn to_i32(self) -> i32 {
                    self as i32
                }
                fn name(self) -> &'static str {
                    match self {
                        #(#name_arms,)*
                    }
                }
                fn from_name(name: &str) -> ::core::option::Option<Self> {
                    match name {
                        #(#from_name_arms,)*
                        _ => ::core::option::Option::None,
                    }
                }
            }
            impl ::core::convert::From<#ident> for i32 {
                fn from(value: #ident) -> i32 {
                    value as i32
                }
            }
            impl ::core::convert::TryFrom<i32> for #ident {
                type Error = ::protowire::UnknownEnumValue;
                fn try_from(value: i32) -> ::core::result::Result<Self, ::protowire::UnknownEnumValue> {
                    <Self as ::protowire::Enumeration>::from_i32(value).ok_or(::protowire::UnknownEnumValue(value))
                }
            }
        };
    }
}
