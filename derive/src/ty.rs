//! Looking at Rust types: which wrapper (`Option`, `Vec`, `Box`, a map) and
//! which element. Wrappers are recognised by their last path segment, so
//! fully qualified paths (`::core::option::Option<T>`) work too.

use syn::{GenericArgument, PathArguments, Type};

/// The last segment's name and its type arguments, for a path type.
fn last_segment(ty: &Type) -> Option<(String, Vec<&Type>)> {
    let ty = strip_groups(ty);
    let Type::Path(path) = ty else { return None };
    if path.qself.is_some() {
        return None;
    }
    let segment = path.path.segments.last()?;
    let args = match &segment.arguments {
        PathArguments::AngleBracketed(args) => args
            .args
            .iter()
            .filter_map(|arg| match arg {
                GenericArgument::Type(t) => Some(strip_groups(t)),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    };
    Some((segment.ident.to_string(), args))
}

/// The last path segment's name (`u64`, `String`, `Order`), if a path type.
pub fn name(ty: &Type) -> Option<String> {
    last_segment(ty).map(|(name, _)| name)
}

/// `T` if `ty` is `wrapper<T>` (`Option`, `Vec`, `Box`).
pub fn unwrap<'a>(ty: &'a Type, wrapper: &str) -> Option<&'a Type> {
    match last_segment(ty)? {
        (name, args) if name == wrapper && args.len() == 1 => Some(args[0]),
        _ => None,
    }
}

/// `(is_btree, K, V)` if `ty` is a `HashMap<K, V, ..>` or `BTreeMap<K, V>`.
pub fn map_args(ty: &Type) -> Option<(bool, &Type, &Type)> {
    match last_segment(ty)? {
        (name, args) if (name == "HashMap" || name == "BTreeMap") && args.len() >= 2 => {
            Some((name == "BTreeMap", args[0], args[1]))
        }
        _ => None,
    }
}

/// Whether `ty` is `Vec<u8>` (a `bytes` value, not a repeated field).
pub fn is_byte_vec(ty: &Type) -> bool {
    unwrap(ty, "Vec").and_then(name).is_some_and(|n| n == "u8")
}

/// `ty` without the invisible groups a `macro_rules!` `$t:ty` leaves around
/// it, or parentheses.
pub fn strip_groups(mut ty: &Type) -> &Type {
    loop {
        match ty {
            Type::Group(group) => ty = &group.elem,
            Type::Paren(paren) => ty = &paren.elem,
            _ => return ty,
        }
    }
}
