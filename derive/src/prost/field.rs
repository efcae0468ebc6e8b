//! One struct field or oneof variant of a prost-annotated type, mapped onto
//! protowire's model (`ast::FieldArgs` → `model::field_model`), plus what
//! prost's derive emits beyond the table: the value `Default` gives the
//! field, and the accessors (`optional` scalar getters, enum getters and
//! setters, enum map getters and inserters).

use proc_macro2::{Literal, Span, TokenStream};
use quote::{ToTokens, format_ident, quote};
use syn::ext::IdentExt;
use syn::{Ident, Lit, Type};

use super::attr::{Kind, Label, ProstArgs};
use crate::ast::{FieldArgs, KindSpec, Scalar, Shape};
use crate::ctxt::Ctxt;
use crate::model::{self, FieldModel};
use crate::ty;

/// A struct field read from its `#[prost]` attributes: its protowire model
/// and what the extra impls need.
pub struct Plan {
    pub ident: Ident,
    shape: Layout,
    kind: Kind,
    default: Option<Lit>,
    ty: Type,
}

/// The field's Rust shape, as the model read it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Layout {
    Plain,
    Option,
    Repeated,
    Map,
}

/// The protowire kind of a prost value kind (not `map` or `oneof`).
pub fn kind_spec(kind: &Kind) -> Option<KindSpec> {
    Some(match kind {
        Kind::Scalar(s) => KindSpec::Scalar(*s),
        Kind::Enumeration(path) => KindSpec::Enum(path.clone()),
        Kind::String => KindSpec::String,
        Kind::Bytes(_) => KindSpec::Bytes,
        Kind::Message => KindSpec::Message,
        Kind::Group => KindSpec::Group,
        Kind::Map(_) | Kind::Oneof => return None,
    })
}

/// Reads one (non-oneof) struct field with tag `number`.
pub fn plan(
    cx: &mut Ctxt,
    ident: Ident,
    ty: &Type,
    args: ProstArgs,
    number: (u32, Span),
) -> Option<(FieldModel, Plan)> {
    let (kind, kind_span) = args.kind?;
    let mut field_args = FieldArgs { number: Some(number), packed: args.packed, ..FieldArgs::default() };
    match &kind {
        // prost writes `enumeration(Path)` or `enumeration<Path>`; the model reads the former.
        Kind::Map(text) => field_args.map = Some((text.replace('<', "(").replace('>', ")"), kind_span)),
        other => field_args.kind = kind_spec(other).map(|spec| (spec, kind_span)),
    }
    let label = args.label.map(|(label, _)| label);
    if let Some((Label::Required, span)) = args.label {
        field_args.required = Some(span);
    }
    if let Some((lit, _)) = &args.default {
        field_args.default = reflection_default(&kind, lit);
    }
    if let Some(span) = args.boxed
        && ty::unwrap(ty::unwrap(ty, "Option").unwrap_or(ty), "Box").is_none()
    {
        cx.syn_error(syn::Error::new(span, "`boxed` needs a `Box<T>` (or `Option<Box<T>>`) field"));
    }
    if let Kind::Bytes(true) = kind {
        let element = ty::unwrap(ty, "Option").or_else(|| ty::unwrap(ty, "Vec")).unwrap_or(ty);
        if ty::name(element).is_none_or(|n| n != "Bytes") {
            cx.error(ty, "bytes = \"bytes\" needs a `bytes::Bytes` field");
        }
    }
    let model = model::field_model(cx, ident, ty, field_args)?;
    check_label(cx, &kind, label, &model.shape, ty);
    if let (Some((lit, span)), true) = (&args.default, matches!(model.shape, Shape::Plain | Shape::Option)) {
        // Reported now rather than when the impls are emitted.
        if default_values(&kind, Some(lit)).is_none() {
            cx.syn_error(syn::Error::new(*span, "this default value does not fit the field's type"));
        }
    }
    let shape = match model.shape {
        Shape::Plain => Layout::Plain,
        Shape::Option => Layout::Option,
        Shape::Repeated { .. } => Layout::Repeated,
        Shape::Map { .. } => Layout::Map,
    };
    let plan =
        Plan { ident: model.ident.clone(), shape, kind, default: args.default.map(|(lit, _)| lit), ty: ty.clone() };
    Some((model, plan))
}

