//! Naming: protobuf names to Rust identifiers, keyword escaping, enum
//! prefix stripping, and the default JSON name.
//!
//! Every function here returns the identifier as text, possibly with a
//! `r#` prefix; [`to_ident`] turns that text into a token.

use heck::{ToShoutySnakeCase, ToSnakeCase, ToUpperCamelCase};
use proc_macro2::{Ident, Span};

/// Keywords that are escaped with `r#` (strict and reserved, all editions up
/// to 2024).
const RAW_KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "do", "dyn", "else", "enum",
    "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "macro", "match", "mod", "move",
    "mut", "override", "priv", "pub", "ref", "return", "static", "struct", "trait", "true", "try", "type", "typeof",
    "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers: they get a trailing `_`.
const NON_RAW_KEYWORDS: &[&str] = &["self", "Self", "super", "crate", "_"];

/// Makes `name` a usable identifier: escapes keywords, and repairs names that
/// case conversion left empty or starting with a digit.
pub(crate) fn sanitize(name: String, original: &str) -> String {
    let name = if name.is_empty() {
        // Case conversion drops underscores: `_` and `__` become "".
        format!("{original}_")
    } else if name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("_{name}")
    } else {
        name
    };
    if NON_RAW_KEYWORDS.contains(&name.as_str()) {
        format!("{name}_")
    } else if RAW_KEYWORDS.contains(&name.as_str()) {
        format!("r#{name}")
    } else {
        name
    }
}

/// `snake_case`, escaped: field names, module names, package segments.
pub(crate) fn to_snake(name: &str) -> String {
    sanitize(name.to_snake_case(), name)
}

/// `UpperCamelCase`, escaped: message, enum, oneof and variant names.
pub(crate) fn to_upper_camel(name: &str) -> String {
    sanitize(name.to_upper_camel_case(), name)
}

/// `SHOUTY_SNAKE_CASE`, escaped: enum alias constants.
pub(crate) fn to_shouty_snake(name: &str) -> String {
    sanitize(name.to_shouty_snake_case(), name)
}

/// The text of an identifier without its `r#` prefix.
pub(crate) fn unraw(ident: &str) -> &str {
    ident.strip_prefix("r#").unwrap_or(ident)
}

/// An identifier token from text produced by this module.
pub(crate) fn to_ident(ident: &str) -> Ident {
    match ident.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(ident, Span::call_site()),
    }
}

/// A variant name for enum value `value` of enum `enum_name`, with the enum's
/// name stripped as a prefix (prost's rule): `STATUS_PAID` in `Status` is
/// `Paid`. `strip` false keeps the whole value name.
pub(crate) fn enum_variant(enum_name: &str, value: &str, strip: bool) -> String {
    let camel = value.to_upper_camel_case();
    if strip {
        let prefix = enum_name.to_upper_camel_case();
        if let Some(rest) = camel.strip_prefix(prefix.as_str()) {
            // "Foo" is no prefix of "Foobar"; "Foo1" must not become "1".
            if rest.starts_with(|c: char| c.is_ascii_uppercase()) {
                return sanitize(rest.to_owned(), value);
            }
        }
    }
    sanitize(camel, value)
}

/// The JSON name protoc computes when a descriptor lacks one: underscores
/// removed, each letter after one upper-cased.
pub(crate) fn default_json_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut upper_next = false;
    for c in name.chars() {
        if c == '_' {
            upper_next = true;
        } else if upper_next {
            out.push(c.to_ascii_uppercase());
            upper_next = false;
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keywords() {
        assert_eq!(to_snake("type"), "r#type");
        assert_eq!(to_snake("self"), "self_");
        assert_eq!(to_snake("super"), "super_");
        assert_eq!(to_snake("crate"), "crate_");
        assert_eq!(to_upper_camel("self"), "Self_");
        assert_eq!(to_snake("async"), "r#async");
        assert_eq!(to_snake("gen"), "r#gen");
        assert_eq!(to_snake("normal"), "normal");
    }

    #[test]
    fn odd_names() {
        assert_eq!(to_snake("_"), "__");
        assert_eq!(to_snake("__"), "___");
        assert_eq!(to_snake("_1abc"), "_1abc");
        assert_eq!(to_upper_camel("_1"), "_1");
        assert_eq!(to_snake("fieldName7"), "field_name7");
        assert_eq!(to_snake("__Field_name14"), "field_name14");
        assert_eq!(to_upper_camel("foo_bar"), "FooBar");
        for s in ["_", "__", "_1abc", "type", "self", "x9"] {
            let _ = to_ident(&to_snake(s));
            let _ = to_ident(&to_upper_camel(s));
        }
    }

    #[test]
    fn enum_prefix() {
        assert_eq!(enum_variant("Status", "STATUS_PAID", true), "Paid");
        assert_eq!(enum_variant("Status", "STATUSPAID", true), "Statuspaid");
        assert_eq!(enum_variant("Foo", "FOO_1", true), "Foo1");
        assert_eq!(enum_variant("Foo", "FOO_BAR", false), "FooBar");
        assert_eq!(enum_variant("Foo", "FOO_SELF", true), "Self_");
        assert_eq!(enum_variant("Foo", "BAR", true), "Bar");
    }

    #[test]
    fn json_names() {
        assert_eq!(default_json_name("foo_bar"), "fooBar");
        assert_eq!(default_json_name("_field_name3"), "FieldName3");
        assert_eq!(default_json_name("field__name4_"), "fieldName4");
        assert_eq!(default_json_name("FIELD_name12"), "FIELDName12");
    }
}
