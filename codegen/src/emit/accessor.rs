//! Accessors (prost style): typed getters and setters for enum fields, and
//! getters that apply the default for scalar fields with presence.

use std::collections::HashMap;

use proc_macro2::{Literal, TokenStream};
use quote::{ToTokens, quote};

use super::field::{Field, FieldType, Scalar, Shape, path_tokens};
use super::{Ctx, enumeration};
use crate::error::{Error, ErrorKind};
use crate::ident::to_ident;
use crate::index::Def;

/// Method names that an inherent method must not take: they would shadow
/// the methods of `Message`, `DynMessage` or the derived std traits.
const RESERVED: &[&str] = &[
    "full_name",
    "message_type",
    "encoded_len",
    "encode",
    "encode_partial",
    "encode_to_vec",
    "encode_partial_to_vec",
    "encode_length_delimited",
    "encode_length_delimited_to_vec",
    "decode",
    "decode_partial",
    "decode_with_options",
    "decode_length_delimited",
    "merge",
    "merge_partial",
    "merge_length_delimited",
    "clear",
    "check_initialized",
    "merge_slice",
    "encode_dyn",
    "downcast_ref",
    "downcast_mut",
    "clone",
    "clone_from",
    "eq",
    "ne",
    "fmt",
    "default",
    "hash",
    "into",
    "from",
    "try_into",
    "try_from",
    "to_owned",
    "type_id",
    "borrow",
    "borrow_mut",
];

/// One generated method.
pub(super) struct Method {
    name: String,
    tokens: TokenStream,
}