/// prost's labels against the field's Rust shape: `repeated` is a `Vec`,
/// `optional` on a scalar an `Option`, and a scalar without a label is
/// neither.
fn check_label(cx: &mut Ctxt, kind: &Kind, label: Option<Label>, shape: &Shape, ty: &Type) {
    let message = matches!(kind, Kind::Message | Kind::Group);
    let problem = match (label, shape) {
        (_, Shape::Map { .. }) => None,
        (Some(Label::Repeated), Shape::Repeated { .. }) => None,
        (Some(Label::Repeated), _) => Some("a `repeated` field must be a `Vec`"),
        (_, Shape::Repeated { .. }) => Some("a `Vec` field needs the `repeated` label"),
        _ if message => None,
        (Some(Label::Optional), Shape::Option) | (None | Some(Label::Required), Shape::Plain) => None,
        (Some(Label::Optional), _) => Some("an `optional` scalar field must be an `Option`"),
        (_, _) => Some("an `Option` scalar field needs the `optional` label"),
    };
    if let Some(problem) = problem {
        cx.error(ty, problem);
    }
}

/// The default as protobuf text, kept in the table for reflection (numbers,
/// bools and strings; bytes and enum defaults are written in Rust syntax by
/// prost-build, so they are left out).
fn reflection_default(kind: &Kind, lit: &Lit) -> Option<String> {
    match (kind, lit) {
        (Kind::Scalar(_) | Kind::String, Lit::Str(s)) => Some(s.value()),
        (Kind::Scalar(_), Lit::Int(i)) => Some(i.base10_digits().to_string()),
        (Kind::Scalar(_), Lit::Float(f)) => Some(f.base10_digits().to_string()),
        (Kind::Scalar(_), Lit::Bool(b)) => Some(b.value.to_string()),
        _ => None,
    }
}

/// The text of a literal default: a string's value, a number's digits.
fn lit_text(lit: &Lit) -> Option<String> {
    match lit {
        Lit::Str(s) => Some(s.value().trim().to_string()),
        Lit::Int(i) => Some(i.base10_digits().to_string()),
        Lit::Float(f) => Some(f.base10_digits().to_string()),
        Lit::Bool(b) => Some(b.value.to_string()),
        _ => None,
    }
}

