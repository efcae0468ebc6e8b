//! Parsing `#[proto(...)]` into a typed list of arguments. What the arguments
//! mean is decided in `ast.rs`.

use proc_macro2::Span;
use syn::parse::{Parse, ParseStream};
use syn::punctuated::Punctuated;
use syn::{Attribute, Ident, Lit, LitInt, Token};

use crate::ctxt::Ctxt;

/// One argument inside `#[proto(...)]`.
pub enum Arg {
    /// A bare field number: `#[proto(3)]`.
    Number(LitInt),
    /// A bare word: `required`, `sint64`, `unknown`.
    Flag(Ident),
    /// `key = literal`: `packed = false`, `map = "string, int32"`.
    Value(Ident, Lit),
}

impl Parse for Arg {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        if input.peek(LitInt) {
            return Ok(Arg::Number(input.parse()?));
        }
        let ident: Ident = input.parse()?;
        if input.peek(Token![=]) {
            input.parse::<Token![=]>()?;
            Ok(Arg::Value(ident, input.parse()?))
        } else {
            Ok(Arg::Flag(ident))
        }
    }
}

/// Every argument of every `#[proto]` attribute in `attrs`; malformed ones are
/// reported and skipped.
pub fn proto_args(cx: &mut Ctxt, attrs: &[Attribute]) -> Vec<Arg> {
    let mut args = Vec::new();
    for attr in attrs.iter().filter(|a| a.path().is_ident("proto")) {
        match attr.parse_args_with(Punctuated::<Arg, Token![,]>::parse_terminated) {
            Ok(parsed) => args.extend(parsed),
            Err(error) => cx.syn_error(error),
        }
    }
    args
}

/// Whether any `#[proto]` attribute is present.
pub fn has_proto_attr(attrs: &[Attribute]) -> bool {
    attrs.iter().any(|a| a.path().is_ident("proto"))
}

/// The string value of `key = "..."`, or an error.
pub fn lit_str(cx: &mut Ctxt, key: &Ident, lit: &Lit) -> Option<(String, Span)> {
    match lit {
        Lit::Str(s) => Some((s.value(), s.span())),
        other => {
            cx.error(other, format_args!("`{key}` takes a string, as in {key} = \"...\""));
            None
        }
    }
}

/// The boolean value of `key = true|false`, or an error.
pub fn lit_bool(cx: &mut Ctxt, key: &Ident, lit: &Lit) -> Option<bool> {
    match lit {
        Lit::Bool(b) => Some(b.value),
        other => {
            cx.error(other, format_args!("`{key}` takes true or false"));
            None
        }
    }
}