/// The accessors of `field` (none for most fields).
pub(super) fn accessors(ctx: &Ctx<'_>, field: &Field<'_>) -> Result<Vec<Method>, Error> {
    let optional = match field.shape {
        Shape::Implicit => false,
        Shape::Optional | Shape::Required => true,
        _ => return Ok(Vec::new()),
    };
    let ident = to_ident(&field.ident);
    let getter_doc = format!(" `{}`, or its default if unset.", field.desc.name());
    let mut methods = Vec::new();
    match &field.ty {
        FieldType::Enum { path, fq } => {
            let ty = path_tokens(path);
            let default = match &field.desc.default_value {
                Some(name) => {
                    let variant = enum_value_path(ctx, path, fq, name)?;
                    quote!(unwrap_or(#variant))
                }
                None => quote!(unwrap_or_default()),
            };
            let get = if optional {
                quote!(self.#ident.and_then(<#ty as ::protowire::Enumeration>::from_i32).#default)
            } else {
                quote!(<#ty as ::protowire::Enumeration>::from_i32(self.#ident).#default)
            };
            let doc = format!(
                " `{}` as `{}`, or the default if it is unset or not a known value.",
                field.desc.name(),
                path.rsplit("::").next().unwrap_or(path)
            );
            methods.push(Method {
                name: field.ident.clone(),
                tokens: quote! {
                    #[doc = #doc]
                    pub fn #ident(&self) -> #ty { #get }
                },
            });
            let setter = field.setter_name();
            let set_ident = to_ident(&setter);
            let value =
                if optional { quote!(::core::option::Option::Some(value as i32)) } else { quote!(value as i32) };
            let doc = format!(" Sets `{}` to `value`.", field.desc.name());
            methods.push(Method {
                name: setter,
                tokens: quote! {
                    #[doc = #doc]
                    pub fn #set_ident(&mut self, value: #ty) { self.#ident = #value; }
                },
            });
        }
        FieldType::Scalar(scalar) if optional => {
            let (ret, body) = scalar_getter(*scalar, field)?;
            methods.push(Method {
                name: field.ident.clone(),
                tokens: quote! {
                    #[doc = #getter_doc]
                    pub fn #ident(&self) -> #ret { #body }
                },
            });
        }
        _ => {}
    }
    Ok(methods)
}

/// The `impl` block holding `methods`, without those whose names clash with
/// each other or with trait methods.
pub(super) fn impl_block(ty: &TokenStream, methods: Vec<Method>) -> TokenStream {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for m in &methods {
        *counts.entry(m.name.as_str()).or_default() += 1;
    }
    let keep: Vec<&TokenStream> = methods
        .iter()
        .filter(|m| counts[m.name.as_str()] == 1 && !RESERVED.contains(&m.name.as_str()))
        .map(|m| &m.tokens)
        .collect();
    if keep.is_empty() {
        return TokenStream::new();
    }
    quote! {
        impl #ty {
            #(#keep)*
        }
    }
}

/// Return type and body of the getter of an optional scalar.
fn scalar_getter(scalar: Scalar, field: &Field<'_>) -> Result<(TokenStream, TokenStream), Error> {
    let ident = to_ident(&field.ident);
    let default = field.desc.default_value.as_deref();
    Ok(match scalar {
        Scalar::String if field.zero_copy.unchecked => {
            let lit = Literal::byte_string(default.unwrap_or("").as_bytes());
            (quote!(&[u8]), quote!(self.#ident.as_deref().unwrap_or(&#lit[..])))
        }
        Scalar::String => {
            let lit = default.unwrap_or("");
            (quote!(&str), quote!(self.#ident.as_deref().unwrap_or(#lit)))
        }
        Scalar::Bytes => {
            let bytes = match default {
                Some(text) => unescape_bytes(text).ok_or_else(|| bad_default(field, text))?,
                None => Vec::new(),
            };
            let lit = Literal::byte_string(&bytes);
            (quote!(&[u8]), quote!(self.#ident.as_deref().unwrap_or(&#lit[..])))
        }
        _ => {
            let ret = scalar.rust_type(super::field::ZeroCopy::default());
            let body = match default {
                Some(text) => {
                    let value = scalar_default(scalar, text).ok_or_else(|| bad_default(field, text))?;
                    quote!(self.#ident.unwrap_or(#value))
                }
                None => quote!(self.#ident.unwrap_or_default()),
            };
            (ret, body)
        }
    })
}

/// The expression for the default value `text` (descriptor syntax) of a
/// numeric or bool field.
fn scalar_default(scalar: Scalar, text: &str) -> Option<TokenStream> {
    Some(match scalar {
        Scalar::Int32 | Scalar::Sint32 | Scalar::Sfixed32 => match text.parse::<i32>().ok()? {
            i32::MIN => quote!(::core::primitive::i32::MIN),
            v => signed(v < 0, Literal::i32_suffixed(v.abs())),
        },
        Scalar::Int64 | Scalar::Sint64 | Scalar::Sfixed64 => match text.parse::<i64>().ok()? {
            i64::MIN => quote!(::core::primitive::i64::MIN),
            v => signed(v < 0, Literal::i64_suffixed(v.abs())),
        },
        Scalar::Uint32 | Scalar::Fixed32 => Literal::u32_suffixed(text.parse().ok()?).into_token_stream(),
        Scalar::Uint64 | Scalar::Fixed64 => Literal::u64_suffixed(text.parse().ok()?).into_token_stream(),
        Scalar::Bool => match text {
            "true" => quote!(true),
            "false" => quote!(false),
            _ => return None,
        },
        Scalar::Float => {
            let v: f32 = parse_float(text)?;
            match special_float(v.is_nan(), v.is_infinite(), v.is_sign_negative(), quote!(f32)) {
                Some(tokens) => tokens,
                None => signed(v.is_sign_negative(), Literal::f32_suffixed(v.abs())),
            }
        }
        Scalar::Double => {
            let v: f64 = parse_float(text)?;
            match special_float(v.is_nan(), v.is_infinite(), v.is_sign_negative(), quote!(f64)) {
                Some(tokens) => tokens,
                None => signed(v.is_sign_negative(), Literal::f64_suffixed(v.abs())),
            }
        }
        Scalar::String | Scalar::Bytes => return None,
    })
}

fn signed(negative: bool, abs: Literal) -> TokenStream {
    if negative { quote!(-#abs) } else { abs.into_token_stream() }
}

/// A float in protobuf default syntax: Rust's, plus `inf` and `nan`.
pub(super) fn parse_float<T: std::str::FromStr>(text: &str) -> Option<T> {
    let text = text.trim();
    match text.to_ascii_lowercase().as_str() {
        "inf" | "+inf" | "infinity" => "inf".parse().ok(),
        "-inf" | "-infinity" => "-inf".parse().ok(),
        "nan" | "-nan" => "NaN".parse().ok(),
        _ => text.parse().ok(),
    }
}

/// `NAN`, `INFINITY` or `NEG_INFINITY` of primitive `ty`, for such values.
fn special_float(nan: bool, infinite: bool, negative: bool, ty: TokenStream) -> Option<TokenStream> {
    if nan {
        Some(quote!(::core::primitive::#ty::NAN))
    } else if infinite && negative {
        Some(quote!(::core::primitive::#ty::NEG_INFINITY))
    } else if infinite {
        Some(quote!(::core::primitive::#ty::INFINITY))
    } else {
        None
    }
}

/// The bytes of a C-escaped string, as descriptors hold bytes defaults.
fn unescape_bytes(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len());
    let mut bytes = text.bytes().peekable();
    while let Some(b) = bytes.next() {
        if b != b'\\' {
            out.push(b);
            continue;
        }
        let c = bytes.next()?;
        out.push(match c {
            b'n' => b'\n',
            b'r' => b'\r',
            b't' => b'\t',
            b'a' => 0x07,
            b'b' => 0x08,
            b'f' => 0x0c,
            b'v' => 0x0b,
            b'\\' | b'\'' | b'"' | b'?' => c,
            b'0'..=b'7' => {
                let mut v = u32::from(c - b'0');
                for _ in 0..2 {
                    match bytes.peek() {
                        Some(d @ b'0'..=b'7') => {
                            v = v * 8 + u32::from(d - b'0');
                            bytes.next();
                        }
                        _ => break,
                    }
                }
                u8::try_from(v).ok()?
            }
            b'x' | b'X' => {
                let mut v = 0u32;
                let mut digits = 0;
                while let Some(d) = bytes.peek().and_then(|d| char::from(*d).to_digit(16)) {
                    if digits == 2 {
                        break;
                    }
                    v = v * 16 + d;
                    digits += 1;
                    bytes.next();
                }
                if digits == 0 {
                    return None;
                }
                u8::try_from(v).ok()?
            }
            _ => return None,
        });
    }
    Some(out)
}

/// The path of the variant of enum `fq` (at Rust path `path`) whose
/// protobuf name is `value`.
fn enum_value_path(ctx: &Ctx<'_>, path: &str, fq: &str, value: &str) -> Result<TokenStream, Error> {
    let Def::Enum(en) = ctx.index.get(fq)?.def else {
        return Err(Error::new(ErrorKind::Descriptor, format!("`{fq}` is not an enum")));
    };
    let variants = enumeration::variants(en, fq, None)?;
    let number = en
        .value
        .iter()
        .find(|v| v.name() == value)
        .map(|v| v.number())
        .ok_or_else(|| Error::new(ErrorKind::Descriptor, format!("enum `{}` has no value `{value}`", &fq[1..])))?;
    let variant = variants
        .variants
        .iter()
        .find(|v| v.number == number)
        .map(|v| to_ident(&v.ident))
        .ok_or_else(|| Error::new(ErrorKind::Descriptor, format!("enum `{}` has no value `{value}`", &fq[1..])))?;
    let ty = path_tokens(path);
    Ok(quote!(#ty::#variant))
}

fn bad_default(field: &Field<'_>, text: &str) -> Error {
    Error::new(ErrorKind::Descriptor, format!("field `{}` has an invalid default value `{text}`", &field.fq[1..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn c_unescape() {
        assert_eq!(unescape_bytes("joshua").unwrap(), b"joshua");
        assert_eq!(unescape_bytes(r"\000\001\x7f\\\'\n").unwrap(), b"\0\x01\x7f\\'\n");
        assert_eq!(unescape_bytes(r"\3771").unwrap(), b"\xff1");
        assert!(unescape_bytes(r"\400").is_none());
        assert!(unescape_bytes("\\").is_none());
    }

    #[test]
    fn defaults() {
        let s = |sc, t| scalar_default(sc, t).unwrap().to_string();
        assert_eq!(s(Scalar::Int32, "-123456789"), "- 123456789i32");
        assert_eq!(s(Scalar::Int32, "-2147483648"), ":: core :: primitive :: i32 :: MIN");
        assert_eq!(s(Scalar::Uint64, "10123456789123456789"), "10123456789123456789u64");
        assert_eq!(s(Scalar::Float, "-inf"), ":: core :: primitive :: f32 :: NEG_INFINITY");
        assert_eq!(s(Scalar::Double, "nan"), ":: core :: primitive :: f64 :: NAN");
        assert_eq!(s(Scalar::Double, "7e22"), "70000000000000000000000f64");
        assert!(scalar_default(Scalar::Int32, "x").is_none());
        assert!(scalar_default(Scalar::Bool, "1").is_none());
    }
}