/// A numeric literal of the scalar's Rust type, negative ones as `-lit`.
fn number(scalar: Scalar, text: &str) -> Option<TokenStream> {
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let rust = scalar.rust_type();
    if rust == "bool" {
        let value: bool = text.parse().ok()?;
        return Some(quote!(#value));
    }
    if rust == "f32" || rust == "f64" {
        let special = match digits {
            "inf" => Some("INFINITY"),
            "nan" => Some("NAN"),
            _ => None,
        };
        let rust_ident = format_ident!("{rust}");
        let magnitude = match special {
            Some(name) => {
                let name = format_ident!("{name}");
                quote!(::core::#rust_ident::#name)
            }
            None => {
                let value: f64 = digits.parse().ok().filter(|v: &f64| v.is_finite())?;
                if rust == "f32" {
                    Literal::f32_suffixed(value as f32).into_token_stream()
                } else {
                    Literal::f64_suffixed(value).into_token_stream()
                }
            }
        };
        return Some(if negative { quote!(-#magnitude) } else { magnitude });
    }
    let magnitude: u128 = digits.parse().ok()?;
    let signed = if negative { -(magnitude as i128) } else { magnitude as i128 };
    let fits = match rust {
        "i32" => i32::try_from(signed).is_ok(),
        "i64" => i64::try_from(signed).is_ok(),
        "u32" => u32::try_from(signed).is_ok(),
        _ => u64::try_from(signed).is_ok(),
    };
    if !fits {
        return None;
    }
    let lit: Literal = format!("{magnitude}{rust}").parse().ok()?;
    Some(if negative { quote!(-#lit) } else { quote!(#lit) })
}

/// The field's default, as the stored value (`Default`) and as what its
/// getter returns (`&str`, `&[u8]`, the enum), for scalar, string, bytes
/// and enum kinds; `None` if the literal does not fit the kind.
fn default_values(kind: &Kind, lit: Option<&Lit>) -> Option<(TokenStream, TokenStream)> {
    let default = quote!(::core::default::Default::default());
    let Some(lit) = lit else {
        return Some(match kind {
            Kind::Enumeration(path) => (quote!(#path::default() as i32), quote!(#path::default())),
            Kind::String => (default, quote!("")),
            Kind::Bytes(_) => (default, quote!(&[])),
            _ => (default.clone(), default),
        });
    };
    match kind {
        Kind::Scalar(scalar) => {
            let value = number(*scalar, &lit_text(lit)?)?;
            Some((value.clone(), value))
        }
        Kind::String => {
            let text = match lit {
                Lit::Str(s) => s.value(),
                _ => return None,
            };
            Some((quote!(::core::convert::Into::into(#text)), quote!(#text)))
        }
        Kind::Bytes(_) => {
            let bytes = match lit {
                Lit::ByteStr(b) => b.value(),
                Lit::Str(s) => {
                    let text = s.value();
                    match syn::parse_str::<Lit>(&text) {
                        Ok(Lit::ByteStr(b)) if text.starts_with('b') => b.value(),
                        _ => text.into_bytes(),
                    }
                }
                _ => return None,
            };
            let lit = syn::LitByteStr::new(&bytes, Span::call_site());
            Some((quote!(::core::convert::Into::into(&#lit[..])), quote!(&#lit[..])))
        }
        Kind::Enumeration(path) => {
            let variant = syn::parse_str::<Ident>(&lit_text(lit)?).ok()?;
            Some((quote!(#path::#variant as i32), quote!(#path::#variant)))
        }
        _ => None,
    }
}

impl Plan {
    /// The field's value in the `Default` impl.
    pub fn default_value(&self) -> TokenStream {
        let fallback = quote!(::core::default::Default::default());
        match (self.shape, &self.kind) {
            (Layout::Plain, Kind::Scalar(_) | Kind::String | Kind::Bytes(_) | Kind::Enumeration(_)) => {
                default_values(&self.kind, self.default.as_ref()).map_or(fallback, |(owned, _)| owned)
            }
            _ => fallback,
        }
    }

    /// The accessors prost's derive adds for this field, if any.
    pub fn methods(&self) -> Option<TokenStream> {
        let ident = &self.ident;
        let name = ident.unraw().to_string();
        let (_, getter_default) = default_values(&self.kind, self.default.as_ref())?;
        let try_from = |value: TokenStream, path: &syn::Path| {
            quote!({
                let result: ::core::result::Result<#path, _> = ::core::convert::TryFrom::try_from(#value);
                result.ok()
            })
        };
        match (&self.kind, self.shape) {
            (Kind::Enumeration(path), shape) => {
                let set = format_ident!("set_{name}");
                let set_doc = format!("Sets `{name}` to the provided enum value.");
                Some(match shape {
                    Layout::Plain => {
                        let doc = format!(
                            "Returns the enum value of `{name}`, or the default if the field is set to an invalid enum value."
                        );
                        let value = try_from(quote!(self.#ident), path);
                        quote! {
                            #[doc = #doc]
                            pub fn #ident(&self) -> #path {
                                #value.unwrap_or(#getter_default)
                            }
                            #[doc = #set_doc]
                            pub fn #set(&mut self, value: #path) {
                                self.#ident = value as i32;
                            }
                        }
                    }
                    Layout::Option => {
                        let doc = format!(
                            "Returns the enum value of `{name}`, or the default if the field is unset or set to an invalid enum value."
                        );
                        let value = try_from(quote!(x), path);
                        quote! {
                            #[doc = #doc]
                            pub fn #ident(&self) -> #path {
                                self.#ident.and_then(|x| #value).unwrap_or(#getter_default)
                            }
                            #[doc = #set_doc]
                            pub fn #set(&mut self, value: #path) {
                                self.#ident = ::core::option::Option::Some(value as i32);
                            }
                        }
                    }
                    Layout::Repeated => {
                        let push = format_ident!("push_{name}");
                        let doc =
                            format!("Returns an iterator which yields the valid enum values contained in `{name}`.");
                        let push_doc = format!("Appends the provided enum value to `{name}`.");
                        let value = try_from(quote!(x), path);
                        quote! {
                            #[doc = #doc]
                            pub fn #ident(&self) -> ::core::iter::FilterMap<
                                ::core::iter::Cloned<::core::slice::Iter<'_, i32>>,
                                fn(i32) -> ::core::option::Option<#path>,
                            > {
                                self.#ident.iter().cloned().filter_map(|x| #value)
                            }
                            #[doc = #push_doc]
                            pub fn #push(&mut self, value: #path) {
                                self.#ident.push(value as i32);
                            }
                        }
                    }
                    Layout::Map => return None,
                })
            }
            (Kind::Map(text), Layout::Map) => {
                let value_text = text.split_once(',')?.1.trim();
                let path = value_text
                    .strip_prefix("enumeration")
                    .map(|rest| rest.trim().trim_start_matches(['(', '<']).trim_end_matches([')', '>']).trim())
                    .and_then(|p| syn::parse_str::<syn::Path>(p).ok())?;
                let (_, key_ty, _) = ty::map_args(&self.ty)?;
                let string_key = ty::name(key_ty).is_some_and(|n| n == "String");
                let (key_ref, take_ref) =
                    if string_key { (quote!(&str), quote!()) } else { (quote!(#key_ty), quote!(&)) };
                let get = format_ident!("get_{name}");
                let insert = format_ident!("insert_{name}");
                let get_doc = format!(
                    "Returns the enum value for the corresponding key in `{name}`, or `None` if the entry does not exist or it is not a valid enum value."
                );
                let insert_doc = format!("Inserts a key value pair into `{name}`.");
                let value = try_from(quote!(x), &path);
                Some(quote! {
                    #[doc = #get_doc]
                    pub fn #get(&self, key: #key_ref) -> ::core::option::Option<#path> {
                        self.#ident.get(#take_ref key).cloned().and_then(|x| #value)
                    }
                    #[doc = #insert_doc]
                    pub fn #insert(&mut self, key: #key_ty, value: #path) -> ::core::option::Option<#path> {
                        self.#ident.insert(key, value as i32).and_then(|x| #value)
                    }
                })
            }
            (Kind::Scalar(_) | Kind::String | Kind::Bytes(_), Layout::Option) => {
                let (ty, some) = match &self.kind {
                    Kind::Scalar(s) => {
                        let ty = format_ident!("{}", s.rust_type());
                        (quote!(#ty), quote!(::core::option::Option::Some(value) => value))
                    }
                    Kind::String => (quote!(&str), quote!(::core::option::Option::Some(ref value) => &value[..])),
                    _ => (quote!(&[u8]), quote!(::core::option::Option::Some(ref value) => &value[..])),
                };
                let doc = format!("Returns the value of `{name}`, or the default value if `{name}` is unset.");
                Some(quote! {
                    #[doc = #doc]
                    pub fn #ident(&self) -> #ty {
                        match self.#ident {
                            #some,
                            ::core::option::Option::None => #getter_default,
                        }
                    }
                })
            }
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Kind, default_values};
    use crate::ast::Scalar;

    /// The stored default for `lit` (Rust literal syntax), as tokens text.
    fn owned(kind: Kind, lit: &str) -> Option<String> {
        let lit = syn::parse_str::<syn::Lit>(lit).expect("a literal");
        default_values(&kind, Some(&lit)).map(|(owned, _)| owned.to_string())
    }

    #[test]
    fn integer_defaults_in_range_of_their_type() {
        assert_eq!(owned(Kind::Scalar(Scalar::Int32), r#""-2147483648""#).as_deref(), Some("- 2147483648i32"));
        assert_eq!(owned(Kind::Scalar(Scalar::Int32), r#""2147483648""#), None);
        assert_eq!(
            owned(Kind::Scalar(Scalar::Fixed64), "18446744073709551615").as_deref(),
            Some("18446744073709551615u64")
        );
        assert_eq!(owned(Kind::Scalar(Scalar::UInt32), r#""-1""#), None);
        assert_eq!(owned(Kind::Scalar(Scalar::Bool), r#""true""#).as_deref(), Some("true"));
    }

    #[test]
    fn float_defaults_with_specials() {
        assert_eq!(owned(Kind::Scalar(Scalar::Double), r#""-inf""#).as_deref(), Some("- :: core :: f64 :: INFINITY"));
        assert_eq!(owned(Kind::Scalar(Scalar::Float), r#""nan""#).as_deref(), Some(":: core :: f32 :: NAN"));
        assert_eq!(owned(Kind::Scalar(Scalar::Float), r#""9e+09""#).as_deref(), Some("9000000000f32"));
        assert_eq!(owned(Kind::Scalar(Scalar::Double), r#""lots""#), None);
    }

    #[test]
    fn string_bytes_and_enum_defaults() {
        assert!(owned(Kind::String, r#""Rosebud""#).is_some_and(|t| t.contains("\"Rosebud\"")));
        assert!(owned(Kind::Bytes(false), r#""b\"a\\x00\"""#).is_some_and(|t| t.contains(r#"b"a\0""#)));
        let path: syn::Path = syn::parse_str("Kind").expect("a path");
        assert_eq!(owned(Kind::Enumeration(path.clone()), r#""Express""#).as_deref(), Some("Kind :: Express as i32"));
        assert_eq!(owned(Kind::Enumeration(path), r#""not valid!""#), None);
    }
}
